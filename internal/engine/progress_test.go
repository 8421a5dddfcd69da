package engine

import (
	"context"
	"slices"
	"testing"

	"github.com/originhealth/terraform-provider-origin/internal/originspec"
)

// TestCheckDistributionEach: every origin is reported once, with the
// result the distribution's verdict is judged from.
func TestCheckDistributionEach(t *testing.T) {
	e := New(Options{})
	defer e.Close()
	d := Distribution{Origins: []DistributionOrigin{
		{ID: "a", Spec: originspec.Spec{DomainName: "a.example.com", VPCOriginID: "vo_a"}},
		{ID: "b", Spec: originspec.Spec{DomainName: "b.example.com", VPCOriginID: "vo_b"}},
		{ID: "bad", Spec: originspec.Spec{DomainName: "192.0.2.1", ProtocolPolicy: originspec.HTTPSOnly}},
	}}
	var seen []int
	got := map[int]Result{}
	res := e.CheckDistributionEach(context.Background(), d, func(i int, r Result) {
		seen = append(seen, i)
		got[i] = r
	})
	slices.Sort(seen)
	if !slices.Equal(seen, []int{0, 1, 2}) {
		t.Fatalf("reported %v, want each of 0, 1, 2 once", seen)
	}
	for i, o := range d.Origins {
		if got[i].Report.Origin != res.Origins[o.ID].Report.Origin || got[i].Report.Healthy != res.Origins[o.ID].Report.Healthy {
			t.Errorf("origin %s: reported %+v, judged %+v", o.ID, got[i].Report, res.Origins[o.ID].Report)
		}
	}
	if res.Healthy {
		t.Errorf("a distribution with an IP address origin is healthy: %s", res.Summary)
	}
}
