package dnscheck

import "net/netip"

// DefaultRootServers returns the IANA root hints (a to m, IPv4 and IPv6,
// port 53), from https://www.internic.net/domain/named.root.
func DefaultRootServers() []netip.AddrPort {
	hints := []string{
		"198.41.0.4", "2001:503:ba3e::2:30", // a.root-servers.net
		"170.247.170.2", "2801:1b8:10::b", // b
		"192.33.4.12", "2001:500:2::c", // c
		"199.7.91.13", "2001:500:2d::d", // d
		"192.203.230.10", "2001:500:a8::e", // e
		"192.5.5.241", "2001:500:2f::f", // f
		"192.112.36.4", "2001:500:12::d0d", // g
		"198.97.190.53", "2001:500:1::53", // h
		"192.36.148.17", "2001:7fe::53", // i
		"192.58.128.30", "2001:503:c27::2:30", // j
		"193.0.14.129", "2001:7fd::1", // k
		"199.7.83.42", "2001:500:9f::42", // l
		"202.12.27.33", "2001:dc3::35", // m
	}
	roots := make([]netip.AddrPort, len(hints))
	for i, h := range hints {
		roots[i] = netip.AddrPortFrom(netip.MustParseAddr(h), 53)
	}
	return roots
}
