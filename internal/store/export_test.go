package store

// ElideForTest exposes elide to the package's external tests.
var ElideForTest = elide

// StatusRankForTest exposes statusRank, the generator's status_rank.
var StatusRankForTest = statusRank

// SetBackwardsFromForTest makes ListAccounts consider reading pages from
// the end from offset n on, until the returned function is called.
func SetBackwardsFromForTest(n int) (restore func()) {
	old := backwardsFrom
	backwardsFrom = n
	return func() { backwardsFrom = old }
}
