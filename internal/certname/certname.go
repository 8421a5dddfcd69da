// Package certname decides whether a certificate covers a host the way
// CloudFront matches an origin certificate: a host name against the DNS
// Subject Alternative Names (the Common Name only when there are none),
// case-insensitively, with a wildcard allowed only as the whole leftmost
// label and matching exactly one label; an IP literal against the IP
// address SANs only.
package certname

import (
	"crypto/x509"
	"net"
	"net/netip"
	"strings"

	"golang.org/x/net/idna"
)

// Names returns the DNS names a certificate is valid for: its DNS SANs, or
// its Common Name when it has no DNS SANs (as browsers and CloudFront fall
// back). IP address SANs are not names: see IPs and CertCovers.
func Names(cert *x509.Certificate) []string {
	if len(cert.DNSNames) > 0 {
		return cert.DNSNames
	}
	if cert.Subject.CommonName != "" {
		return []string{cert.Subject.CommonName}
	}
	return nil
}

// CertCovers reports whether cert covers host: an IP literal host against
// the certificate's IP address SANs, a host name against Names(cert).
func CertCovers(cert *x509.Certificate, host string) bool {
	if _, ok := ParseIP(host); ok {
		return CoversIP(cert.IPAddresses, host)
	}
	return Covers(Names(cert), host)
}

// Covers reports whether any of the DNS names (dNSName SANs or a CN)
// covers host. An IP literal host is never covered by a name, even one
// spelling the same address: only an IP address SAN covers it (CoversIP).
func Covers(names []string, host string) bool {
	if _, ok := ParseIP(host); ok {
		return false
	}
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

// CoversIP reports whether host is an IP literal equal to one of ips,
// compared as addresses: "2001:DB8::1" equals 2001:db8::1, and an IPv4
// address equals its IPv4-mapped IPv6 form, as net.IP.Equal has it.
func CoversIP(ips []net.IP, host string) bool {
	a, ok := ParseIP(host)
	if !ok {
		return false
	}
	for _, ip := range ips {
		if b, ok := netip.AddrFromSlice(ip); ok && b.Unmap() == a {
			return true
		}
	}
	return false
}

// ParseIP parses host as an IP literal, IPv6 optionally in brackets as in
// an HTTP Host value ("[2001:db8::1]"), and returns it unmapped (an
// IPv4-mapped IPv6 address as IPv4). Zoned addresses are not hosts a
// certificate can name.
func ParseIP(host string) (netip.Addr, bool) {
	host = strings.TrimSpace(host)
	if inner, ok := strings.CutPrefix(host, "["); ok {
		if host, ok = strings.CutSuffix(inner, "]"); !ok || !strings.Contains(host, ":") {
			return netip.Addr{}, false
		}
	}
	a, err := netip.ParseAddr(host)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// unicodeLabels converts a non-ASCII label to its A-label without the
// STD3, hyphen, joiner or bidi rules of idna.Lookup: those reject names
// DNS and CloudFront accept (underscores, "ab--cd"), and a certificate
// matcher has no business enforcing registration rules.
var unicodeLabels = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.StrictDomainName(false),
	idna.CheckHyphens(false),
	idna.CheckJoiners(false),
)

// canonical turns a host name into the ASCII, lower-case form without a
// trailing dot that certificates use, or reports that it is not a name.
// A name is what CloudFront accepts for an origin: labels of letters,
// digits, '-' and '_', separated by single dots. Non-ASCII labels are
// first converted to A-labels (IDNA); ASCII labels are taken as they are,
// so "ab--cd" and even an "xn--" label that is not valid Punycode stay
// comparable byte for byte with a certificate's names.
func canonical(name string) (string, bool) {
	name = strings.TrimSuffix(strings.TrimSpace(name), ".")
	if _, isIP := ParseIP(name); name == "" || isIP {
		// "192.0.2.10." is no more a name than "192.0.2.10" is.
		return "", false
	}
	labels := strings.Split(name, ".")
	for i, l := range labels {
		if isASCII(l) {
			continue
		}
		a, err := unicodeLabels.ToASCII(l)
		if err != nil {
			return "", false
		}
		labels[i] = a // may hold dots: mapping turns "。" into "."
	}
	name = strings.ToLower(strings.Join(labels, "."))
	for l := range strings.SplitSeq(name, ".") {
		if l == "" || strings.ContainsFunc(l, func(r rune) bool { return !isNameByte(r) }) {
			return "", false
		}
	}
	return name, true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// isNameByte reports whether r may appear in a lower-cased name label.
func isNameByte(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_'
}

// matches reports whether the certificate name pattern covers the
// canonical host.
func matches(pattern, host string) bool {
	pattern = strings.TrimSpace(pattern)
	rest, wildcard := strings.CutPrefix(pattern, "*.")
	if !wildcard {
		// A partial wildcard (f*.example.com) or one further right is not
		// a name, so it matches nothing.
		p, ok := canonical(pattern)
		return ok && p == host
	}
	// "*.example.com" covers exactly one more label, never the bare domain,
	// and never a wildcard over a single-label suffix like "*.com".
	parentName, ok := canonical(rest)
	if !ok || !strings.Contains(parentName, ".") {
		return false
	}
	label, parent, found := strings.Cut(host, ".")
	return found && label != "" && parent == parentName
}
