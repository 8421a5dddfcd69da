package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestUnknownProviderArgumentDefers: a provider argument unknown at
// ConfigureProvider makes origin_health's read check nothing: a warning
// names the argument, healthy is false and every check is skipped. The
// origin is a name nothing serves: a check would fail its DNS.
func TestUnknownProviderArgumentDefers(t *testing.T) {
	for _, c := range []struct {
		name, argument string
		value          tftypes.Value
	}{
		{"trusted_ca_pem", "trusted_ca_pem", tftypes.NewValue(tftypes.String, tftypes.UnknownValue)},
		{"timeout", "timeout", tftypes.NewValue(tftypes.String, tftypes.UnknownValue)},
		{"a dns_root_servers element", "dns_root_servers", tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, tftypes.UnknownValue)})},
		{"allow_private_addresses", "allow_private_addresses", tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue)},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			srv := ProtocolServer("test")()
			schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
			if err != nil {
				t.Fatal(err)
			}
			if resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: object(t, schemas.Provider.ValueType(), map[string]tftypes.Value{c.argument: c.value})}); err != nil || len(resp.Diagnostics) > 0 {
				t.Fatalf("configure: %v %+v", err, resp)
			}
			typ := schemas.DataSourceSchemas["origin_health"].ValueType()
			read, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "origin_health",
				Config: object(t, typ, map[string]tftypes.Value{"domain_name": tftypes.NewValue(tftypes.String, "nothing.invalid")})})
			if err != nil || read.State == nil {
				t.Fatalf("read: %v %+v", err, read)
			}
			if len(read.Diagnostics) != 1 || read.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
				!strings.Contains(read.Diagnostics[0].Detail, "the provider argument "+c.argument+" is unknown during this plan") ||
				!strings.Contains(read.Diagnostics[0].Detail, "Fix: apply, then plan again") {
				t.Fatalf("diagnostics %+v, want one warning naming %s and the fix", read.Diagnostics, c.argument)
			}
			state, err := read.State.Unmarshal(typ)
			if err != nil {
				t.Fatal(err)
			}
			var attrs map[string]tftypes.Value
			if err := state.As(&attrs); err != nil {
				t.Fatal(err)
			}
			var healthy bool
			var summary string
			var checks map[string]tftypes.Value
			if attrs["healthy"].As(&healthy) != nil || attrs["summary"].As(&summary) != nil || attrs["checks"].As(&checks) != nil {
				t.Fatalf("state %s", state)
			}
			if healthy || !strings.Contains(summary, "is NOT CHECKED: the provider argument "+c.argument) {
				t.Errorf("healthy %v, summary %q", healthy, summary)
			}
			for _, ch := range checks {
				var fields map[string]tftypes.Value
				var status string
				if ch.As(&fields) != nil || fields["status"].As(&status) != nil || status != string(report.Skip) {
					t.Errorf("check %s ran, want skip", ch)
				}
			}
			if len(checks) == 0 {
				t.Error("no checks listed")
			}
		})
	}
}

// TestAccUnknownProviderArgument: trusted_ca_pem from a terraform_data
// output, unknown on the first plan: the plan succeeds, the result says
// not checked (no check ran), and the next plan, with the value known,
// checks the origin against that CA.
func TestAccUnknownProviderArgument(t *testing.T) {
	labProviderConfig(t) // skips without TF_ACC
	cfg := labProvider(testLab.RootServers, "", "trusted_ca_pem = terraform_data.ca.output", `timeout = "5s"`) + fmt.Sprintf(`
resource "terraform_data" "ca" {
  input = <<-EOT
%s
  EOT
}
data "origin_health" "t" {
  domain_name = %q
}
`, strings.TrimSpace(testLab.CAPEM), testLab.Scenario("healthy").DomainName)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		ExternalProviders:        map[string]resource.ExternalProvider{"terraform": {Source: "terraform.io/builtin/terraform"}},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr("data.origin_health.t", "healthy", "false"),
					resource.TestMatchResourceAttr("data.origin_health.t", "summary", regexp.MustCompile(`is NOT CHECKED: the provider argument trusted_ca_pem is unknown during this plan`)),
					resource.TestCheckResourceAttr("data.origin_health.t", "addresses.#", "0"),
				),
				ConfigStateChecks: []statecheck.StateCheck{checkByID("data.origin_health.t", report.TLSExpired, report.Skip)},
			},
			{
				Config: cfg,
				Check:  resource.TestCheckResourceAttr("data.origin_health.t", "healthy", "true"),
			},
		},
	})
}
