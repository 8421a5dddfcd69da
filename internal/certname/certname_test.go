package certname

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"net"
	"testing"
)

func TestCovers(t *testing.T) {
	cases := []struct {
		names []string
		host  string
		want  bool
	}{
		{[]string{"origin.example.com"}, "origin.example.com", true},
		{[]string{"Origin.Example.com"}, "ORIGIN.example.COM.", true},
		{[]string{"origin.example.com"}, "www.example.com", false},
		{[]string{"*.example.com"}, "www.example.com", true},
		{[]string{"*.example.com"}, "example.com", false},
		{[]string{"*.example.com"}, "a.b.example.com", false},
		{[]string{"*.com"}, "example.com", false},
		{[]string{"w*.example.com"}, "www.example.com", false},
		{[]string{"www.*.com"}, "www.example.com", false},
		{[]string{"a.example.com", "*.example.org"}, "x.example.org", true},
		{[]string{"xn--bcher-kva.example"}, "bücher.example", true},
		{[]string{"*.example.com"}, "", false},
		{nil, "example.com", false},
		// Valid DNS names that IDNA's STD3 and hyphen rules reject.
		{[]string{"ab--cd.example.com"}, "ab--cd.example.com", true},
		{[]string{"AB--CD.example.com"}, "ab--cd.EXAMPLE.com.", true},
		{[]string{"*.example.com"}, "ab--cd.example.com", true},
		{[]string{"my_app.example.com"}, "my_app.example.com", true},
		{[]string{"*.example.com"}, "My_App.example.com", true},
		{[]string{"_acme.example.com"}, "_acme.example.com", true},
		{[]string{"-lead.example.com"}, "-lead.example.com", true},
		{[]string{"xn--zz.example.com"}, "xn--zz.example.com", true}, // not valid Punycode, still letters and hyphens
		{[]string{"*.my_zone.example.com"}, "a.my_zone.example.com", true},
		{[]string{"*.my_zone.example.com"}, "my_zone.example.com", false},
		{[]string{"my_app.example.com"}, "my-app.example.com", false},
		// U-labels still become A-labels, on either side.
		{[]string{"bücher.example"}, "xn--bcher-kva.example", true},
		{[]string{"*.xn--bcher-kva.example"}, "www.BÜCHER.example", true},
		// Not names: empty labels, characters CloudFront refuses.
		{[]string{"a..example.com"}, "a..example.com", false},
		{[]string{"example.com"}, "example.com..", false},
		{[]string{"*.example.com"}, ".example.com", false},
		{[]string{"a b.example.com"}, "a b.example.com", false},
		{[]string{"a*b.example.com"}, "a*b.example.com", false},
		{[]string{"*.example.com"}, "*.example.com", false},
		{[]string{"*."}, ".", false},
		// An IP literal is never covered by a DNS name, even its own text.
		{[]string{"192.0.2.10"}, "192.0.2.10", false},
		{[]string{"192.0.2.10"}, "192.0.2.10.", false},
		{[]string{"*.0.2.10"}, "192.0.2.10", false},
		{[]string{"2001:db8::1"}, "2001:db8::1", false},
	}
	for _, tc := range cases {
		if got := Covers(tc.names, tc.host); got != tc.want {
			t.Errorf("Covers(%q, %q) = %v, want %v", tc.names, tc.host, got, tc.want)
		}
	}
}

func TestNamesFallsBackToCommonNameOnlyWithoutSANs(t *testing.T) {
	withSAN := &x509.Certificate{Subject: pkix.Name{CommonName: "cn.example.com"}, DNSNames: []string{"san.example.com"}}
	if got := Names(withSAN); len(got) != 1 || got[0] != "san.example.com" {
		t.Errorf("Names(with SAN) = %q, want only the SAN", got)
	}
	cnOnly := &x509.Certificate{Subject: pkix.Name{CommonName: "cn.example.com"}}
	if got := Names(cnOnly); len(got) != 1 || got[0] != "cn.example.com" {
		t.Errorf("Names(CN only) = %q, want the CN", got)
	}
}

func TestCertCovers(t *testing.T) {
	ipOnly := &x509.Certificate{IPAddresses: []net.IP{net.ParseIP("192.0.2.10"), net.ParseIP("2001:db8::1")}}
	// A DNS SAN spelling an address, and a CN that does: neither is an IP SAN.
	ipAsName := &x509.Certificate{Subject: pkix.Name{CommonName: "192.0.2.10"}, DNSNames: []string{"192.0.2.10", "2001:db8::1"}}
	ipInCN := &x509.Certificate{Subject: pkix.Name{CommonName: "192.0.2.10"}}
	both := &x509.Certificate{DNSNames: []string{"origin.example.com"}, IPAddresses: []net.IP{net.ParseIP("192.0.2.10").To4()}}
	cases := []struct {
		name string
		cert *x509.Certificate
		host string
		want bool
	}{
		{"IPv4 SAN", ipOnly, "192.0.2.10", true},
		{"IPv4 SAN, other address", ipOnly, "192.0.2.11", false},
		{"IPv6 SAN", ipOnly, "2001:db8::1", true},
		{"IPv6 SAN, upper case", ipOnly, "2001:DB8::1", true},
		{"IPv6 SAN, long form", ipOnly, "2001:0db8:0:0:0:0:0:1", true},
		{"IPv6 SAN, bracketed Host", ipOnly, "[2001:db8::1]", true},
		{"IPv4 SAN, IPv4-mapped IPv6 host", ipOnly, "::ffff:192.0.2.10", true},
		{"IPv6 SAN, zoned host", ipOnly, "2001:db8::1%eth0", false},
		{"IP SANs cover no name", ipOnly, "origin.example.com", false},
		{"address as DNS SAN", ipAsName, "192.0.2.10", false},
		{"IPv6 address as DNS SAN", ipAsName, "2001:db8::1", false},
		{"address as CN", ipInCN, "192.0.2.10", false},
		{"DNS and IP SANs, name", both, "origin.example.com", true},
		{"DNS and IP SANs, 4-byte IP SAN", both, "192.0.2.10", true},
		{"DNS and IP SANs, other name", both, "www.example.com", false},
	}
	for _, tc := range cases {
		if got := CertCovers(tc.cert, tc.host); got != tc.want {
			t.Errorf("%s: CertCovers(%q) = %v, want %v", tc.name, tc.host, got, tc.want)
		}
	}
}

func TestCoversIP(t *testing.T) {
	ips := []net.IP{net.ParseIP("192.0.2.10"), net.ParseIP("2001:db8::1")}
	cases := []struct {
		host string
		want bool
	}{
		{"192.0.2.10", true},
		{" 192.0.2.10 ", true},
		{"2001:DB8:0::1", true},
		{"[2001:db8::1]", true},
		{"[192.0.2.10]", false}, // brackets are for IPv6 only
		{"2001:db8::1]", false},
		{"192.0.2.1", false},
		{"example.com", false},
		{"", false},
	}
	for _, tc := range cases {
		if got := CoversIP(ips, tc.host); got != tc.want {
			t.Errorf("CoversIP(%q) = %v, want %v", tc.host, got, tc.want)
		}
	}
}
