package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/netns"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestAccRealWorldOrigins plans the real-world lab (Route 53's dual-stack
// name servers, an ALB, S3, API Gateway, a weighted record, a CNAME chain
// through two CDN zones, servers without EDNS) through terraform from a
// network namespace with loopback only, as from a CI runner without IPv6:
// every healthy origin is healthy with no warning and nothing "not
// verified", alone and in one origin_distribution, and the zone whose
// firewall drops EDNS queries fails.
func TestAccRealWorldOrigins(t *testing.T) {
	requireAcceptance(t)
	if !netns.Enter(t) {
		return
	}
	l, err := lab.StartRealWorld()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	cfg := labProvider(l.RootServers, l.CAPEM)

	var (
		checks  []resource.TestCheckFunc
		state   []statecheck.StateCheck
		origins []string
	)
	for _, s := range l.Scenarios {
		ds := "data.origin_health." + s.Name
		onFailure := "error"
		if !s.Healthy() {
			onFailure = "warn"
		}
		cfg += fmt.Sprintf("data \"origin_health\" %q {\n  domain_name = %q\n  on_failure  = %q\n  detail      = \"full\"\n}\n", s.Name, s.DomainName, onFailure)
		checks = append(checks, resource.TestCheckResourceAttr(ds, "healthy", fmt.Sprint(s.Healthy())))
		if chain, ok := lab.RealWorldChains[s.Name]; ok {
			checks = append(checks, resource.TestCheckResourceAttr(ds, "cname_chain.#", fmt.Sprint(len(chain))))
			for i, name := range chain {
				checks = append(checks, resource.TestCheckResourceAttr(ds, fmt.Sprintf("cname_chain.%d", i), name))
			}
		}
		for _, id := range s.Fails {
			state = append(state, checkByID(ds, id, report.Fail))
		}
		if !s.Healthy() {
			continue
		}
		checks = append(checks, resource.TestMatchResourceAttr(ds, "summary", regexp.MustCompile(`^origin \S+ is healthy \(0 failed, 0 warnings, \d+ passed, \d+ skipped\)$`)))
		origins = append(origins, fmt.Sprintf(`
  origin {
    origin_id   = %q
    domain_name = %q
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }`, s.Name, s.DomainName))
		checks = append(checks, resource.TestCheckResourceAttr("data.origin_distribution.all", "origins."+s.Name+".healthy", "true"))
	}
	cfg += "data \"origin_distribution\" \"all\" {" + strings.Join(origins, "") + "\n}\n"
	checks = append(checks,
		resource.TestCheckResourceAttr("data.origin_distribution.all", "healthy", "true"),
		resource.TestMatchResourceAttr("data.origin_distribution.all", "summary", regexp.MustCompile(`^distribution is healthy \(8 origins: 8 healthy, 0 failing, 0 failing but covered by failover; 0 origin groups\)$`)),
		resource.TestCheckResourceAttr("data.origin_distribution.all", "origins.cdn_cname_chain.cname_chain.2", "e1234.a.akamaiedge.net"),
		logSummary(t, "data.origin_health.cdn_cname_chain"),
		logSummary(t, "data.origin_distribution.all"),
	)
	// What each behaviour now says, found by id.
	state = append(state,
		checkByID("data.origin_health.route53_dualstack", report.DNSServerUnreachable, report.Pass).
			Message("note: 4 of 8 name server addresses could not be asked from this machine: it has no IPv6 route"),
		checkByID("data.origin_health.alb_behind_cname", report.DNSInconsistentAnswers, report.Pass).
			Message("zone us-east-1.elb.amazonaws.com: note: the A records vary between 4 servers of one zone version"),
		checkByID("data.origin_health.cdn_cname_chain", report.DNSSOAMismatch, report.Pass).
			Message("note: the servers serve different versions of the zone"),
		checkByID("data.origin_health.cdn_cname_chain", report.DNSParentChildNSMismatch, report.Pass).
			Message("zone edgekey.net is not under example.com"),
		checkByID("data.origin_health.edns_intolerant", report.DNSLameDelegation, report.Pass).
			Message("answered FORMERR to the query with EDNS and answered without it"),
		checkByID("data.origin_health.edns_dropped", report.DNSTimeout, report.Fail).Message("no answer within"),
	)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            cfg,
			Check:             resource.ComposeAggregateTestCheckFunc(checks...),
			ConfigStateChecks: state,
		}},
	})
}
