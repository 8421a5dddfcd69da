package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// ephemeralSupported: ephemeral resources need Terraform >= 1.10 (and
// OpenTofu >= 1.11, which tfversion cannot tell from Terraform: see
// skipWithoutEphemeral).
var ephemeralSupported = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)}

func skipWithoutEphemeral(t *testing.T) {
	t.Helper()
	v, tofu := cliVersion()
	var major, minor int
	if _, err := fmt.Sscanf(v, "%d.%d", &major, &minor); err == nil && tofu && major == 1 && minor < 11 {
		t.Skipf("OpenTofu %s has no ephemeral resources (1.11 has)", v)
	}
}

// nothingStored fails when the state or the plan holds anything of the
// provider's, or the secret.
type nothingStored struct{ secret string }

func (c nothingStored) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil {
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if strings.HasPrefix(r.Type, "origin_") {
			resp.Error = fmt.Errorf("state holds %s", r.Address)
			return
		}
		if strings.Contains(fmt.Sprint(r.AttributeValues), c.secret) {
			resp.Error = fmt.Errorf("state of %s holds the secret", r.Address)
			return
		}
	}
}

func (c nothingStored) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if strings.HasPrefix(rc.Type, "origin_") {
			resp.Error = fmt.Errorf("plan holds %s", rc.Address)
			return
		}
		if strings.Contains(fmt.Sprint(rc.Change.After), c.secret) {
			resp.Error = fmt.Errorf("plan of %s holds the secret", rc.Address)
			return
		}
	}
}

// TestAccEphemeral_HealthPrecondition gates a resource on ephemeral
// "origin_health": an argument from an ephemeral variable (the origin-verify
// header), the result read in a precondition, nothing in plan or state;
// on_failure = "error" fails as the data source does.
func TestAccEphemeral_HealthPrecondition(t *testing.T) {
	skipWithoutEphemeral(t)
	const secret = "verify-0123456789abcdef"
	cfg := func(scenario, onFailure string) string {
		return distributionConfig(t, fmt.Sprintf(`
variable "origin_verify" {
  type      = string
  ephemeral = true
}

ephemeral "origin_health" "web" {
  domain_name = "{{%s}}"
  on_failure  = %q
  http_request = {
    headers             = { X-Origin-Verify = var.origin_verify }
    origin_read_timeout = 2
  }
}

resource "terraform_data" "gate" {
  input = "deployed"
  lifecycle {
    precondition {
      condition     = ephemeral.origin_health.web.healthy && length(ephemeral.origin_health.web.addresses) > 0 && startswith(ephemeral.origin_health.web.summary, "origin ")
      error_message = "origin not healthy: ${ephemeral.origin_health.web.summary}"
    }
  }
}
`, scenario, onFailure))
	}
	vars := config.Variables{"origin_verify": config.StringVariable(secret)}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   ephemeralSupported,
		Steps: []resource.TestStep{
			{
				Config:          cfg("http_ok", "error"),
				ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{nothingStored{secret}},
				},
				ConfigStateChecks: []statecheck.StateCheck{nothingStored{secret}},
			},
			{
				// The precondition fails; Terraform does not print an
				// error_message built from ephemeral values.
				Config:          cfg("nxdomain", "ignore"),
				ConfigVariables: vars,
				PlanOnly:        true,
				ExpectError:     regexp.MustCompile(`Resource precondition failed(?s).*has an invalid error message`),
			},
			{
				Config:          cfg("nxdomain", "error"),
				ConfigVariables: vars,
				PlanOnly:        true,
				ExpectError:     regexp.MustCompile(`check dns\.\S+\s+failed`),
			},
		},
	})
}

// TestAccEphemeral_DistributionPrecondition reads ephemeral
// "origin_distribution" (a custom_header value from an ephemeral variable)
// in a precondition: origins[...] and origin_groups as the data source
// has them, nothing in plan or state.
func TestAccEphemeral_DistributionPrecondition(t *testing.T) {
	skipWithoutEphemeral(t)
	const secret = "header-fedcba9876543210"
	cfg := func(primary string) string {
		return distributionConfig(t, fmt.Sprintf(`
variable "origin_verify" {
  type      = string
  ephemeral = true
}

ephemeral "origin_distribution" "site" {
  on_failure = "ignore"
  origin {
    origin_id   = "web"
    domain_name = "{{%s}}"
    custom_header {
      name  = "X-Origin-Verify"
      value = var.origin_verify
    }
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "standby"
    domain_name = "{{healthy}}"
  }
  origin_group {
    origin_id = "g"
    failover_criteria {
      status_codes = [502]
    }
    member {
      origin_id = "web"
    }
    member {
      origin_id = "standby"
    }
  }
}

resource "terraform_data" "gate" {
  input = "deployed"
  lifecycle {
    precondition {
      condition     = ephemeral.origin_distribution.site.healthy && ephemeral.origin_distribution.site.origin_groups["g"].status == "pass" && ephemeral.origin_distribution.site.origins["web"].healthy
      error_message = "distribution not healthy"
    }
  }
}
`, primary))
	}
	vars := config.Variables{"origin_verify": config.StringVariable(secret)}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   ephemeralSupported,
		Steps: []resource.TestStep{
			{
				Config: cfg("healthy"), ConfigVariables: vars,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{nothingStored{secret}}},
				ConfigStateChecks: []statecheck.StateCheck{nothingStored{secret}},
			},
			{
				// The primary fails, the group fails over: the group
				// warns, so the precondition (status == "pass") fails.
				Config: cfg("nxdomain"), ConfigVariables: vars, PlanOnly: true,
				ExpectError: regexp.MustCompile(`distribution not healthy`),
			},
		},
	})
}
