package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestAccHealth_TLSFindings plans the lab's TLS failures through real
// terraform with on_failure = "warn" and checks that each failing check
// names the address, the SNI CloudFront sends and what was seen.
func TestAccHealth_TLSFindings(t *testing.T) {
	cases := []struct {
		scenario string
		id       report.ID
		message  string // regexp the failing check's message must match
		// handshake says whether a handshake completed, so tls is set.
		handshake bool
	}{
		{"wrong_name", report.TLSNameMismatch, `:443 \(SNI wrongname\.example\.test\): the certificate names other\.example\.test \(DNS SANs\), none covers wrongname\.example\.test`, true},
		{"host_header_mismatch", report.TLSHostHeaderMismatch, `:443 \(SNI www\.shop\.test\): the certificate names api\.shop\.test \(DNS SANs\), none covers www\.shop\.test or vhost\.example\.test`, true},
		{"missing_intermediate", report.TLSMissingIntermediate, `the leaf's issuer "CN=Origin Lab Issuing CA" is neither among the 1 certificate\(s\) sent nor a trusted root`, true},
		{"chacha20_only", report.TLSNoCommonCipher, `offered TLSv1\.2 with CloudFront's 16 cipher suites, the origin sent alert handshake failure; offered suites CloudFront lacks too, it chose ECDHE-RSA-CHACHA20-POLY1305, which CloudFront does not offer`, false},
	}
	for _, tc := range cases {
		t.Run(tc.scenario, func(t *testing.T) {
			s := testLabScenario(t, tc.scenario)
			checks := []resource.TestCheckFunc{
				resource.TestCheckResourceAttr("data.origin_health.test", "healthy", "false"),
			}
			if tc.handshake {
				checks = append(checks, resource.TestCheckResourceAttr("data.origin_health.test", "tls.version", "TLSv1.2"))
			} else {
				checks = append(checks, resource.TestCheckNoResourceAttr("data.origin_health.test", "tls.version"))
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: healthConfig(t, s, ""), ExpectError: regexp.MustCompile(regexp.QuoteMeta("check " + string(tc.id) + " failed"))},
					{
						Config:            healthConfig(t, s, "warn"),
						Check:             resource.ComposeAggregateTestCheckFunc(checks...),
						ConfigStateChecks: []statecheck.StateCheck{checkByID("data.origin_health.test", tc.id, report.Fail).MessageMatches(tc.message)},
					},
				},
			})
		})
	}
}

// TestAccHealth_TLSPolicy: origin_ssl_protocols decides the verdict on a
// TLS 1.0-only origin, and the tls attribute carries OpenSSL's suite
// names, as AWS documents them.
func TestAccHealth_TLSPolicy(t *testing.T) {
	cases := []struct {
		name, scenario, protocols string
		checks                    []resource.TestCheckFunc
		state                     []statecheck.StateCheck
	}{
		{
			name: "default policy, healthy origin", scenario: "healthy", protocols: `["TLSv1.2"]`,
			checks: []resource.TestCheckFunc{
				resource.TestCheckResourceAttr("data.origin_health.test", "healthy", "true"),
				resource.TestCheckResourceAttr("data.origin_health.test", "tls.version", "TLSv1.2"),
				resource.TestMatchResourceAttr("data.origin_health.test", "tls.cipher_suite", regexp.MustCompile(`^ECDHE-RSA-AES(128-GCM-SHA256|256-GCM-SHA384)$`)),
			},
		},
		{
			name: "TLS 1.0 origin, policy lists TLSv1", scenario: "tls10_only", protocols: `["TLSv1", "TLSv1.2"]`,
			checks: []resource.TestCheckFunc{
				resource.TestCheckResourceAttr("data.origin_health.test", "healthy", "true"),
				resource.TestCheckResourceAttr("data.origin_health.test", "tls.version", "TLSv1"),
				resource.TestMatchResourceAttr("data.origin_health.test", "tls.cipher_suite", regexp.MustCompile(`^ECDHE-RSA-AES(128|256)-SHA$`)),
			},
		},
		{
			name: "TLS 1.0 origin, policy TLSv1.1 and TLSv1.2", scenario: "tls10_only", protocols: `["TLSv1.1", "TLSv1.2"]`,
			checks: []resource.TestCheckFunc{
				resource.TestCheckResourceAttr("data.origin_health.test", "healthy", "false"),
			},
			state: []statecheck.StateCheck{
				checkByID("data.origin_health.test", report.TLSNoCommonProtocol, report.Fail).
					MessageMatches(`offered TLSv1\.2, accepting TLSv1\.1, TLSv1\.2: the origin chose TLSv1, which origin_ssl_protocols does not list`),
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := testLabScenario(t, tc.scenario)
			cfg := labProviderConfig(t) + fmt.Sprintf(`
data "origin_health" "test" {
  domain_name          = %q
  origin_ssl_protocols = %s
  on_failure           = "warn"
}
`, s.DomainName, tc.protocols)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: cfg, Check: resource.ComposeAggregateTestCheckFunc(tc.checks...), ConfigStateChecks: tc.state}},
			})
		})
	}
}

func testLabScenario(t *testing.T, name string) lab.Scenario {
	t.Helper()
	requireAcceptance(t)
	return testLab.Scenario(name)
}
