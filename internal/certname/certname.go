// Package certname decides whether a certificate covers a host name the
// way CloudFront matches an origin certificate: against the DNS Subject
// Alternative Names (the Common Name only when there are none), case-
// insensitively, with a wildcard allowed only as the whole leftmost label
// and matching exactly one label.
package certname

import (
	"crypto/x509"
	"slices"
	"strings"

	"golang.org/x/net/idna"
)

// Names returns the names a certificate is valid for: its DNS SANs, or its
// Common Name when it has no DNS SANs (as browsers and CloudFront fall back).
func Names(cert *x509.Certificate) []string {
	if len(cert.DNSNames) > 0 {
		return cert.DNSNames
	}
	if cert.Subject.CommonName != "" {
		return []string{cert.Subject.CommonName}
	}
	return nil
}

// Covers reports whether any of names covers host.
func Covers(names []string, host string) bool {
	h, ok := canonical(host)
	if !ok {
		return false
	}
	for _, n := range names {
		if matches(n, h) {
			return true
		}
	}
	return false
}

// canonical turns a host name into the ASCII, lower-case, dot-less form
// certificates use (IDNA A-labels), or reports that it is not a name.
func canonical(name string) (string, bool) {
	name = strings.TrimSuffix(strings.TrimSpace(name), ".")
	a, err := idna.Lookup.ToASCII(name)
	// Lookup allows empty labels ("a..b", "."): no certificate names those.
	if err != nil || a == "" || slices.Contains(strings.Split(a, "."), "") {
		return "", false
	}
	return strings.ToLower(a), true
}

func matches(pattern, host string) bool {
	pattern = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(pattern), "."))
	rest, wildcard := strings.CutPrefix(pattern, "*.")
	if !wildcard {
		// A partial wildcard (f*.example.com) or one further right matches nothing.
		return !strings.Contains(pattern, "*") && pattern == host
	}
	// "*.example.com" covers exactly one more label, never the bare domain,
	// and never a wildcard over a single-label suffix like "*.com".
	if strings.Contains(rest, "*") || !strings.Contains(rest, ".") {
		return false
	}
	label, parent, found := strings.Cut(host, ".")
	return found && label != "" && parent == rest
}
