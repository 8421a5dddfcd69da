package originspec

import (
	"strings"
	"testing"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// FuzzCheck feeds arbitrary domain names and Host values through the
// parsing the engine and config_problems rely on: it must never panic,
// normalizing must be idempotent, and a name it accepts must be one DNS can
// carry.
func FuzzCheck(f *testing.F) {
	for _, seed := range []struct{ domain, host string }{
		{"origin.example.com", ""},
		{"Origin.Example.COM.", "www.example.com:8443"},
		{"192.0.2.10", "[2001:db8::1]:443"},
		{"[2001:db8::1]", "a:b:c"},
		{"https://origin.example.com/path?q#f", "host:0"},
		{"b.s3-website-us-east-1.amazonaws.com", "host:65536"},
		{"_dmarc.-bad-.example", " spaced .example. "},
		{strings.Repeat("a.", 130), "ünicode.example"},
		{"..", ":"},
	} {
		f.Add(seed.domain, seed.host)
	}
	f.Fuzz(func(t *testing.T, domain, host string) {
		spec := Spec{DomainName: domain, HostHeader: host}.Normalize()
		if again := spec.Normalize(); again.DomainName != spec.DomainName || again.HostHeader != spec.HostHeader {
			t.Fatalf("Normalize not idempotent: %q/%q then %q/%q", spec.DomainName, spec.HostHeader, again.DomainName, again.HostHeader)
		}
		b := report.NewBuilder()
		Check(spec, b)
		r := b.Build(spec.DomainName, nil)
		if problem := domainProblem(spec.DomainName); problem == "" {
			if len(spec.DomainName) > 253 || strings.ContainsAny(spec.DomainName, " /:?#") && !isIPv6(spec.DomainName) {
				t.Fatalf("accepted %q", spec.DomainName)
			}
		} else if c := find(r, report.ConfigDomainName); c.Status != report.Fail {
			t.Fatalf("domain %q: problem %q but check %s", spec.DomainName, problem, c.Status)
		}
		if HostProblem(host) == "" && host != "" && strings.ContainsAny(CanonicalName(stripPort(host)), " /?#") {
			t.Fatalf("accepted host header %q", host)
		}
		_ = spec.SNI()
	})
}

func find(r report.Report, id report.ID) report.Check {
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	return report.Check{}
}
