package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/netns"
)

// TestRealWorldOriginsExitZero: from a network namespace with loopback
// only (a CI runner without IPv6), origincheck exits 0 for each healthy
// origin of the real-world lab (Route 53's dual-stack name servers, an
// ALB, S3, API Gateway, a weighted record, a CDN chain, servers without
// EDNS) and prints its CNAME chain; the zone whose firewall drops EDNS
// queries exits 2.
func TestRealWorldOriginsExitZero(t *testing.T) {
	if !netns.Enter(t) {
		return
	}
	l, err := lab.StartRealWorld()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, []byte(l.CAPEM), 0o600); err != nil {
		t.Fatal(err)
	}
	var roots []string
	for _, r := range l.RootServers {
		roots = append(roots, r.String())
	}
	flags := []string{"--dns-root-servers", strings.Join(roots, ","), "--trusted-ca-pem", ca, "--allow-private-addresses"}
	for _, s := range l.Scenarios {
		t.Run(s.Name, func(t *testing.T) {
			want := exitOK
			if !s.Healthy() {
				want = exitCritical
			}
			o := runArgs(append(slices.Clone(flags), "-v", s.DomainName)...)
			if o.code != want {
				t.Errorf("exit %d, want %d\n%s%s", o.code, want, o.stdout, o.stderr)
			}
			if chain, ok := lab.RealWorldChains[s.Name]; ok && !strings.Contains(o.stdout, "cname chain: "+strings.Join(chain, " → ")) {
				t.Errorf("-v does not show the CNAME chain %v:\n%s", chain, o.stdout)
			}
			j := runArgs(append(slices.Clone(flags), "--json", s.DomainName)...)
			var env struct {
				Origins []struct {
					CNAMEChain []string `json:"cname_chain"`
				} `json:"origins"`
			}
			if err := json.Unmarshal([]byte(j.stdout), &env); err != nil || len(env.Origins) != 1 {
				t.Fatalf("--json: %v\n%s", err, j.stdout)
			}
			got := env.Origins[0]
			if len(got.CNAMEChain) == 0 || got.CNAMEChain[0] != s.DomainName {
				t.Errorf("--json cname_chain = %v, want the origin first", got.CNAMEChain)
			}
		})
	}
}
