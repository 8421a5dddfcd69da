package dnscheck

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/dnsserver"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/loopback"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestCheckRecursive points Resolvers at an authoritative fixture serving
// every zone involved: it answers whatever the resolver mode asks, which
// is all a recursive resolver does as seen from its client.
func TestCheckRecursive(t *testing.T) {
	fixture.RequireRoot(t)
	zones := []dnsserver.Zone{
		dnsserver.MustParseZone("example.test.", "www CNAME edge.cdn.test.", `txt TXT "no address"`),
		dnsserver.MustParseZone("cdn.test.", "edge A 192.0.2.20"),
	}
	notWalked := map[report.ID]report.Status{report.DNSServerUnreachable: skip, report.DNSLameDelegation: skip, report.DNSInconsistentAnswers: skip, report.DNSPrivateNameserver: skip}
	notAnswered := map[report.ID]report.Status{report.DNSNXDomain: skip, report.DNSNoData: skip, report.DNSCNAMELoop: skip}
	tests := []struct {
		name     string
		behavior dnsserver.Behavior
		origin   string
		want     map[report.ID]report.Status
		messages map[report.ID][]string
		addrs    []string
	}{
		{name: "CNAME across zones", origin: "www.example.test", want: with(notWalked), addrs: []string{"192.0.2.20"},
			messages: map[report.ID][]string{
				report.DNSTimeout:           {"delegation walk not done"},
				report.DNSServerUnreachable: {"dns_resolvers is set", "the delegation walk was not done"},
			}},
		{name: "NXDOMAIN", origin: "nope.example.test",
			want: with(merge(notWalked, map[report.ID]report.Status{report.DNSNXDomain: fail, report.DNSNoData: skip}))},
		{name: "NODATA", origin: "txt.example.test",
			want: with(merge(notWalked, map[report.ID]report.Status{report.DNSNoData: fail}))},
		{name: "resolver answers SERVFAIL", behavior: dnsserver.ServFail, origin: "www.example.test",
			want: with(merge(notWalked, notAnswered, map[report.ID]report.Status{report.DNSServFail: fail}))},
		{name: "resolver refuses", behavior: dnsserver.Refuse, origin: "www.example.test",
			want:     with(merge(notWalked, notAnswered, map[report.ID]report.Status{report.DNSServFail: fail})),
			messages: map[report.ID][]string{report.DNSServFail: {"answered REFUSED (check dns_resolvers)"}}},
		{name: "resolver does not answer", behavior: dnsserver.Drop, origin: "www.example.test",
			want: with(merge(notWalked, notAnswered, map[report.ID]report.Status{report.DNSTimeout: fail, report.DNSServFail: skip}))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := dnsserver.StartWith(loopback.Addr(), dnsserver.Options{Behavior: tt.behavior}, zones...)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(srv.Close)
			r := NewResolver(Config{Resolvers: []netip.AddrPort{srv.AddrPort()}, QueryTimeout: quickTimeout})
			res, checks := checkName(t, r, tt.origin)
			assertChecks(t, checks, tt.want, tt.messages)
			if got := addrStrings(res.Addresses); !slices.Equal(got, tt.addrs) {
				t.Errorf("Addresses = %v, want %v", got, tt.addrs)
			}
			if len(res.Nameservers) != 0 {
				t.Errorf("Nameservers = %v; want none through resolvers", res.Nameservers)
			}
		})
	}
}

func merge(maps ...map[report.ID]report.Status) map[report.ID]report.Status {
	out := map[report.ID]report.Status{}
	for _, m := range maps {
		for id, s := range m {
			out[id] = s
		}
	}
	return out
}

func TestOriginsInOneZoneShareTheWalk(t *testing.T) {
	fixture.RequireRoot(t)
	const origins = 50
	var records []string
	for i := range origins {
		records = append(records, fmt.Sprintf("o%d A 192.0.2.%d", i, i+1))
	}
	h := hierarchy(t, dnsserver.ZoneSpec{Origin: "example.test.", Records: records})
	// A generous timeout: a UDP query is sent again after a third of it
	// without an answer, which on a loaded machine (-race, 2 cores) would
	// add queries this test counts.
	r := NewResolver(Config{RootServers: h.Roots(), QueryTimeout: 6 * time.Second})

	var wg sync.WaitGroup
	for i := range origins {
		wg.Go(func() {
			res := r.Check(context.Background(), Question{Name: fmt.Sprintf("o%d.example.test", i)}, report.NewBuilder())
			if len(res.Addresses) != 1 {
				t.Errorf("o%d: addresses %v", i, res.Addresses)
			}
		})
	}
	wg.Wait()
	root, tld := h.Server("ns1.root-servers."), h.Server("ns1.test.")
	if root.Queries() != 1 || tld.Queries() != 1 {
		t.Errorf("root got %d queries, test. got %d; want 1 each for %d origins", root.Queries(), tld.Queries(), origins)
	}
	// The origin's zone is swept for each origin, and asked A and AAAA;
	// its audit (SOA, NS, the name server's A and AAAA) runs once.
	if got, want := h.Server("ns1.example.test.").Queries(), int64(3*origins+4); got != want {
		t.Errorf("example.test got %d queries, want %d", got, want)
	}
}

