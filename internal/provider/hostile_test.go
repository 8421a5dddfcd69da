package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"go.uber.org/goleak"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/hostile"
)

// hostileTimeout is the provider timeout the hostile plans run with.
const hostileTimeout = 3 * time.Second

// hostilePlanned are the hostile cases planned through real terraform, one
// or two per family; the engine test covers every case.
var hostilePlanned = []string{
	"tcp_black_hole", "tcp_accept_then_silence", "tls_slow_loris", "tls_endless_certificate", "tls_garbage", "tls_chain_of_20",
	"dns_never_answers", "dns_compression_loop", "dns_cname_chain_1000", "dns_ns_never_resolve",
}

func hostileProviderConfig(l *hostile.Lab) string {
	return labProvider(l.RootServers, l.CAPEM, fmt.Sprintf("timeout = %q", hostileTimeout))
}

// TestAccHealth_HostilePeers plans hostile origins: each plan fails (or
// passes) naming the behaviour, and the plan with the hostile origin takes
// at most timeout + 1 s more than a plan that fails before any network
// check (terraform's own start-up).
func TestAccHealth_HostilePeers(t *testing.T) {
	requireAcceptance(t)
	l, err := hostile.Start()
	if err != nil {
		t.Fatalf("hostile lab: %v", err)
	}
	t.Cleanup(l.Close)
	providerConfig := hostileProviderConfig(l)
	for _, name := range hostilePlanned {
		c := l.Case(name)
		t.Run(name, func(t *testing.T) {
			data := func(domain, onFailure string) string {
				return providerConfig + fmt.Sprintf("data \"origin_health\" \"t\" {\n  domain_name = %q\n  on_failure  = %q\n}\n", domain, onFailure)
			}
			// Plan wall times: the baseline step fails at once on its
			// configuration; the hostile step is the same plan plus the check.
			var marks []time.Time
			mark := func() { marks = append(marks, time.Now()) }
			steps := []resource.TestStep{
				{PreConfig: mark, Config: data("192.0.2.10", "error"), PlanOnly: true, ExpectError: regexp.MustCompile(`check config\.ip_literal failed`)},
			}
			if len(c.Fails) > 1 {
				t.Fatalf("%s fails %d checks: this test matches one failing check's diagnostic", name, len(c.Fails))
			}
			if !c.Healthy() {
				want := "check " + regexp.QuoteMeta(string(c.Fails[0])) + " failed"
				// A known bug's diagnostic is internal/engine's
				// TestCheckHostilePeers' to expect (hostile.Case.Expect): it
				// fails there once the bug is fixed.
				if c.KnownBug == nil {
					want += "(?s).*(?:" + wrapped(c.Diagnostic) + ")"
				}
				steps = append(steps, resource.TestStep{PreConfig: mark, Config: data(c.DomainName, "error"), PlanOnly: true, ExpectError: regexp.MustCompile(want)})
			} else {
				steps = append(steps, resource.TestStep{PreConfig: mark, Config: data(c.DomainName, "error"),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr("data.origin_health.t", "healthy", "true"),
						resource.TestCheckResourceAttr("data.origin_health.t", "tls.certificate.chain_length", fmt.Sprint(c.ChainLength)),
					)})
			}
			// The last step only marks the end of the one before.
			steps = append(steps, resource.TestStep{PreConfig: mark, Config: data("192.0.2.10", "ignore"), PlanOnly: true})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps:                    steps,
			})
			if len(marks) == 3 {
				baseline, plan := marks[1].Sub(marks[0]), marks[2].Sub(marks[1])
				t.Logf("%s: plan %s (baseline plan %s)", name, plan.Round(10*time.Millisecond), baseline.Round(10*time.Millisecond))
				if plan > baseline+hostileTimeout+time.Second {
					t.Errorf("plan took %s: more than timeout %s + 1 s over the baseline plan's %s", plan, hostileTimeout, baseline)
				}
			}
		})
	}
}

// wrapped lets a regular expression match across the line breaks terraform
// puts in long diagnostics.
func wrapped(re string) string { return strings.ReplaceAll(re, " ", `\s+`) }

// TestAccHealth_FiftyOriginsInOnePlan plans 50 origin_health data sources
// at once (terraform reads them in parallel, sharing one engine): run under
// -race, every verdict must still be its scenario's.
func TestAccHealth_FiftyOriginsInOnePlan(t *testing.T) {
	cfg := labProviderConfig(t)
	var origins []string
	var checks []resource.TestCheckFunc
	for i := range 50 {
		s := testLab.Scenarios[i%len(testLab.Scenarios)]
		origins = append(origins, hclValue(s.Arguments()))
		checks = append(checks, resource.TestCheckResourceAttr(fmt.Sprintf("data.origin_health.o.%d", i), "healthy", fmt.Sprint(s.Healthy())))
	}
	cfg += fmt.Sprintf(`
locals {
  origins = [%s]
}
data "origin_health" "o" {
  count                  = 50
  domain_name            = local.origins[count.index].domain_name
  host_header            = local.origins[count.index].host_header
  origin_protocol_policy = local.origins[count.index].origin_protocol_policy
  origin_ssl_protocols   = local.origins[count.index].origin_ssl_protocols
  https_port             = local.origins[count.index].https_port
  ip_address_type        = local.origins[count.index].ip_address_type
  reachable_from         = local.origins[count.index].reachable_from
  connection_timeout     = local.origins[count.index].connection_timeout
  origin_mtls_config     = local.origins[count.index].origin_mtls_config
  http_request           = local.origins[count.index].http_request
  on_failure             = "ignore"
}
`, strings.Join(origins, ", "))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: cfg, Check: resource.ComposeAggregateTestCheckFunc(checks...)}},
	})
}

// TestReadLeavesNoGoroutine: a provider configure and data source read,
// served as terraform drives them, leave no goroutine behind.
func TestReadLeavesNoGoroutine(t *testing.T) {
	labProviderConfig(t) // skips without the lab
	ctx := context.Background()
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	srv := ProtocolServer("test")()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var roots []tftypes.Value
	for _, r := range testLab.RootServers {
		roots = append(roots, tftypes.NewValue(tftypes.String, r.String()))
	}
	providerConfig := object(t, schemas.Provider.ValueType(), map[string]tftypes.Value{
		"dns_root_servers": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, roots),
		"trusted_ca_pem":   tftypes.NewValue(tftypes.String, testLab.CAPEM),
		// The lab lives on 127.0.0.0/8.
		"allow_private_addresses": tftypes.NewValue(tftypes.Bool, true),
	})
	if resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: providerConfig}); err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configure: %v %+v", err, resp)
	}
	for _, name := range []string{"healthy", "port_closed", "dns_server_silent"} {
		dataConfig := object(t, schemas.DataSourceSchemas["origin_health"].ValueType(), map[string]tftypes.Value{
			"domain_name": tftypes.NewValue(tftypes.String, testLab.Scenario(name).DomainName),
			"on_failure":  tftypes.NewValue(tftypes.String, "ignore"),
		})
		resp, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "origin_health", Config: dataConfig})
		if err != nil || len(resp.Diagnostics) > 0 || resp.State == nil {
			t.Fatalf("read %s: %v %+v", name, err, resp)
		}
	}
}

// object is a configuration value of typ with the given attributes set and
// every other attribute null.
func object(t *testing.T, typ tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("schema type %s is not an object", typ)
	}
	attrs := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
		if v, ok := set[name]; ok {
			attrs[name] = v
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}
