package shorturl

import (
	"crypto/sha256"
	"encoding/base64"
	"time"
)

// Code returns the short code of a URL.
func Code(url string) string {
	sum := sha256.Sum256([]byte(url))
	return base64.RawURLEncoding.EncodeToString(sum[:])[:7]
}

// Expired reports whether a link created at t is older than ttl.
func Expired(t time.Time, ttl time.Duration) bool {
	return time.Since(t) > ttl
}
