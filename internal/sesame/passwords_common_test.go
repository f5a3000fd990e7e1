package sesame

import "testing"

func TestCommonPasswordList(t *testing.T) {
	if n := len(commonPasswords); n < 300 {
		t.Errorf("common password list has %d entries, want at least 300", n)
	}
	for w := range commonPasswords {
		if len(w) < 4 {
			t.Errorf("entry %q is shorter than 4 characters", w)
		}
		if Fold(w) != w {
			t.Errorf("entry %q is not folded", w)
		}
	}
	for _, w := range []string{"azerty", "motdepasse", "soleil", "bonjour", "marseille", "password", "123456789", "liberte"} {
		if _, ok := commonPasswords[w]; !ok {
			t.Errorf("%q is missing from the common password list", w)
		}
	}
	if _, ok := commonPasswords["# digit"]; ok {
		t.Error("comment lines must not become entries")
	}
}

func TestIsCommonPassword(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"azerty", true},
		{"Azerty123!", true},
		{"!!azerty!!", true},
		{"AZERTY", true},
		{"P4ssw0rd", true},
		{"M0tdep@sse", true},
		{"Ch0c0lat!", true},
		{"12345678", true},
		{"12345678!!", true},
		{"abc123", true},
		{"Brume7#Kalao", false},
		{"azerty-brume", false},
		{"", false},
		{"123", false},
		{"!!!!", false},
	}
	for _, tt := range tests {
		if got := isCommonPassword(tt.in); got != tt.want {
			t.Errorf("isCommonPassword(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
