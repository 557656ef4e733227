// Package money parses amounts such as "12.50" into cents.
package money

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseCents turns "12.5" or "12.50" into 1250.
func ParseCents(s string) (int64, error) {
	whole, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("bad amount %q: %w", s, err)
	}
	if frac == "" {
		return w * 100, nil
	}
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("bad cents %q: %w", s, err)
	}
	return w*100 + f, nil
}
