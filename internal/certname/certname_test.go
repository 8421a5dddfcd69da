package certname

import (
	"crypto/x509"
	"crypto/x509/pkix"
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
