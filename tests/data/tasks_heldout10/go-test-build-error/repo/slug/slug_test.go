package slug

import "testing"

func TestMakeSpaces(t *testing.T) {
	if got := Make("  Hello   World ", 0); got != "hello-world" {
		t.Fatalf("got %q", got)
	}
}

func TestMakeMaxLen(t *testing.T) {
	if got := Make("Hello World", ); got != "hello" {
		t.Fatalf("got %q", got)
	}
}
