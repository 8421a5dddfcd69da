package certname

import (
	"net/netip"
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

// refLabels splits a plain-ASCII name into its labels, without the one
// trailing dot a name may have, or reports that it is not a name by the
// rule CloudFront applies to origin names: letters, digits, '-' and '_'
// in non-empty labels. When wildcard is set the first label may be "*".
// An IP address is not a name. It shares no code with certname on
// purpose: it is FuzzCovers' oracle.
func refLabels(s string, wildcard bool) ([]string, bool) {
	s = strings.TrimSuffix(s, ".")
	if _, err := netip.ParseAddr(s); err == nil {
		return nil, false
	}
	labels := strings.Split(s, ".")
	for i, l := range labels {
		if l == "" {
			return nil, false
		}
		if wildcard && i == 0 && l == "*" {
			continue
		}
		for _, r := range l {
			letterOrDigit := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
			if !letterOrDigit && r != '-' && r != '_' {
				return nil, false
			}
		}
	}
	return labels, true
}

// refCovers is the obviously correct matcher for plain-ASCII pattern and
// host: same number of labels, equal case-insensitively, except that a
// leftmost "*" stands for any one label provided at least two labels
// follow it.
func refCovers(pattern, host string) bool {
	h, ok := refLabels(host, false)
	if !ok {
		return false
	}
	p, ok := refLabels(pattern, true)
	if !ok || len(p) != len(h) {
		return false
	}
	if p[0] == "*" && len(p) < 3 {
		return false
	}
	for i := range p {
		if i == 0 && p[0] == "*" {
			continue
		}
		if !strings.EqualFold(p[i], h[i]) {
			return false
		}
	}
	return true
}

// FuzzCovers checks Covers on arbitrary names: no panic, agreement with
// refCovers on plain-ASCII names, a name covers itself whatever the case,
// a wildcard never covers its bare parent nor two labels, and adding names
// never removes coverage.
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
		{"ab--cd.example.com", "ab--cd.example.com"},
		{"my_app.example.com", "my_app.example.com"},
		{"*.example.com", "my_app.example.com"},
		{"xn--zz.example", "XN--ZZ.example"},
		{"192.0.2.10", "192.0.2.10"},
		{"192.0.2.10", "192.0.2.10."},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pattern, host string) {
		got := Covers([]string{pattern}, host)
		if !got && Covers([]string{"unrelated.invalid", pattern}, host) {
			t.Fatalf("adding a name removed coverage of %q by %q", host, pattern)
		}
		if !isPlainASCII(host) {
			return
		}
		if isPlainASCII(pattern) {
			if want := refCovers(pattern, host); got != want {
				t.Fatalf("Covers(%q, %q) = %v, the reference matcher says %v", pattern, host, got, want)
			}
		}
		labels, ok := refLabels(host, false)
		if !ok {
			if got {
				t.Fatalf("%q covers %q, which is not a host name", pattern, host)
			}
			return
		}
		h := strings.Join(labels, ".")
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
