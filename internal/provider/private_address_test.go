package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestAccPrivateAddresses plans the lab's healthy origin, which lives on
// 127.0.0.0/8 as do the lab's name servers, under both settings of
// allow_private_addresses: the default sends no packet past the root
// servers the provider is configured with (the TLD's name server is on
// loopback) and fails the plan on dns.private_nameserver; true probes it
// and passes. dns.private_address for the origin's own addresses is
// internal/engine's TestPrivateAddressesAreNotConnectedTo.
func TestAccPrivateAddresses(t *testing.T) {
	allowed := labProviderConfig(t)
	denied := strings.Replace(allowed, "allow_private_addresses = true", "allow_private_addresses = false", 1)
	origin := fmt.Sprintf("data \"origin_health\" \"t\" {\n  domain_name = %q\n  detail      = \"full\"\n}\n", testLab.Scenario("healthy").DomainName)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      denied + origin,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(wrapped(`check dns.private_nameserver failed`) + `(?s).*` + wrapped(`is loopback \(127\.0\.0\.0/8\) and allow_private_addresses is false`)),
			},
			{
				Config: allowed + origin,
				Check:  resource.TestCheckResourceAttr("data.origin_health.t", "healthy", "true"),
				ConfigStateChecks: []statecheck.StateCheck{
					checkByID("data.origin_health.t", report.DNSPrivateAddress, report.Pass).Message("allow_private_addresses is true"),
				},
			},
		},
	})
}
