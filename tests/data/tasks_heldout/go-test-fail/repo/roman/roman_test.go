package roman

import "testing"

func TestFormat(t *testing.T) {
	cases := map[int]string{1: "I", 4: "IV", 9: "IX", 14: "XIV", 1994: "MCMXCIV", 3999: "MMMCMXCIX"}
	for n, want := range cases {
		got, err := Format(n)
		if err != nil || got != want {
			t.Errorf("Format(%d) = %q, %v; want %q", n, got, err, want)
		}
	}
}

func TestFormatRange(t *testing.T) {
	for _, n := range []int{0, -1, 4000} {
		if _, err := Format(n); err != ErrRange {
			t.Errorf("Format(%d) error = %v; want ErrRange", n, err)
		}
	}
}

func TestParse(t *testing.T) {
	cases := map[string]int{"III": 3, "XLII": 42, "MCMXCIV": 1994}
	for s, want := range cases {
		got, err := Parse(s)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
}

func TestParseLowercase(t *testing.T) {
	got, err := Parse("xiv")
	if err != nil || got != 14 {
		t.Errorf("Parse(%q) = %d, %v; want 14", "xiv", got, err)
	}
}

func TestParseRejectsInvalid(t *testing.T) {
	for _, s := range []string{"IIII", "VX", "IC"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) succeeded; want an error", s)
		}
	}
}
