package originspec

import (
	"testing"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

func TestCheck(t *testing.T) {
	cases := []struct {
		name      string
		spec      Spec
		failing   []report.ID
		probeable bool
	}{
		{name: "healthy defaults", spec: Spec{DomainName: "origin.example.com"}, probeable: true},
		{name: "trailing dot and case", spec: Spec{DomainName: "Origin.Example.COM."}, probeable: true},
		{name: "underscore label", spec: Spec{DomainName: "_origin.example.com"}, probeable: true},
		{name: "ipv4 literal", spec: Spec{DomainName: "192.0.2.10"}, failing: []report.ID{report.ConfigIPLiteral}},
		{name: "ipv6 literal", spec: Spec{DomainName: "2001:db8::1"}, failing: []report.ID{report.ConfigIPLiteral}},
		{name: "bracketed ipv6", spec: Spec{DomainName: "[2001:db8::1]"}, failing: []report.ID{report.ConfigIPLiteral}},
		{name: "empty", spec: Spec{DomainName: ""}, failing: []report.ID{report.ConfigDomainName}},
		{name: "scheme", spec: Spec{DomainName: "https://origin.example.com"}, failing: []report.ID{report.ConfigDomainName}},
		{name: "port in name", spec: Spec{DomainName: "origin.example.com:8443"}, failing: []report.ID{report.ConfigDomainName}},
		{name: "bad label", spec: Spec{DomainName: "-bad.example.com"}, failing: []report.ID{report.ConfigDomainName}},
		{name: "space", spec: Spec{DomainName: "a b.example.com"}, failing: []report.ID{report.ConfigDomainName}},
		{name: "empty last label", spec: Spec{DomainName: "origin.example.com.."}, failing: []report.ID{report.ConfigDomainName}},
		{name: "empty last label normalized twice", spec: Spec{DomainName: "origin.example.com.."}.Normalize(), failing: []report.ID{report.ConfigDomainName}},
		{name: "port 8080 allowed", spec: Spec{DomainName: "o.example.com", HTTPPort: 8080}, probeable: true},
		{name: "port 81 rejected", spec: Spec{DomainName: "o.example.com", HTTPPort: 81}, failing: []report.ID{report.ConfigPortOutOfRange}},
		{name: "https port 1023 rejected", spec: Spec{DomainName: "o.example.com", HTTPSPort: 1023}, failing: []report.ID{report.ConfigPortOutOfRange}},
		{name: "tls1.3 not offered", spec: Spec{DomainName: "o.example.com", SSLProtocols: []string{"TLSv1.3"}}, failing: []report.ID{report.ConfigUnknownProtocol}},
		{name: "empty protocols", spec: Spec{DomainName: "o.example.com", SSLProtocols: []string{}}, failing: []report.ID{report.ConfigUnknownProtocol}},
		{name: "bad protocol irrelevant for http-only", spec: Spec{DomainName: "o.example.com", ProtocolPolicy: HTTPOnly, SSLProtocols: []string{"TLS1.2"}}, failing: []report.ID{report.ConfigUnknownProtocol}, probeable: true},
		{name: "s3 website https", spec: Spec{DomainName: "b.s3-website-us-east-1.amazonaws.com"}, failing: []report.ID{report.ConfigS3WebsiteHTTPS}, probeable: true},
		{name: "s3 website dotted region https", spec: Spec{DomainName: "b.s3-website.eu-west-1.amazonaws.com", ProtocolPolicy: MatchViewer}, failing: []report.ID{report.ConfigS3WebsiteHTTPS}, probeable: true},
		{name: "s3 website http-only", spec: Spec{DomainName: "b.s3-website-us-east-1.amazonaws.com", ProtocolPolicy: HTTPOnly}, probeable: true},
		{name: "s3 rest endpoint https", spec: Spec{DomainName: "b.s3.us-east-1.amazonaws.com"}, probeable: true},
		{name: "ip_address_type dualstack", spec: Spec{DomainName: "o.example.com", IPAddressType: DualStack}, probeable: true},
		{name: "ip_address_type unknown", spec: Spec{DomainName: "o.example.com", IPAddressType: "ipv5"}, failing: []report.ID{report.ConfigIPAddressType}},
		{name: "connection_attempts 4", spec: Spec{DomainName: "o.example.com", ConnectionAttempts: 4}, failing: []report.ID{report.ConfigConnectionAttempts}},
		{name: "connection_attempts 1", spec: Spec{DomainName: "o.example.com", ConnectionAttempts: 1}, probeable: true},
		{name: "connection_timeout 11", spec: Spec{DomainName: "o.example.com", ConnectionTimeout: 11}, failing: []report.ID{report.ConfigConnectionTimeout}},
		{name: "connection_timeout -1", spec: Spec{DomainName: "o.example.com", ConnectionTimeout: -1}, failing: []report.ID{report.ConfigConnectionTimeout}},
		{name: "mtls acm arn", spec: Spec{DomainName: "o.example.com", ClientCertificateARN: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"}, probeable: true},
		{name: "mtls arn outside us-east-1", spec: Spec{DomainName: "o.example.com", ClientCertificateARN: "arn:aws:acm:eu-west-1:123456789012:certificate/abc"}, failing: []report.ID{report.ConfigOriginMTLS}, probeable: true},
		{name: "mtls declared with empty arn", spec: Spec{DomainName: "o.example.com", ClientCertificateDeclared: true}, failing: []report.ID{report.ConfigOriginMTLS}, probeable: true},
		{name: "mtls over http-only", spec: Spec{DomainName: "o.example.com", ProtocolPolicy: HTTPOnly, ClientCertificateARN: "arn:aws:acm:us-east-1:123456789012:certificate/abc"}, failing: []report.ID{report.ConfigOriginMTLS}, probeable: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := report.NewBuilder()
			spec := tc.spec.Normalize()
			if blockers := Check(spec, b); (len(blockers) == 0) != tc.probeable {
				t.Errorf("blockers = %v, want probeable %v", blockers, tc.probeable)
			}
			want := map[report.ID]bool{}
			for _, id := range tc.failing {
				want[id] = true
			}
			for _, c := range b.Build(spec.DomainName, nil).Checks {
				if c.Category != report.CategoryConfig {
					continue
				}
				if got := c.Status == report.Fail; got != want[c.ID] {
					t.Errorf("%s: status %s (%s), want fail=%v", c.ID, c.Status, c.Message, want[c.ID])
				}
			}
		})
	}
}

func TestSNI(t *testing.T) {
	for _, tc := range []struct {
		spec Spec
		want string
	}{
		{Spec{DomainName: "origin.example.com"}, "origin.example.com"},
		{Spec{DomainName: "origin.example.com", HostHeader: "WWW.Example.com:443"}, "www.example.com"},
	} {
		if got := tc.spec.Normalize().SNI(); got != tc.want {
			t.Errorf("SNI(%+v) = %q, want %q", tc.spec, got, tc.want)
		}
	}
}

// TestDisplayPath: a shown path or URL keeps everything before its query
// or fragment, never a value after it.
func TestDisplayPath(t *testing.T) {
	for _, tc := range [][2]string{
		{"/", "/"},
		{"/health", "/health"},
		{"/health?token=s3cr3t", "/health?…"},
		{"/a?b=1&c=2", "/a?…"},
		{"/a?", "/a?…"},
		{"/a#frag", "/a?…"},
		{"https://www.elsewhere.test/login?next=%2Fhealth%3Ftoken%3Ds3cr3t", "https://www.elsewhere.test/login?…"},
	} {
		if got := DisplayPath(tc[0]); got != tc[1] {
			t.Errorf("DisplayPath(%q) = %q, want %q", tc[0], got, tc[1])
		}
	}
}
