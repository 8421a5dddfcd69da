package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
)

// TestEveryLabScenario: origincheck gives every lab origin the verdict its
// scenario states, as the data source does through terraform: exit 2 when
// a check fails, 1 when one warns, 0 when healthy, and names each failing
// and warning check.
func TestEveryLabScenario(t *testing.T) {
	flags := labArgs(t)
	for _, s := range theLab.Scenarios {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			want := exitOK
			switch {
			case !s.Healthy():
				want = exitCritical
			case len(s.Warns) > 0:
				want = exitWarning
			}
			o := runArgs(append(slices.Clone(flags), scenarioFlags(s)...)...)
			if o.code != want {
				t.Errorf("exit %d, want %d\n%s%s", o.code, want, o.stdout, o.stderr)
			}
			for _, id := range s.Fails {
				if !strings.Contains(o.stdout, "FAIL "+string(id)+":") {
					t.Errorf("output does not name %s as failed:\n%s", id, o.stdout)
				}
			}
			for _, id := range s.Warns {
				if !strings.Contains(o.stdout, "WARN "+string(id)+":") {
					t.Errorf("output does not name %s as a warning:\n%s", id, o.stdout)
				}
			}
		})
	}
}

// scenarioFlags are the flags that give origincheck the scenario's origin.
func scenarioFlags(s lab.Scenario) []string {
	var args []string
	add := func(flag, value string) {
		if value != "" && value != "0" {
			args = append(args, "--"+flag, value)
		}
	}
	add("host-header", s.HostHeader)
	add("origin-protocol-policy", s.ProtocolPolicy)
	add("origin-ssl-protocols", strings.Join(s.SSLProtocols, ","))
	add("https-port", fmt.Sprint(s.HTTPSPort))
	add("ip-address-type", s.IPAddressType)
	add("reachable-from", s.ReachableFrom)
	add("connection-timeout", fmt.Sprint(s.ConnectionTimeout))
	add("client-certificate-arn", s.ClientCertificateARN)
	if r := s.HTTPRequest; r != nil {
		args = append(args, "--http-request")
		add("http-request-path", r.Path)
		add("http-request-method", r.Method)
		add("origin-read-timeout", fmt.Sprint(r.ReadTimeout))
		add("origin-keepalive-timeout", fmt.Sprint(r.KeepaliveTimeout))
		for name, value := range r.Headers {
			args = append(args, "--http-request-header", name+":"+value)
		}
		if r.MeasureKeepalive {
			args = append(args, "--measure-keepalive")
		}
	}
	return append(args, s.DomainName)
}
