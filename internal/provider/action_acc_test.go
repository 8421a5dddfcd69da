package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// TestAccAction_OriginCheckTrigger runs action "origin_check" from a
// terraform_data resource's action_trigger (Terraform >= 1.14): a healthy
// distribution lets the apply through; after an update to a failing
// origin the invocation fails, naming the failed check.
// TestActionOriginCheckInvoke tests the same invocation below the CLI.
func TestAccAction_OriginCheckTrigger(t *testing.T) {
	cfg := func(scenario, version string) string {
		return distributionConfig(t, fmt.Sprintf(`
action "origin_check" "site" {
  config {
    origin {
      origin_id   = "web"
      domain_name = "{{%s}}"
      custom_origin_config {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }
    }
    origin {
      origin_id   = "vpc"
      domain_name = "internal.example.com"
      vpc_origin_config {
        vpc_origin_id = "vo_123"
      }
    }
  }
}

resource "terraform_data" "deploy" {
  input = %q
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.origin_check.site]
    }
  }
}
`, scenario, version))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: cfg("healthy", "v1")},
			{
				Config: cfg("nxdomain", "v2"),
				// Terraform 1.16 orders diagnostics by source line: the action's
				// (its block) before the origin's (its domain_name).
				ExpectError: regexp.MustCompile(`(?s)check dns\.\S+\s+failed.*The distribution would fail|The distribution would fail.*check dns\.\S+\s+failed`),
			},
		},
	})
}
