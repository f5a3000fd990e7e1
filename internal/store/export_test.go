package store

// ElideForTest exposes elide to the package's external tests.
var ElideForTest = elide

// StatusRankForTest exposes statusRank, the generator's status_rank.
var StatusRankForTest = statusRank
