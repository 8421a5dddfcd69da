package addrclass

import (
	"net/netip"
	"strings"
	"testing"
)

func TestNonPublic(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want string // substring of the range name; "" for public
	}{
		{"93.184.215.14", ""},
		{"2606:2800:21f:cb07:6820:80da:af6b:8b2c", ""},
		{"64:ff9b::5db8:d70e", ""}, // NAT64 of a public address
		{"10.1.2.3", "RFC 1918"},
		{"172.16.0.1", "RFC 1918"},
		{"172.31.255.255", "RFC 1918"},
		{"172.32.0.1", ""},
		{"192.168.1.1", "RFC 1918"},
		{"100.64.0.1", "carrier-grade NAT"},
		{"100.127.255.254", "carrier-grade NAT"},
		{"100.128.0.1", ""},
		{"127.0.0.1", "loopback"},
		{"127.45.6.7", "loopback"},
		{"::1", "loopback"},
		{"::ffff:10.0.0.1", "RFC 1918"},
		{"::ffff:8.8.4.4", ""},
		{"fd00::1", "unique local"},
		{"fc12::1", "unique local"},
		{"fe80::1%eth0", "link-local"},
		{"169.254.169.254", "link-local"},
		{"0.0.0.0", "this network"},
		{"::", "unspecified"},
		{"224.0.0.1", "multicast"},
		{"255.255.255.255", "reserved"},
		{"2001:db8::1", "documentation"},
		{"192.0.2.10", "documentation"},
	} {
		got := NonPublic(netip.MustParseAddr(tc.addr))
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("NonPublic(%s) = %q, want %q", tc.addr, got, tc.want)
		}
	}
}
