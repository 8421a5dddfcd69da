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
		{"fec0::/10", "site-local (fec0::/10, deprecated)"},
		{"2001::/32", "Teredo (2001::/32): tunnels to an address behind NAT"},
		{"ff00::/8", "multicast (ff00::/8)"},
	}
	out := make([]rangeName, len(list))
	for i, r := range list {
		out[i] = rangeName{netip.MustParsePrefix(r.cidr), r.name}
	}
	return out
}()

// embedders are the IPv6 forms that carry an IPv4 address, and where in
// the address it sits: a packet to such an address reaches (or claims to
// reach) that IPv4 host, through a NAT64 gateway (AWS's DNS64/NAT64 on an
// IPv6-only subnet among them), a 6to4 relay or a dual-stack host.
var embedders = []struct {
	prefix netip.Prefix
	at     int // byte offset of the IPv4 address
	name   string
}{
	{netip.MustParsePrefix("64:ff9b::/96"), 12, "NAT64 (64:ff9b::/96)"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), 12, "local-use NAT64 (64:ff9b:1::/48)"},
	{netip.MustParsePrefix("2002::/16"), 2, "6to4 (2002::/16)"},
	{netip.MustParsePrefix("::/96"), 12, "IPv4-compatible (::/96)"},
}

// NonPublic returns the name of the special-purpose range a is in, or ""
// when a is a public internet address. IPv6 forms that carry an IPv4
// address (IPv4-mapped, NAT64, 6to4, IPv4-compatible) are judged as the
// IPv4 address they carry.
func NonPublic(a netip.Addr) string {
	a = a.Unmap().WithZone("")
	if a.Is6() && a != netip.IPv6Unspecified() && a != netip.IPv6Loopback() {
		b := a.As16()
		for _, e := range embedders {
			if !e.prefix.Contains(a) {
				continue
			}
			v4 := netip.AddrFrom4([4]byte(b[e.at : e.at+4]))
			if name := nonPublicRange(v4); name != "" {
				return name + ", in its " + e.name + " form " + a.String()
			}
			return ""
		}
	}
	return nonPublicRange(a)
}

func nonPublicRange(a netip.Addr) string {
	for _, r := range nonPublic {
		if r.prefix.Contains(a) {
			return r.name
		}
	}
	return ""
}
