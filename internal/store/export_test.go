package store

// ElideForTest exposes elide to the package's external tests.
var ElideForTest = elide
