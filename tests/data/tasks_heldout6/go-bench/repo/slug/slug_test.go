package slug

import (
	"strings"
	"testing"
)

func TestMake(t *testing.T) {
	if got := Make("Hello, World!"); got != "hello-world" {
		t.Fatalf("got %q", got)
	}
}

func BenchmarkMakeShort(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Make("Hello, World!")
	}
}

func BenchmarkMakeLong(b *testing.B) {
	s := strings.Repeat("The quick brown fox, jumps over the lazy dog! ", 40)
	for i := 0; i < b.N; i++ {
		Make(s)
	}
}
