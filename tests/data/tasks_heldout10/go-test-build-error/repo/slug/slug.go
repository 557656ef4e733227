package slug

import "strings"

// Make turns a title into a URL slug.
func Make(title string, maxLen int) string {
	s := strings.ToLower(strings.TrimSpace(title))
	s = strings.Join(strings.Fields(s), "-")
	if maxLen > 0 && len(s) > maxLen {
		s = strings.TrimRight(s[:maxLen], "-")
	}
	return s
}
