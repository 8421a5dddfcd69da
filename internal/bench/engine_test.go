package bench

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/netcount"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/tlscheck"
)

// floorRTTs is the fewest sequential round trips a healthy https-only
// origin three zones below the root (root, test., its zone) can cost: one
// query per zone of the delegation walk (a zone's servers asked in
// parallel, A and AAAA together), one for the TCP handshake, two for a
// TLS 1.2 handshake that proves the origin finishes it.
const floorRTTs = 3 + 1 + 2

// benchEngine is a fresh Engine (an empty cache, as at the start of a
// plan) that trusts the lab's CA and walks from its root servers,
// checking at most concurrency origins at once (0: the default).
func benchEngine(b *testing.B, l *lab.Lab, concurrency int) *engine.Engine {
	b.Helper()
	roots, err := tlscheck.AddPEM(tlscheck.MozillaRoots(), l.CAPEM)
	if err != nil {
		b.Fatal(err)
	}
	opts := engine.Options{Timeout: 10 * time.Second, MaxConcurrency: concurrency, Roots: roots}
	opts.DNS.RootServers = l.RootServers
	opts.AllowPrivateAddresses = true // the lab lives on 127.0.0.0/8
	return engine.New(opts)
}

// checkAll checks origins concurrently, as Terraform reads data sources,
// and returns the traffic of all of them.
func checkAll(b *testing.B, e *engine.Engine, origins []lab.Scenario) netcount.Stats {
	var (
		mu    sync.Mutex
		total netcount.Stats
		wg    sync.WaitGroup
	)
	for _, s := range origins {
		wg.Go(func() {
			res := e.Check(context.Background(), s.Spec(), nil)
			if !res.Report.Healthy {
				b.Errorf("%s: not healthy:\n%s", s.DomainName, res.Report.Summary)
			}
			mu.Lock()
			defer mu.Unlock()
			total = total.Add(res.Traffic)
		})
	}
	wg.Wait()
	return total
}

func reportTraffic(b *testing.B, t netcount.Stats, ops int) {
	per := func(v int64) float64 { return float64(v) / float64(ops) }
	b.ReportMetric(per(t.DNSQueries), "dns_queries/op")
	b.ReportMetric(per(t.Connects), "tcp_connects/op")
	b.ReportMetric(per(t.Flights), "tls_flights/op")
	b.ReportMetric(per(t.BytesSent+t.BytesReceived), "bytes/op")
}

// BenchmarkOneOrigin: the lab's healthy origin with every server benchRTT
// away, checked by a fresh engine. x_floor is elapsed time over
// floorRTTs × benchRTT; rtts is elapsed time in round trips. With
// http_request (HEAD /), the floor has one more round trip: the request on
// the connection the TLS stage verified.
func BenchmarkOneOrigin(b *testing.B) { benchOneOrigin(b, false) }

// BenchmarkOneOriginHTTPRequest is BenchmarkOneOrigin with http_request
// (HEAD /, no keep-alive measure).
func BenchmarkOneOriginHTTPRequest(b *testing.B) { benchOneOrigin(b, true) }

func benchOneOrigin(b *testing.B, request bool) {
	l, err := lab.StartWith(lab.Options{RTT: benchRTT})
	if err != nil {
		b.Fatalf("fixture lab (needs root): %v", err)
	}
	b.Cleanup(l.Close)
	origin := []lab.Scenario{l.Scenario("healthy")}
	floorRTTs := float64(floorRTTs)
	if request {
		origin[0].HTTPRequest = &originspec.HTTPRequest{}
		floorRTTs++
	}
	var (
		total   netcount.Stats
		elapsed time.Duration
	)
	for b.Loop() {
		e := benchEngine(b, l, 0)
		start := time.Now()
		total = total.Add(checkAll(b, e, origin))
		elapsed += time.Since(start)
	}
	rtts := float64(elapsed) / float64(benchRTT) / float64(b.N)
	b.ReportMetric(rtts, "rtts")
	b.ReportMetric(floorRTTs, "floor_rtts")
	b.ReportMetric(rtts/floorRTTs, "x_floor")
	reportTraffic(b, total, b.N)
}

// BenchmarkFleet: 1, 10 and 100 healthy origins, in one zone or each in
// its own, checked at once by one fresh engine (one plan's worth), every
// server benchRTT away; with concurrency=10 the engine takes ten at a
// time, as Terraform's default -parallelism hands them over. rtts is
// elapsed time in round trips: one origin's floor is floorRTTs, and each
// later wave of ten costs at least one DNS round trip per zone not yet
// known plus one TCP and two TLS.
func BenchmarkFleet(b *testing.B) {
	for _, zones := range []bool{false, true} {
		for _, n := range []int{1, 10, 100} {
			for _, concurrency := range []int{10, 100} {
				zone := "shared"
				if zones {
					zone = "each"
				}
				b.Run(fmt.Sprintf("origins=%d/zone=%s/concurrency=%d", n, zone, concurrency), func(b *testing.B) {
					l, err := lab.StartFleet(n, zones, lab.Options{RTT: benchRTT})
					if err != nil {
						b.Fatalf("fixture lab (needs root): %v", err)
					}
					b.Cleanup(l.Close)
					var (
						total   netcount.Stats
						elapsed time.Duration
					)
					for b.Loop() {
						e := benchEngine(b, l, concurrency)
						start := time.Now()
						total = total.Add(checkAll(b, e, l.Scenarios))
						elapsed += time.Since(start)
					}
					b.ReportMetric(float64(elapsed)/float64(benchRTT)/float64(b.N), "rtts")
					reportTraffic(b, total, b.N)
				})
			}
		}
	}
}
