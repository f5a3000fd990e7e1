package sesame

// DefaultValidityMonths is how long an account stays valid after creation
// or renewal (F-03). Eighteen months matches the review duty of F-10: an
// account nobody renews expires before its review is overdue. The service
// layer may configure another value; this is the default it falls back to.
const DefaultValidityMonths = 18

// ExpiryFrom returns the expiry date of an account created or renewed on
// today: today plus months, same day of month, clamped to the end of a
// shorter month (31/08/2024 + 18 months gives 28/02/2026, never a date in
// March). Renewal always counts from today, not from the old expiry, so
// renewing late never gives more than months of validity.
func ExpiryFrom(today Date, months int) Date {
	return today.AddMonthsClamped(months)
}
