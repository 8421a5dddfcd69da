// Package netroute tells whether this machine has a route to an address,
// without sending a packet: a runner with no IPv6 route cannot judge an
// origin's IPv6 path, and must say so rather than fail the origin.
package netroute

import (
	"net"
	"net/netip"
)

// Check returns nil when the kernel has a route to a, or the error that
// connecting would give (typically "network is unreachable"). It binds a
// UDP socket and connects it, which looks up the route and sends nothing.
func Check(a netip.Addr) error {
	c, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(netip.AddrPortFrom(a, 9)))
	if err != nil {
		return err
	}
	return c.Close()
}
