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
		{"fec0::1", "site-local"},
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"},
		{"2001:4860:4860::8888", ""}, // 2001:4860::/32 is not Teredo's 2001::/32
	} {
		got := NonPublic(netip.MustParseAddr(tc.addr))
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("NonPublic(%s) = %q, want %q", tc.addr, got, tc.want)
		}
	}
}

// TestEmbeddedIPv4IsJudgedAsIPv4: every IPv6 form that carries an IPv4
// address is judged as that address, for each non-public IPv4 range.
func TestEmbeddedIPv4IsJudgedAsIPv4(t *testing.T) {
	v4s := []string{"10.0.0.1", "172.16.5.4", "192.168.1.1", "127.0.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.1", "93.184.215.14"}
	for _, v4 := range v4s {
		a := netip.MustParseAddr(v4)
		want := NonPublic(a)
		for _, form := range embeddedForms(a) {
			got := NonPublic(form)
			// ::1 and :: are loopback and unspecified as IPv6 first.
			special := form == netip.IPv6Loopback() || form == netip.IPv6Unspecified()
			if (got == "") != (want == "") || (!special && !strings.HasPrefix(got, want)) {
				t.Errorf("NonPublic(%s) = %q, want as %s: %q", form, got, v4, want)
			}
		}
	}
}

// embeddedForms writes a in each IPv6 form that carries it.
func embeddedForms(a netip.Addr) []netip.Addr {
	v4 := a.As4()
	put := func(prefix string, at int) netip.Addr {
		b := netip.MustParseAddr(prefix).As16()
		copy(b[at:], v4[:])
		return netip.AddrFrom16(b)
	}
	return []netip.Addr{put("64:ff9b::", 12), put("64:ff9b:1::", 12), put("2002::", 2), put("::", 12), netip.AddrFrom16(netip.AddrFrom4(v4).As16())}
}

// FuzzEmbeddedIPv4: the embedded forms of any IPv4 address are public
// exactly when the address is.
func FuzzEmbeddedIPv4(f *testing.F) {
	f.Add([]byte{10, 0, 0, 1})
	f.Add([]byte{8, 8, 4, 4})
	f.Add([]byte{0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) != 4 {
			return
		}
		a := netip.AddrFrom4([4]byte(b))
		public := NonPublic(a) == ""
		for _, form := range embeddedForms(a) {
			if (NonPublic(form) == "") != public {
				t.Fatalf("%s: public=%v, its form %s: %q", a, public, form, NonPublic(form))
			}
		}
	})
}
