package ids

import "github.com/google/uuid"

// New returns a short id: the first 8 hex digits of a random UUID.
func New() string {
	return uuid.NewString()[:8]
}
