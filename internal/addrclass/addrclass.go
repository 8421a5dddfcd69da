// Package addrclass tells public internet addresses, which CloudFront can
// connect to, from the special-purpose ranges it cannot reach over the
// internet (loopback, RFC 1918, ULA, shared, link-local, reserved), naming
// the range so that a finding can say which one an address is in.
package addrclass

import "net/netip"

// rangeName is one special-purpose block (IANA's IPv4 and IPv6
// Special-Purpose Address Registries) and how messages name it.
type rangeName struct {
	prefix netip.Prefix
	name   string
}

var nonPublic = func() []rangeName {
	list := []struct{ cidr, name string }{
		{"0.0.0.0/8", "\"this network\" (0.0.0.0/8)"},
		{"10.0.0.0/8", "private (RFC 1918, 10.0.0.0/8)"},
		{"100.64.0.0/10", "shared address space (100.64.0.0/10, carrier-grade NAT)"},
		{"127.0.0.0/8", "loopback (127.0.0.0/8)"},
		{"169.254.0.0/16", "link-local (169.254.0.0/16)"},
		{"172.16.0.0/12", "private (RFC 1918, 172.16.0.0/12)"},
		{"192.0.0.0/24", "IETF protocol assignments (192.0.0.0/24)"},
		{"192.0.2.0/24", "documentation (TEST-NET-1, 192.0.2.0/24)"},
		{"192.168.0.0/16", "private (RFC 1918, 192.168.0.0/16)"},
		{"198.18.0.0/15", "benchmarking (198.18.0.0/15)"},
		{"198.51.100.0/24", "documentation (TEST-NET-2, 198.51.100.0/24)"},
		{"203.0.113.0/24", "documentation (TEST-NET-3, 203.0.113.0/24)"},
		{"224.0.0.0/4", "multicast (224.0.0.0/4)"},
		{"240.0.0.0/4", "reserved (240.0.0.0/4, broadcast included)"},
		{"::/128", "unspecified (::)"},
		{"::1/128", "loopback (::1)"},
		{"100::/64", "discard-only (100::/64)"},
		{"2001:db8::/32", "documentation (2001:db8::/32)"},
		{"fc00::/7", "unique local (RFC 4193, fc00::/7)"},
		{"fe80::/10", "link-local (fe80::/10)"},
		{"ff00::/8", "multicast (ff00::/8)"},
	}
	out := make([]rangeName, len(list))
	for i, r := range list {
		out[i] = rangeName{netip.MustParsePrefix(r.cidr), r.name}
	}
	return out
}()

// NonPublic returns the name of the special-purpose range a is in, or ""
// when a is a public internet address. IPv4-mapped IPv6 addresses are
// judged as the IPv4 address they carry.
func NonPublic(a netip.Addr) string {
	a = a.Unmap().WithZone("")
	for _, r := range nonPublic {
		if r.prefix.Contains(a) {
			return r.name
		}
	}
	return ""
}
