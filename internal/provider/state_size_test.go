package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
)

// stateSize is a state check that measures a data source's attributes as
// Terraform stores them (the JSON of terraform show -json's values) and
// fails above limit bytes.
type stateSize struct {
	t       *testing.T
	address string
	limit   int
}

func (s stateSize) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != s.address {
			continue
		}
		data, err := json.Marshal(r.AttributeValues)
		if err != nil {
			resp.Error = err
			return
		}
		s.t.Logf("%s: %d bytes of state", s.address, len(data))
		if len(data) > s.limit {
			resp.Error = fmt.Errorf("%s holds %d bytes of state, more than %d", s.address, len(data), s.limit)
		}
		return
	}
	resp.Error = fmt.Errorf("%s not in state", s.address)
}

// TestAccStateSize measures the state of a healthy origin_health and of
// an origin_distribution of 100 healthy origins (the benchmarks' fleet),
// with the default detail, and fails when it grows back: with `checks` a
// list of full messages they held 14.6 KB and 1.46 MB; compact, with a
// skip's reason kept, 7.8 KB and 790 KB; now 6.3 KB and 645 KB (56 checks
// per origin, each an object of four attributes even when two are null:
// about 93 bytes a check that passed or did not run, 5.2 KB an origin).
func TestAccStateSize(t *testing.T) {
	cfg := labProviderConfig(t)
	fleet, err := lab.StartFleet(100, false, lab.Options{})
	if err != nil {
		t.Fatalf("fleet: %v", err)
	}
	t.Cleanup(fleet.Close)
	var origins []string
	for i, s := range fleet.Scenarios {
		origins = append(origins, fmt.Sprintf(`  origin {
    origin_id   = "o%d"
    domain_name = %q
    custom_origin_config {
      origin_protocol_policy = "https-only"
    }
  }`, i, s.DomainName))
	}
	fleetConfig := labProvider(fleet.RootServers, fleet.CAPEM) + fmt.Sprintf(`
data "origin_distribution" "fleet" {
%s
}
`, strings.Join(origins, "\n"))
	// One provider configuration per run: the acceptance tests' provider
	// is one server, which a second configuration would reconfigure.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            cfg + `data "origin_health" "t" { domain_name = "healthy.example.test" }`,
			ConfigStateChecks: []statecheck.StateCheck{stateSize{t, "data.origin_health.t", 7 << 10}},
		}},
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            fleetConfig,
			ConfigStateChecks: []statecheck.StateCheck{stateSize{t, "data.origin_distribution.fleet", 700 << 10}},
		}},
	})
}
