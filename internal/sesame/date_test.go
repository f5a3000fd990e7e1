package sesame

import (
	"database/sql/driver"
	"encoding/json"
	"testing"
	"time"
)

func TestNewDateNormalises(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		d    int
		want Date
	}{
		{2024, time.March, 18, Date{2024, time.March, 18}},
		{2024, time.April, 31, Date{2024, time.May, 1}},
		{2023, time.February, 29, Date{2023, time.March, 1}},
		{2024, time.February, 29, Date{2024, time.February, 29}},
		{2024, 13, 1, Date{2025, time.January, 1}},
		{2024, time.January, 0, Date{2023, time.December, 31}},
		{2024, time.March, -1, Date{2024, time.February, 28}},
	}
	for _, tt := range tests {
		if got := NewDate(tt.y, tt.m, tt.d); got != tt.want {
			t.Errorf("NewDate(%d, %d, %d) = %v, want %v", tt.y, tt.m, tt.d, got, tt.want)
		}
	}
}

func TestDateOfUsesParis(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		want Date
	}{
		{"winter: 23:30 UTC is already tomorrow in Paris", time.Date(2024, time.December, 31, 23, 30, 0, 0, time.UTC), Date{2025, time.January, 1}},
		{"winter: 22:59 UTC is still today", time.Date(2024, time.December, 31, 22, 59, 59, 0, time.UTC), Date{2024, time.December, 31}},
		{"summer: UTC+2, 22:00 UTC is tomorrow", time.Date(2025, time.July, 14, 22, 0, 0, 0, time.UTC), Date{2025, time.July, 15}},
		{"summer: 21:59 UTC is today", time.Date(2025, time.July, 14, 21, 59, 0, 0, time.UTC), Date{2025, time.July, 14}},
		{"other zone converted", time.Date(2025, time.July, 14, 20, 0, 0, 0, time.FixedZone("NYC", -4*3600)), Date{2025, time.July, 15}},
	}
	for _, tt := range tests {
		if got := DateOf(tt.t); got != tt.want {
			t.Errorf("%s: DateOf(%v) = %v, want %v", tt.name, tt.t, got, tt.want)
		}
	}
}

