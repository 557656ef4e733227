package slug

import "testing"

func TestMake(t *testing.T) {
	if got := Make("Hello, World!"); got != "hello-world" {
		t.Fatalf("Make = %q", got)
	}
}

func TestLimit(t *testing.T) {
	if got := Limit("hello-world", 6); got != "hello" {
		t.Fatalf("Limit = %q", got)
	}
}
