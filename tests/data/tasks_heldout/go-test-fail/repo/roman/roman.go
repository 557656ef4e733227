// Package roman converts between integers and Roman numerals.
package roman

import (
	"errors"
	"strings"
)

var table = []struct {
	value  int
	symbol string
}{
	{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"},
	{100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"},
	{10, "X"}, {5, "V"}, {1, "I"},
}

// ErrRange is returned for numbers that have no Roman form.
var ErrRange = errors.New("roman: out of range")

// Format returns the Roman numeral for n (1..3999).
func Format(n int) (string, error) {
	if n <= 0 || n > 3999 {
		return "", ErrRange
	}
	var b strings.Builder
	for _, e := range table {
		for n >= e.value {
			b.WriteString(e.symbol)
			n -= e.value
		}
	}
	return b.String(), nil
}

var values = map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}

// Parse returns the integer value of a Roman numeral.
func Parse(s string) (int, error) {
	total := 0
	for i := 0; i < len(s); i++ {
		v, ok := values[s[i]]
		if !ok {
			return 0, errors.New("roman: bad digit " + string(s[i]))
		}
		if i+1 < len(s) && values[s[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	return total, nil
}
