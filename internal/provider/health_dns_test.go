package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestAccHealth_DNSDelegation plans the lab's DNS origins through real
// terraform and checks what the walk tells the user: the verdict, which
// server is at fault, and the nameservers and addresses attributes.
func TestAccHealth_DNSDelegation(t *testing.T) {
	const ds = "data.origin_health.test"
	tests := []struct {
		scenario string
		// wantErr, when set, is the plan's error; checks then run with
		// on_failure = "warn".
		wantErr string
		checks  func() []resource.TestCheckFunc
		// state asserts checks by id.
		state []statecheck.StateCheck
	}{
		{scenario: "dns_one_of_three_dead", checks: func() []resource.TestCheckFunc {
			return []resource.TestCheckFunc{
				resource.TestCheckResourceAttr(ds, "healthy", "true"),
				resource.TestCheckResourceAttr(ds, "nameservers.#", "4"), // 3 of the origin's zone, then example.test's one
				resource.TestCheckTypeSetElemNestedAttrs(ds, "nameservers.*", map[string]string{
					"name": "ns2.onedead.example.test", "zone": "onedead.example.test", "status": "timeout"}),
				resource.TestCheckTypeSetElemNestedAttrs(ds, "nameservers.*", map[string]string{
					"name": "ns1.onedead.example.test", "zone": "onedead.example.test", "status": "ok"}),
				resource.TestCheckResourceAttrSet(ds, "addresses.0"),
			}
		}, state: []statecheck.StateCheck{
			checkByID(ds, report.DNSServerUnreachable, report.Warn).
				MessageMatches(`1 of 3 name servers does not answer: ns2\.onedead\.example\.test \(127\.[0-9.]+\): no answer within`),
		}},
		{scenario: "dns_lame_delegation", checks: func() []resource.TestCheckFunc {
			return []resource.TestCheckFunc{
				resource.TestCheckResourceAttr(ds, "healthy", "true"),
				resource.TestCheckTypeSetElemNestedAttrs(ds, "nameservers.*", map[string]string{"name": "ns2.lame.example.test", "status": "refused"}),
			}
		}, state: []statecheck.StateCheck{
			checkByID(ds, report.DNSLameDelegation, report.Warn).MessageMatches(`ns2\.lame\.example\.test \(127\.[0-9.]+\): answered REFUSED`),
		}},
		{scenario: "dns_server_silent", wantErr: "check dns.timeout failed", checks: func() []resource.TestCheckFunc {
			return []resource.TestCheckFunc{
				resource.TestCheckResourceAttr(ds, "healthy", "false"),
				resource.TestCheckResourceAttr(ds, "addresses.#", "0"),
			}
		}, state: []statecheck.StateCheck{checkByID(ds, report.DNSServerUnreachable, report.Fail)}},
		{scenario: "dns_subdomain_delegation_broken", wantErr: "check dns.subdomain_delegation_broken failed", checks: func() []resource.TestCheckFunc {
			return []resource.TestCheckFunc{resource.TestCheckResourceAttr(ds, "healthy", "false")}
		}, state: []statecheck.StateCheck{
			checkByID(ds, report.DNSSubdomainDelegationBroken, report.Fail).
				MessageMatches(`zone brokensub\.example\.test, delegated from example\.test: 1 of 1 servers .* answered REFUSED\. CloudFront would return HTTP 502 with error code NonS3OriginDnsError`),
		}},
		{scenario: "nxdomain", wantErr: "check dns.nxdomain failed", state: []statecheck.StateCheck{
			checkByID(ds, report.DNSNXDomain, report.Fail).MessageMatches(`missing\.example\.test does not exist \(NXDOMAIN\)`),
		}},
		{scenario: "dns_glueless", checks: func() []resource.TestCheckFunc {
			return []resource.TestCheckFunc{
				resource.TestCheckResourceAttr(ds, "healthy", "true"),
				resource.TestCheckResourceAttr(ds, "nameservers.0.name", "ns1.lab-dns.test"),
				resource.TestCheckResourceAttr(ds, "nameservers.0.zone", "glueless.example.test"),
				resource.TestCheckResourceAttr(ds, "nameservers.0.status", "ok"),
			}
		}, state: []statecheck.StateCheck{
			checkByID(ds, report.DNSLameDelegation, report.Pass),
			checkByID(ds, report.DNSParentChildNSMismatch, report.Pass),
		}},
		{scenario: "dns_cname_other_zone", checks: func() []resource.TestCheckFunc {
			return []resource.TestCheckFunc{
				resource.TestCheckResourceAttr(ds, "healthy", "true"),
				resource.TestCheckResourceAttr(ds, "addresses.#", "1"),
				resource.TestCheckTypeSetElemNestedAttrs(ds, "nameservers.*", map[string]string{"zone": "lab-cdn.test", "status": "ok"}),
			}
		}, state: []statecheck.StateCheck{
			checkByID(ds, report.DNSCNAMELoop, report.Pass).MessageMatches(`www\.cdnalias\.example\.test → edge\.lab-cdn\.test`),
			checkByID(ds, report.DNSInconsistentAnswers, report.Pass),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			requireAcceptance(t)
			s := testLab.Scenario(tt.scenario)
			var steps []resource.TestStep
			onFailure := ""
			if tt.wantErr != "" {
				steps = append(steps, resource.TestStep{Config: fullDetail(healthConfig(t, s, "")), ExpectError: regexp.MustCompile(regexp.QuoteMeta(tt.wantErr))})
				onFailure = "warn"
			}
			var checks []resource.TestCheckFunc
			if tt.checks != nil {
				checks = tt.checks()
			}
			// Full detail: these tests read the messages of passing checks.
			steps = append(steps, resource.TestStep{Config: fullDetail(healthConfig(t, s, onFailure)), Check: resource.ComposeAggregateTestCheckFunc(checks...), ConfigStateChecks: tt.state})
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
		})
	}
}
