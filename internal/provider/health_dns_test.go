package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestAccHealth_DNSDelegation plans the lab's DNS origins through real
// terraform and checks what the walk tells the user: the verdict, which
// server is at fault, and the nameservers and addresses attributes.
func TestAccHealth_DNSDelegation(t *testing.T) {
	const ds = "data.origin_health.test"
	status := func(id report.ID, want string) resource.TestCheckFunc {
		return resource.TestCheckResourceAttr(ds, fmt.Sprintf("checks.%d.status", checkIndex(t, id)), want)
	}
	message := func(id report.ID, re string) resource.TestCheckFunc {
		return resource.TestMatchResourceAttr(ds, fmt.Sprintf("checks.%d.message", checkIndex(t, id)), regexp.MustCompile(re))
	}
	tests := []struct {
		scenario string
		// wantErr, when set, is the plan's error; checks then run with
		// on_failure = "warn".
		wantErr string
		checks  func() []resource.TestCheckFunc
	}{
		{scenario: "dns_one_of_three_dead", checks: func() []resource.TestCheckFunc {
			return []resource.TestCheckFunc{
				resource.TestCheckResourceAttr(ds, "healthy", "true"),
				status(report.DNSServerUnreachable, "warn"),
				message(report.DNSServerUnreachable, `1 of 3 name servers does not answer: ns2\.onedead\.example\.test \(127\.[0-9.]+\): no answer within`),
				resource.TestCheckResourceAttr(ds, "nameservers.#", "4"), // 3 of the origin's zone, then example.test's one
				resource.TestCheckTypeSetElemNestedAttrs(ds, "nameservers.*", map[string]string{
					"name": "ns2.onedead.example.test", "zone": "onedead.example.test", "status": "timeout"}),
				resource.TestCheckTypeSetElemNestedAttrs(ds, "nameservers.*", map[string]string{
					"name": "ns1.onedead.example.test", "zone": "onedead.example.test", "status": "ok"}),
				resource.TestCheckResourceAttrSet(ds, "addresses.0"),
			}
		}},
		{scenario: "dns_lame_delegation", checks: func() []resource.TestCheckFunc {
			return []resource.TestCheckFunc{
				resource.TestCheckResourceAttr(ds, "healthy", "true"),
				status(report.DNSLameDelegation, "warn"),
				message(report.DNSLameDelegation, `ns2\.lame\.example\.test \(127\.[0-9.]+\): answered REFUSED`),
				resource.TestCheckTypeSetElemNestedAttrs(ds, "nameservers.*", map[string]string{"name": "ns2.lame.example.test", "status": "refused"}),
			}
		}},
		{scenario: "dns_server_silent", wantErr: "check dns.timeout failed", checks: func() []resource.TestCheckFunc {
			return []resource.TestCheckFunc{
				resource.TestCheckResourceAttr(ds, "healthy", "false"),
				status(report.DNSServerUnreachable, "fail"),
				resource.TestCheckResourceAttr(ds, "addresses.#", "0"),
			}
		}},
		{scenario: "dns_subdomain_delegation_broken", wantErr: "check dns.subdomain_delegation_broken failed", checks: func() []resource.TestCheckFunc {
			return []resource.TestCheckFunc{
				resource.TestCheckResourceAttr(ds, "healthy", "false"),
				status(report.DNSSubdomainDelegationBroken, "fail"),
				message(report.DNSSubdomainDelegationBroken, `zone brokensub\.example\.test, delegated from example\.test: 1 of 1 servers .* answered REFUSED\. CloudFront would return HTTP 502 with error code NonS3OriginDnsError`),
			}
		}},
		{scenario: "nxdomain", wantErr: "check dns.nxdomain failed", checks: func() []resource.TestCheckFunc {
			return []resource.TestCheckFunc{status(report.DNSNXDomain, "fail"), message(report.DNSNXDomain, `missing\.example\.test does not exist \(NXDOMAIN\)`)}
		}},
		{scenario: "dns_glueless", checks: func() []resource.TestCheckFunc {
			return []resource.TestCheckFunc{
				resource.TestCheckResourceAttr(ds, "healthy", "true"),
				status(report.DNSLameDelegation, "pass"),
				status(report.DNSParentChildNSMismatch, "pass"),
				resource.TestCheckResourceAttr(ds, "nameservers.0.name", "ns1.lab-dns.test"),
				resource.TestCheckResourceAttr(ds, "nameservers.0.zone", "glueless.example.test"),
				resource.TestCheckResourceAttr(ds, "nameservers.0.status", "ok"),
			}
		}},
		{scenario: "dns_cname_other_zone", checks: func() []resource.TestCheckFunc {
			return []resource.TestCheckFunc{
				resource.TestCheckResourceAttr(ds, "healthy", "true"),
				message(report.DNSCNAMELoop, `www\.cdnalias\.example\.test → edge\.lab-cdn\.test`),
				status(report.DNSInconsistentAnswers, "pass"),
				resource.TestCheckResourceAttr(ds, "addresses.#", "1"),
				resource.TestCheckTypeSetElemNestedAttrs(ds, "nameservers.*", map[string]string{"zone": "lab-cdn.test", "status": "ok"}),
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			if testLab == nil {
				t.Skip("acceptance test: set TF_ACC=1 (make testacc)")
			}
			s := testLab.Scenario(tt.scenario)
			var steps []resource.TestStep
			onFailure := ""
			if tt.wantErr != "" {
				steps = append(steps, resource.TestStep{Config: healthConfig(t, s, ""), ExpectError: regexp.MustCompile(regexp.QuoteMeta(tt.wantErr))})
				onFailure = "warn"
			}
			steps = append(steps, resource.TestStep{Config: healthConfig(t, s, onFailure), Check: resource.ComposeAggregateTestCheckFunc(tt.checks()...)})
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
		})
	}
}
