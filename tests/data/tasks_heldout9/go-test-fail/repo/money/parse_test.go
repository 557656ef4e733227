package money

import "testing"

func TestParseCents(t *testing.T) {
	cases := []struct {
		in   string
		want int64
	}{
		{"12", 1200},
		{"12.50", 1250},
		{"12.5", 1250},
		{"0.07", 7},
	}
	for _, c := range cases {
		got, err := ParseCents(c.in)
		if err != nil {
			t.Fatalf("ParseCents(%q): %v", c.in, err)
		}
		if got != c.want {
			t.Errorf("ParseCents(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestParseCentsRejectsWords(t *testing.T) {
	if _, err := ParseCents("ten"); err == nil {
		t.Error("want an error for ten")
	}
}
