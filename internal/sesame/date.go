package sesame

import (
	"cmp"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	// Embedded so Europe/Paris resolves on minimal containers that ship no
	// system time-zone database; every expiry decision depends on it.
	_ "time/tzdata"
)

// Paris is the platform's time zone. Expiry dates, "today", the nightly
// expiry run and the 20th-of-the-month reminders are all reckoned in Paris
// time, whatever the server's own zone is.
var Paris = mustLoadLocation("Europe/Paris")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// Cannot happen with time/tzdata embedded; failing loudly at start-up
		// beats silently computing expiries in UTC.
		panic(fmt.Sprintf("sesame: loading time zone %s: %v", name, err))
	}
	return loc
}

// Date is a civil calendar date with no time of day and no zone. Expiry
// dates are dates, not instants: an account valid "until 18/09/2025" is
// valid for the whole of that day in Paris, so storing an instant would
// invite off-by-one errors around midnight and DST changes.
//
// The zero Date means "no date"; it is stored as NULL.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date y-m-d, normalised the way time.Date does it
// (31 April becomes 1 May), so callers may do arithmetic on the fields.
func NewDate(y int, m time.Month, d int) Date {
	// Noon UTC keeps the normalisation away from any zone or DST edge.
	return dateOfFields(time.Date(y, m, d, 12, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar date of t in Paris. Use it to turn the
// clock's "now" into "today": at 23:30 UTC it is already tomorrow in Paris.
func DateOf(t time.Time) Date {
	return dateOfFields(t.In(Paris))
}

// dateOfFields reads the calendar date of t in t's own location.
func dateOfFields(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses the storage and ISO form "2006-01-02" (also what an
// HTML date input sends). It rejects impossible dates such as 2023-02-29.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("sesame: invalid date %q: want YYYY-MM-DD", s)
	}
	return dateOfFields(t), nil
}

// errFrenchDate is worded for the person filling a form, who only ever sees
// dates written JJ/MM/AAAA.
var errFrenchDate = errors.New("Date invalide : saisissez-la au format JJ/MM/AAAA.")

// ParseFrenchDate parses a date typed the French way, "02/01/2006". Day and
// month may have one digit ("2/1/2006") because people type them so; the
// year needs four digits so "02/01/06" is not silently read as year 6. The
// error message is in French, ready for the form.
func ParseFrenchDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"02/01/2006", "2/1/2006", "02/1/2006", "2/01/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return dateOfFields(t), nil
		}
	}
	return Date{}, errFrenchDate
}

// String returns the date as "2006-01-02", the form stored in the database:
// it sorts lexically in date order, which range queries and indexes rely on.
// The zero Date gives "".
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// French returns the date as "02/01/2006", the only form users see. The
// zero Date gives "" so templates print nothing for "no date".
func (d Date) French() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

// IsZero reports whether d is the zero Date, meaning "no date".
func (d Date) IsZero() bool {
	return d == Date{}
}

// Before reports whether d is strictly earlier than o.
func (d Date) Before(o Date) bool {
	return d.compare(o) < 0
}

// After reports whether d is strictly later than o.
func (d Date) After(o Date) bool {
	return d.compare(o) > 0
}

func (d Date) compare(o Date) int {
	if c := cmp.Compare(d.Year, o.Year); c != 0 {
		return c
	}
	if c := cmp.Compare(d.Month, o.Month); c != 0 {
		return c
	}
	return cmp.Compare(d.Day, o.Day)
}

// AddDays returns d moved by n days (n may be negative). The zero Date
// stays zero so that "no date" never turns into a plausible date.
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	return NewDate(d.Year, d.Month, d.Day+n)
}

// AddMonthsClamped returns d moved by n months, keeping the day of month
// but clamping it to the last day of the target month: 31/08/2024 + 18
// gives 28/02/2026, 29/02/2024 + 12 gives 28/02/2025. This is F-03's rule;
// plain time.AddDate would overflow into the next month (03/03/2026)
// instead. The zero Date stays zero.
func (d Date) AddMonthsClamped(n int) Date {
	if d.IsZero() {
		return d
	}
	first := NewDate(d.Year, d.Month+time.Month(n), 1)
	day := min(d.Day, daysInMonth(first.Year, first.Month))
	return Date{Year: first.Year, Month: first.Month, Day: day}
}

// daysInMonth relies on day 0 of the next month being the last of this one.
func daysInMonth(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// StartOfDay returns midnight Paris time at the start of d. Days are 23 or
// 25 hours long when the clocks change, so "start of the next day" must be
// computed this way rather than by adding 24 hours. The zero Date gives the
// zero time.
func (d Date) StartOfDay() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	// France changes clocks at 02:00/03:00, so 00:00 always exists exactly once.
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, Paris)
}

// Scan implements sql.Scanner. Dates are stored as TEXT "YYYY-MM-DD" so
// SQLite and PostgreSQL behave alike, but a driver may still hand back a
// time.Time (a PostgreSQL DATE column, or modernc.org/sqlite for a column
// declared DATE): its calendar date is taken in its own location, because
// drivers return DATE values as midnight UTC and converting them to Paris
// would be harmless today but wrong for any other zone. NULL gives the zero
// Date.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		if v.IsZero() {
			*d = Date{}
			return nil
		}
		*d = dateOfFields(v)
		return nil
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	default:
		return fmt.Errorf("sesame: cannot scan %T into a Date", src)
	}
}

func (d *Date) scanText(s string) error {
	if s == "" {
		*d = Date{}
		return nil
	}
	// Tolerate a time part ("2024-03-18 00:00:00", "2024-03-18T00:00:00Z")
	// written by hand or by another tool: the date is what matters.
	if len(s) > len(time.DateOnly) && (s[len(time.DateOnly)] == ' ' || s[len(time.DateOnly)] == 'T') {
		s = s[:len(time.DateOnly)]
	}
	parsed, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}

// Value implements driver.Valuer: the "YYYY-MM-DD" text form, or NULL for
// the zero Date so a NOT NULL column rejects a date that was never set.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// MarshalText implements encoding.TextMarshaler so JSON and form encoders
// write "2006-01-02" rather than an object with three fields.
func (d Date) MarshalText() ([]byte, error) {
	return []byte(d.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler, the inverse of
// MarshalText; empty text gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	parsed, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}
