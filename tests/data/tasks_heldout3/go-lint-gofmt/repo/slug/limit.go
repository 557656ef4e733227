package slug

// Limit cuts a slug to at most n bytes without leaving a trailing dash.
func Limit(s string, n int) string {
    if len(s) <= n {
        return s
    }
    out := s[:n]
    for len(out) > 0 && out[len(out)-1] == '-' {
        out = out[:len(out)-1]
    }
    return out
}
