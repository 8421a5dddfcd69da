package bench

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/dnscheck"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/dnsserver"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// dnsDelay makes every fixture server answer like a distant one, so that
// elapsed time over dnsDelay counts sequential round trips.
const dnsDelay = 10 * time.Millisecond

// delayedHierarchy is zones with every server, the root's and test.'s
// included, answering after dnsDelay.
func delayedHierarchy(b *testing.B, zones ...dnsserver.ZoneSpec) *dnsserver.Hierarchy {
	b.Helper()
	slow := []dnsserver.NameserverSpec{{Options: dnsserver.Options{Delay: dnsDelay}}}
	for i := range zones {
		zones[i].Nameservers = slow
	}
	zones = append(zones, dnsserver.ZoneSpec{Origin: "."}, dnsserver.ZoneSpec{Origin: "test."})
	for i := len(zones) - 2; i < len(zones); i++ {
		zones[i].Nameservers = slow
	}
	h, err := dnsserver.NewHierarchy(zones...)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(h.Close)
	return h
}

// runDNSBench checks origins concurrently with a fresh Resolver (an empty
// cache: one plan) per iteration and reports queries and round trips.
func runDNSBench(b *testing.B, h *dnsserver.Hierarchy, origins []string) {
	before := h.Queries()
	var elapsed time.Duration
	for b.Loop() {
		r := dnscheck.NewResolver(dnscheck.Config{RootServers: h.Roots(), QueryTimeout: time.Second})
		start := time.Now()
		var wg sync.WaitGroup
		for _, o := range origins {
			wg.Go(func() {
				if res := r.Check(context.Background(), dnscheck.Question{Name: o}, report.NewBuilder()); len(res.Addresses) == 0 {
					b.Errorf("%s did not resolve", o)
				}
			})
		}
		wg.Wait()
		elapsed += time.Since(start)
	}
	b.ReportMetric(float64(h.Queries()-before)/float64(b.N), "queries/op")
	b.ReportMetric(float64(elapsed)/float64(dnsDelay)/float64(b.N), "roundtrips/op")
}

// BenchmarkThreeLevelWalk: www.sub.example.test, below test., example.test.
// and the delegated sub.example.test.
func BenchmarkThreeLevelWalk(b *testing.B) {
	h := delayedHierarchy(b,
		dnsserver.ZoneSpec{Origin: "example.test."},
		dnsserver.ZoneSpec{Origin: "sub.example.test.", Records: []string{"www A 192.0.2.10"}},
	)
	runDNSBench(b, h, []string{"www.sub.example.test"})
}

// BenchmarkFiftyOriginsOneZone: 50 data sources in one plan, one zone.
func BenchmarkFiftyOriginsOneZone(b *testing.B) {
	var records, origins []string
	for i := range 50 {
		records = append(records, fmt.Sprintf("o%d A 192.0.2.%d", i, i+1))
		origins = append(origins, fmt.Sprintf("o%d.example.test", i))
	}
	h := delayedHierarchy(b, dnsserver.ZoneSpec{Origin: "example.test.", Records: records})
	runDNSBench(b, h, origins)
}