func TestCheckHonoursTheContextDeadline(t *testing.T) {
	fixture.RequireRoot(t)
	h := hierarchy(t, dnsserver.ZoneSpec{Origin: "example.test.", Records: []string{"www A 192.0.2.10"},
		Nameservers: servers(2, dnsserver.Options{Behavior: dnsserver.Drop}, dnsserver.Options{Behavior: dnsserver.Drop})})
	// A per-query timeout far beyond the deadline: the deadline must win.
	r := NewResolver(Config{RootServers: h.Roots(), QueryTimeout: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	b := report.NewBuilder()
	r.Check(ctx, Question{Name: "www.example.test"}, b)
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("Check returned after %s, deadline was 300ms", elapsed)
	}
	for _, c := range b.Build("www.example.test", nil).Checks {
		if c.ID == report.DNSTimeout && (c.Status != fail || !strings.Contains(c.Message, "deadline")) {
			t.Errorf("dns.timeout = %s %q, want a failure naming the deadline", c.Status, c.Message)
		}
	}
}

// TestSilentServerDoesNotHoldUpTheWalk: with the first name server silent
// and a per-query timeout far beyond the deadline, the walk asks the
// second one after hedgeAfter and resolves the name; only the sweep, which
// must hear from every server, waits for the deadline.
func TestSilentServerDoesNotHoldUpTheWalk(t *testing.T) {
	fixture.RequireRoot(t)
	h := hierarchy(t, dnsserver.ZoneSpec{Origin: "example.test.", Records: []string{"www A 192.0.2.10"},
		Nameservers: servers(2, dnsserver.Options{Behavior: dnsserver.Drop})})
	r := NewResolver(Config{RootServers: h.Roots(), QueryTimeout: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	b := report.NewBuilder()
	res := r.Check(ctx, Question{Name: "www.example.test"}, b)
	if got := addrStrings(res.Addresses); !slices.Equal(got, []string{"192.0.2.10"}) {
		t.Fatalf("addresses %v, want 192.0.2.10 from the second name server", got)
	}
	for _, c := range b.Build("www.example.test", nil).Checks {
		if c.ID == report.DNSServerUnreachable && (c.Status != warn || !strings.Contains(c.Message, "1 of 2 name servers does not answer")) {
			t.Errorf("dns.server_unreachable = %s %q, want a warning about one of two servers", c.Status, c.Message)
		}
	}
}

// TestLostDatagramIsSentAgain: a server whose first UDP answer is lost is
// asked again within the query's timeout, as resolvers do, and is not
// reported as down.
func TestLostDatagramIsSentAgain(t *testing.T) {
	fixture.RequireRoot(t)
	h := hierarchy(t, dnsserver.ZoneSpec{Origin: "example.test.", Records: []string{"www A 192.0.2.10"},
		Nameservers: servers(1, dnsserver.Options{Behavior: dnsserver.LoseFirstUDP})})
	r := NewResolver(Config{RootServers: h.Roots(), QueryTimeout: time.Second})
	res, checks := checkName(t, r, "www.example.test")
	if got := addrStrings(res.Addresses); !slices.Equal(got, []string{"192.0.2.10"}) {
		t.Errorf("addresses %v, want 192.0.2.10", got)
	}
	assertChecks(t, checks, healthy, nil)
}

func TestEveryQueryIsLoggedAtDebug(t *testing.T) {
	fixture.RequireRoot(t)
	h := hierarchy(t, dnsserver.ZoneSpec{Origin: "example.test.", Records: []string{"www A 192.0.2.10"}})
	var buf bytes.Buffer
	var mu sync.Mutex
	log := slog.New(slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r := NewResolver(Config{RootServers: h.Roots(), QueryTimeout: quickTimeout, Logger: log})
	r.Check(context.Background(), Question{Name: "www.example.test"}, report.NewBuilder())
	mu.Lock()
	defer mu.Unlock()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	// root, test., example.test. (A), example.test. (AAAA), sweep, and
	// the audit: SOA, NS, ns1.example.test A and AAAA.
	if len(lines) != 9 {
		t.Fatalf("%d log lines, want 9:\n%s", len(lines), buf.String())
	}
	for _, want := range []string{"level=DEBUG", "server=", "qname=", "qtype=", "rcode=", "latency="} {
		for _, line := range lines {
			if !strings.Contains(line, want) {
				t.Errorf("log line %q lacks %q", line, want)
			}
		}
	}
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestInvalidNameAndMissingServers(t *testing.T) {
	tests := []struct {
		name   string
		cfg    Config
		origin string
		want   map[report.ID]report.Status
	}{
		{name: "invalid name", cfg: Config{RootServers: []netip.AddrPort{netip.MustParseAddrPort("127.0.0.1:1")}}, origin: "bad..name",
			want: map[report.ID]report.Status{}},
		{name: "no servers configured", origin: "www.example.test",
			want: map[report.ID]report.Status{report.DNSTimeout: fail}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, checks := checkName(t, NewResolver(tt.cfg), tt.origin)
			for _, id := range dnsChecks {
				want, ok := tt.want[id]
				if !ok {
					want = skip
				}
				if checks[id].Status != want {
					t.Errorf("%s = %s (%s), want %s", id, checks[id].Status, checks[id].Message, want)
				}
			}
		})
	}
}

func TestDefaultRootServers(t *testing.T) {
	roots := DefaultRootServers()
	var v4, v6 int
	for _, r := range roots {
		if r.Port() != 53 || !r.Addr().IsGlobalUnicast() {
			t.Errorf("bad root hint %s", r)
		}
		if r.Addr().Is4() {
			v4++
		} else {
			v6++
		}
	}
	if v4 != 13 || v6 != 13 {
		t.Errorf("%d IPv4 and %d IPv6 root hints, want 13 each", v4, v6)
	}
}
