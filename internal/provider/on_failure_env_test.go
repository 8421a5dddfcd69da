package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/originhealth/terraform-provider-origin/internal/report"
	"github.com/originhealth/terraform-provider-origin/internal/settings"
)

// TestAccOnFailureEnv: ORIGIN_ON_FAILURE overrides on_failure of every
// data source for one run, as `ORIGIN_ON_FAILURE=ignore terraform destroy`
// needs: a broken origin with on_failure = "error" plans with ignore (or
// warn), error fails one declared "ignore", and a bad value is a provider
// error naming the variable. Not parallel: it sets the environment of
// the provider, which runs in this process.
func TestAccOnFailureEnv(t *testing.T) {
	requireAcceptance(t)
	broken := func(t *testing.T, onFailure string) string {
		return distributionConfig(t, `
data "origin_health" "t" {
  domain_name = "{{expired}}"
  on_failure  = "`+onFailure+`"
}
data "origin_distribution" "d" {
  on_failure = "`+onFailure+`"
  origin {
    origin_id   = "web"
    domain_name = "{{expired}}"
  }
}
`)
	}
	planned := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.origin_health.t", tfjsonpath.New("healthy"), knownvalue.Bool(false)),
		// The state keeps the configured on_failure: the override is the run's.
		statecheck.ExpectKnownValue("data.origin_health.t", tfjsonpath.New("on_failure"), knownvalue.StringExact("error")),
		statecheck.ExpectKnownValue("data.origin_distribution.d", tfjsonpath.New("healthy"), knownvalue.Bool(false)),
		checkByID("data.origin_health.t", report.TLSExpired, report.Fail).WithRemediation(),
		checkByID("data.origin_distribution.d", report.TLSExpired, report.Fail).In("origins.web"),
	}
	tests := []struct {
		name, env, onFailure string
		wantErr              string
		state                []statecheck.StateCheck
	}{
		{name: "ignore overrides error", env: "ignore", onFailure: "error", state: planned},
		{name: "warn overrides error", env: "warn", onFailure: "error", state: planned},
		{name: "error overrides ignore", env: "error", onFailure: "ignore", wantErr: `check tls\.expired failed`},
		{name: "unset: on_failure stands", env: "", onFailure: "error", wantErr: `check tls\.expired failed`},
		{name: "bad value", env: "ingnore", onFailure: "error", wantErr: `Invalid on_failure \(from ORIGIN_ON_FAILURE\)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(settings.OnFailureEnv, tt.env)
			step := resource.TestStep{Config: broken(t, tt.onFailure), ConfigStateChecks: tt.state}
			if tt.wantErr != "" {
				step = resource.TestStep{Config: broken(t, tt.onFailure), PlanOnly: true, ExpectError: regexp.MustCompile(tt.wantErr)}
			}
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{step}})
		})
	}
}

// TestAccDetail: by default a passing check, and one that did not run
// because it does not apply, keeps its category and status only and no
// measured time is stored; detail = "full" keeps every message and
// time_to_first_byte_ms. Failures keep everything either way.
func TestAccDetail(t *testing.T) {
	cfg := distributionConfig(t, `
data "origin_health" "compact" {
  domain_name  = "{{http_ok}}"
  http_request = {}
}
data "origin_health" "full" {
  domain_name  = "{{http_ok}}"
  http_request = {}
  detail       = "full"
}
data "origin_distribution" "d" {
  on_failure = "warn"
  origin {
    origin_id   = "web"
    domain_name = "{{http_ok}}"
    http_request = {}
  }
  origin {
    origin_id   = "old"
    domain_name = "{{expired}}"
  }
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.origin_health.compact", tfjsonpath.New("detail"), knownvalue.StringExact("problems")),
				statecheck.ExpectKnownValue("data.origin_distribution.d", tfjsonpath.New("detail"), knownvalue.StringExact("problems")),
				statecheck.ExpectKnownValue("data.origin_health.compact", tfjsonpath.New("checks").AtMapKey("http.read_timeout"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"category": knownvalue.StringExact("http"), "status": knownvalue.StringExact("pass"), "message": knownvalue.Null(), "remediation": knownvalue.Null(),
				})),
				statecheck.ExpectKnownValue("data.origin_health.compact", tfjsonpath.New("http").AtMapKey("time_to_first_byte_ms"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.origin_health.compact", tfjsonpath.New("http").AtMapKey("status_code"), knownvalue.Int64Exact(200)),
				checkByID("data.origin_health.full", report.HTTPReadTimeout, report.Pass).MessageMatches(`first byte after \d`),
				statecheck.ExpectKnownValue("data.origin_health.full", tfjsonpath.New("http").AtMapKey("time_to_first_byte_ms"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue("data.origin_distribution.d", tfjsonpath.New("origins").AtMapKey("web").AtMapKey("checks").AtMapKey("tls.expired"),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"category": knownvalue.StringExact("tls"), "status": knownvalue.StringExact("pass"), "message": knownvalue.Null(), "remediation": knownvalue.Null(),
					})),
				checkByID("data.origin_distribution.d", report.TLSExpired, report.Fail).In("origins.old").Message("expired").WithRemediation(),
				statecheck.ExpectKnownValue("data.origin_distribution.d", tfjsonpath.New("origins").AtMapKey("old").AtMapKey("checks").AtMapKey("http.no_response"),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"category": knownvalue.StringExact("http"), "status": knownvalue.StringExact("skip"), "message": knownvalue.Null(), "remediation": knownvalue.Null(),
					})),
			},
		}},
	})
}
