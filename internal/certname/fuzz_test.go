package certname

import (
	"strings"
	"testing"
)

// isPlainASCII reports whether s is printable ASCII, where lower-casing
// and IDNA leave a host name's bytes alone apart from case.
func isPlainASCII(s string) bool {
	for _, r := range s {
		if r <= ' ' || r > '~' {
			return false
		}
	}
	return true
}

// FuzzCovers checks Covers' invariants on arbitrary names: no panic, a name
// covers itself whatever the case, a wildcard never covers its bare
// parent nor two labels, and adding names never removes coverage.
func FuzzCovers(f *testing.F) {
	for _, seed := range [][2]string{
		{"*.example.com", "www.example.com"},
		{"*.com", "example.com"},
		{"f*.example.com", "foo.example.com"},
		{"xn--bcher-kva.example", "bücher.example"},
		{"EXAMPLE.com.", "example.COM"},
		{"*.*.example.com", "a.b.example.com"},
		{"", "."},
		{"*.", "*."},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pattern, host string) {
		got := Covers([]string{pattern}, host)
		if !got && Covers([]string{"unrelated.invalid", pattern}, host) {
			t.Fatalf("adding a name removed coverage of %q by %q", host, pattern)
		}
		if !isPlainASCII(host) || strings.Contains(host, "*") {
			return
		}
		h, ok := canonical(host)
		if !ok {
			if got {
				t.Fatalf("%q covers %q, which is not a host name", pattern, host)
			}
			return
		}
		if !Covers([]string{strings.ToUpper(h)}, host) {
			t.Fatalf("%q does not cover itself (upper-cased)", host)
		}
		if Covers([]string{"*." + h}, host) {
			t.Fatalf("*.%s covers the bare %q", h, host)
		}
		if Covers([]string{"*." + h}, "a.b."+h) {
			t.Fatalf("*.%s covers two labels", h)
		}
	})
}
