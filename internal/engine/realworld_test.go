package engine

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/netns"
)

// TestRealWorldOriginsFromARunnerWithoutIPv6 checks the real-world lab's
// origins (Route 53's dual-stack name servers, an ALB, S3, API Gateway, a
// weighted record, a CDN chain, servers without EDNS) from a network
// namespace with loopback only: each healthy one has no warning and
// nothing "not verified", and the EDNS-dropping zone fails.
func TestRealWorldOriginsFromARunnerWithoutIPv6(t *testing.T) {
	if !netns.Enter(t) {
		return
	}
	l, err := lab.StartRealWorld()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	e := labEngine(t, l.CAPEM, l.RootServers, Options{Timeout: 10 * time.Second})
	for _, s := range l.Scenarios {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			res := e.Check(context.Background(), specOf(s), nil)
			assertVerdict(t, s, res)
			if len(res.Report.Unverified) > 0 || strings.Contains(res.Report.Summary, "NOT VERIFIED") {
				t.Errorf("unverified %q:\n%s", res.Report.Unverified, res.Report.Summary)
			}
			if chain, ok := lab.RealWorldChains[s.Name]; ok && !slices.Equal(res.CNAMEChain, chain) {
				t.Errorf("CNAMEChain = %v, want %v", res.CNAMEChain, chain)
			}
			t.Logf("%s", res.Report.Summary)
		})
	}
}
