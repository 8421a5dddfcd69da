package provider

import (
	"net"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/pki"
)

// TestCoverageFrom runs certificate_covers' matching without Terraform:
// names CloudFront accepts, and IP hosts only against IP SANs.
func TestCoverageFrom(t *testing.T) {
	withIPs, err := pki.Issue(pki.Template{DNSNames: []string{"my_app.example.com", "192.0.2.99"}, IPs: []net.IP{net.ParseIP("192.0.2.10"), net.ParseIP("2001:db8::1")}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pemValue := tftypes.NewValue(tftypes.String, withIPs.PEM())
	list := func(names ...string) tftypes.Value {
		elems := make([]tftypes.Value, len(names))
		for i, n := range names {
			elems[i] = tftypes.NewValue(tftypes.String, n)
		}
		return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, elems)
	}
	cases := []struct {
		name string
		arg  tftypes.Value
		host string
		want bool
	}{
		{"PEM, underscore name", pemValue, "my_app.example.com", true},
		{"PEM, IPv4 SAN", pemValue, "192.0.2.10", true},
		{"PEM, IPv6 SAN, other spelling", pemValue, "2001:DB8::1", true},
		{"PEM, address only as DNS SAN", pemValue, "192.0.2.99", false},
		{"PEM, other address", pemValue, "192.0.2.11", false},
		{"list, hyphens in 3rd and 4th position", list("ab--cd.example.com"), "ab--cd.example.com", true},
		{"list, wildcard over underscore", list("*.example.com"), "my_app.example.com", true},
		{"list, IP entry", list("example.com", "2001:db8::1"), "2001:DB8:0::1", true},
		{"list, wildcard never covers an IP", list("*.0.2.10"), "192.0.2.10", false},
	}
	for _, tc := range cases {
		covers, err := coverageFrom(tc.arg)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := covers(tc.host); got != tc.want {
			t.Errorf("%s: covers(%q) = %v, want %v", tc.name, tc.host, got, tc.want)
		}
	}
}