func TestParisIsLoaded(t *testing.T) {
	if Paris == nil || Paris.String() != "Europe/Paris" {
		t.Fatalf("Paris = %v", Paris)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{"2024-03-18", Date{2024, time.March, 18}, false},
		{" 2024-02-29 ", Date{2024, time.February, 29}, false},
		{"2023-02-29", Date{}, true},
		{"2024-13-01", Date{}, true},
		{"2024-04-31", Date{}, true},
		{"18/03/2024", Date{}, true},
		{"2024-3-18", Date{}, true},
		{"", Date{}, true},
		{"2024-03-18T00:00:00Z", Date{}, true},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseFrenchDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{"18/09/2025", Date{2025, time.September, 18}, false},
		{"02/01/2006", Date{2006, time.January, 2}, false},
		{"2/1/2006", Date{2006, time.January, 2}, false},
		{"2/01/2006", Date{2006, time.January, 2}, false},
		{"02/1/2006", Date{2006, time.January, 2}, false},
		{" 29/02/2024 ", Date{2024, time.February, 29}, false},
		{"29/02/2023", Date{}, true},
		{"31/04/2024", Date{}, true},
		{"13/13/2024", Date{}, true},
		{"02/01/06", Date{}, true},
		{"2006-01-02", Date{}, true},
		{"", Date{}, true},
	}
	for _, tt := range tests {
		got, err := ParseFrenchDate(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseFrenchDate(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && err.Error() != "Date invalide : saisissez-la au format JJ/MM/AAAA." {
			t.Errorf("ParseFrenchDate(%q) error %q is not the French form message", tt.in, err)
		}
	}
}

func TestDateFormats(t *testing.T) {
	tests := []struct {
		d           Date
		iso, french string
		zero        bool
	}{
		{Date{2025, time.September, 18}, "2025-09-18", "18/09/2025", false},
		{Date{2006, time.January, 2}, "2006-01-02", "02/01/2006", false},
		{Date{987, time.March, 5}, "0987-03-05", "05/03/0987", false},
		{Date{}, "", "", true},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.iso {
			t.Errorf("%#v.String() = %q, want %q", tt.d, got, tt.iso)
		}
		if got := tt.d.French(); got != tt.french {
			t.Errorf("%#v.French() = %q, want %q", tt.d, got, tt.french)
		}
		if got := tt.d.IsZero(); got != tt.zero {
			t.Errorf("%#v.IsZero() = %v, want %v", tt.d, got, tt.zero)
		}
		if !tt.zero {
			back, err := ParseDate(tt.iso)
			if err != nil || back != tt.d {
				t.Errorf("ParseDate(String()) = %v, %v; want %v", back, err, tt.d)
			}
			back, err = ParseFrenchDate(tt.french)
			if err != nil || back != tt.d {
				t.Errorf("ParseFrenchDate(French()) = %v, %v; want %v", back, err, tt.d)
			}
		}
	}
}

func TestDateOrder(t *testing.T) {
	tests := []struct {
		a, b          Date
		before, after bool
	}{
		{Date{2024, 3, 18}, Date{2024, 3, 19}, true, false},
		{Date{2024, 3, 19}, Date{2024, 3, 18}, false, true},
		{Date{2024, 3, 18}, Date{2024, 3, 18}, false, false},
		{Date{2024, 2, 29}, Date{2024, 3, 1}, true, false},
		{Date{2024, 12, 31}, Date{2025, 1, 1}, true, false},
		{Date{2025, 1, 31}, Date{2024, 12, 1}, false, true},
		{Date{2024, 11, 1}, Date{2024, 10, 31}, false, true},
	}
	for _, tt := range tests {
		if got := tt.a.Before(tt.b); got != tt.before {
			t.Errorf("%v.Before(%v) = %v, want %v", tt.a, tt.b, got, tt.before)
		}
		if got := tt.a.After(tt.b); got != tt.after {
			t.Errorf("%v.After(%v) = %v, want %v", tt.a, tt.b, got, tt.after)
		}
	}
}

func TestAddDays(t *testing.T) {
	tests := []struct {
		d    Date
		n    int
		want Date
	}{
		{Date{2024, 3, 18}, 15, Date{2024, 4, 2}},
		{Date{2024, 2, 28}, 1, Date{2024, 2, 29}},
		{Date{2023, 2, 28}, 1, Date{2023, 3, 1}},
		{Date{2024, 12, 31}, 1, Date{2025, 1, 1}},
		{Date{2025, 1, 1}, -1, Date{2024, 12, 31}},
		{Date{2026, 3, 28}, 1, Date{2026, 3, 29}}, // across a DST change: still one day
		{Date{2024, 3, 18}, 0, Date{2024, 3, 18}},
		{Date{2024, 1, 1}, 366, Date{2025, 1, 1}},
		{Date{}, 5, Date{}},
	}
	for _, tt := range tests {
		if got := tt.d.AddDays(tt.n); got != tt.want {
			t.Errorf("%v.AddDays(%d) = %v, want %v", tt.d, tt.n, got, tt.want)
		}
	}
}

func TestAddMonthsClamped(t *testing.T) {
	tests := []struct {
		d    Date
		n    int
		want Date
	}{
		{Date{2024, 3, 18}, 18, Date{2025, 9, 18}},
		{Date{2024, 8, 31}, 18, Date{2026, 2, 28}},
		{Date{2024, 2, 29}, 12, Date{2025, 2, 28}},
		{Date{2024, 2, 29}, 48, Date{2028, 2, 29}},
		{Date{2024, 1, 31}, 1, Date{2024, 2, 29}},
		{Date{2023, 1, 31}, 1, Date{2023, 2, 28}},
		{Date{2024, 1, 31}, 2, Date{2024, 3, 31}},
		{Date{2024, 1, 31}, 3, Date{2024, 4, 30}},
		{Date{2024, 5, 31}, 1, Date{2024, 6, 30}},
		{Date{2024, 12, 15}, 1, Date{2025, 1, 15}},
		{Date{2024, 3, 31}, -1, Date{2024, 2, 29}},
		{Date{2024, 1, 15}, -1, Date{2023, 12, 15}},
		{Date{2024, 1, 15}, -13, Date{2022, 12, 15}},
		{Date{2024, 7, 10}, 0, Date{2024, 7, 10}},
		{Date{2022, 8, 30}, 18, Date{2024, 2, 29}},
		{Date{}, 18, Date{}},
	}
	for _, tt := range tests {
		if got := tt.d.AddMonthsClamped(tt.n); got != tt.want {
			t.Errorf("%v.AddMonthsClamped(%d) = %v, want %v", tt.d, tt.n, got, tt.want)
		}
	}
}

func TestStartOfDay(t *testing.T) {
	tests := []struct {
		name      string
		d         Date
		utc       time.Time
		dayLength time.Duration
	}{
		{"winter", Date{2026, 1, 15}, time.Date(2026, 1, 14, 23, 0, 0, 0, time.UTC), 24 * time.Hour},
		{"summer", Date{2026, 7, 15}, time.Date(2026, 7, 14, 22, 0, 0, 0, time.UTC), 24 * time.Hour},
		{"spring forward day is 23 hours", Date{2026, 3, 29}, time.Date(2026, 3, 28, 23, 0, 0, 0, time.UTC), 23 * time.Hour},
		{"day after spring forward starts at UTC+2", Date{2026, 3, 30}, time.Date(2026, 3, 29, 22, 0, 0, 0, time.UTC), 24 * time.Hour},
		{"fall back day is 25 hours", Date{2026, 10, 25}, time.Date(2026, 10, 24, 22, 0, 0, 0, time.UTC), 25 * time.Hour},
		{"day after fall back starts at UTC+1", Date{2026, 10, 26}, time.Date(2026, 10, 25, 23, 0, 0, 0, time.UTC), 24 * time.Hour},
	}
	for _, tt := range tests {
		got := tt.d.StartOfDay()
		if !got.Equal(tt.utc) {
			t.Errorf("%s: %v.StartOfDay() = %v, want %v", tt.name, tt.d, got.UTC(), tt.utc)
		}
		if got.Location() != Paris {
			t.Errorf("%s: location %v, want Paris", tt.name, got.Location())
		}
		if h, m, s := got.Clock(); h != 0 || m != 0 || s != 0 {
			t.Errorf("%s: local clock %02d:%02d:%02d, want midnight", tt.name, h, m, s)
		}
		if l := tt.d.AddDays(1).StartOfDay().Sub(got); l != tt.dayLength {
			t.Errorf("%s: day length %v, want %v", tt.name, l, tt.dayLength)
		}
		if DateOf(got) != tt.d || DateOf(got.Add(-time.Nanosecond)) != tt.d.AddDays(-1) {
			t.Errorf("%s: StartOfDay is not the first instant of %v", tt.name, tt.d)
		}
	}
	if !(Date{}).StartOfDay().IsZero() {
		t.Error("zero Date StartOfDay is not the zero time")
	}
}

func TestDateScan(t *testing.T) {
	tests := []struct {
		name    string
		src     any
		want    Date
		wantErr bool
	}{
		{"text", "2025-09-18", Date{2025, 9, 18}, false},
		{"bytes", []byte("2025-09-18"), Date{2025, 9, 18}, false},
		{"NULL", nil, Date{}, false},
		{"empty text", "", Date{}, false},
		{"text with time", "2025-09-18 00:00:00", Date{2025, 9, 18}, false},
		{"text with ISO time", "2025-09-18T00:00:00Z", Date{2025, 9, 18}, false},
		{"PostgreSQL DATE as midnight UTC", time.Date(2025, 9, 18, 0, 0, 0, 0, time.UTC), Date{2025, 9, 18}, false},
		{"time keeps its own calendar date", time.Date(2025, 9, 18, 23, 30, 0, 0, time.UTC), Date{2025, 9, 18}, false},
		{"zero time", time.Time{}, Date{}, false},
		{"bad text", "18/09/2025", Date{}, true},
		{"impossible date", "2025-02-30", Date{}, true},
		{"wrong type", int64(20250918), Date{}, true},
	}
	for _, tt := range tests {
		d := Date{1999, 1, 1} // must be overwritten, also by NULL
		err := d.Scan(tt.src)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: Scan(%v) error = %v, want error %v", tt.name, tt.src, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && d != tt.want {
			t.Errorf("%s: Scan(%v) = %v, want %v", tt.name, tt.src, d, tt.want)
		}
	}
}

func TestDateValue(t *testing.T) {
	tests := []struct {
		d    Date
		want driver.Value
	}{
		{Date{2025, 9, 18}, "2025-09-18"},
		{Date{}, nil},
	}
	for _, tt := range tests {
		got, err := tt.d.Value()
		if err != nil || got != tt.want {
			t.Errorf("%#v.Value() = %v, %v; want %v", tt.d, got, err, tt.want)
		}
		var back Date
		if err := back.Scan(got); err != nil || back != tt.d {
			t.Errorf("Scan(Value()) = %v, %v; want %v", back, err, tt.d)
		}
	}
}

func TestDateText(t *testing.T) {
	type doc struct {
		Expires Date `json:"expires"`
	}
	tests := []struct {
		d    Date
		json string
	}{
		{Date{2025, 9, 18}, `{"expires":"2025-09-18"}`},
		{Date{}, `{"expires":""}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(doc{tt.d})
		if err != nil || string(b) != tt.json {
			t.Errorf("json.Marshal(%v) = %s, %v; want %s", tt.d, b, err, tt.json)
		}
		var back doc
		if err := json.Unmarshal(b, &back); err != nil || back.Expires != tt.d {
			t.Errorf("json.Unmarshal(%s) = %v, %v; want %v", b, back.Expires, err, tt.d)
		}
	}
	var d Date
	if err := d.UnmarshalText([]byte("18/09/2025")); err == nil {
		t.Error("UnmarshalText accepted a French date")
	}
}
