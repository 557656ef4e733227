package shorturl

import (
	"testing"
	"time"
)

func TestCodeLength(t *testing.T) {
	if got := len(Code("https://example.com/a")); got != 7 {
		t.Fatalf("len = %d", got)
	}
}

func TestCodeStable(t *testing.T) {
	if Code("https://example.com/a") != Code("https://example.com/a") {
		t.Fatal("not stable")
	}
}

func TestExpiredAfterTTL(t *testing.T) {
	created := time.Now()
	time.Sleep(1200 * time.Millisecond)
	if !Expired(created, time.Second) {
		t.Fatal("should be expired")
	}
}

func TestNotExpired(t *testing.T) {
	created := time.Now()
	time.Sleep(300 * time.Millisecond)
	if Expired(created, time.Hour) {
		t.Fatal("should not be expired")
	}
}

func TestManyCodes(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 20000; i++ {
		seen[Code(string(rune(i)))] = true
	}
	if len(seen) < 100 {
		t.Fatal("too many collisions")
	}
}
