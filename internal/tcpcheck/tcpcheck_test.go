package tcpcheck

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/loopback"
	"github.com/originhealth/terraform-provider-origin/internal/netcount"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// listener accepts on port 443 of a fresh loopback address and counts the
// connections.
type listener struct {
	addr     netip.Addr
	accepted atomic.Int64
}

func listen(t *testing.T) *listener {
	t.Helper()
	ln, _, addr, err := loopback.Listen("tcp", 443)
	if err != nil {
		t.Fatal(err)
	}
	l := &listener{addr: addr}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			l.accepted.Add(1)
			_ = c.Close()
		}
	})
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	return l
}

func TestCheck(t *testing.T) {
	fixture.RequireRoot(t)
	listening := listen(t).addr
	other := listen(t).addr
	closed := loopback.Addr() // nothing listens here
	closed2 := loopback.Addr()

	cases := []struct {
		name    string
		addrs   []netip.Addr
		want    report.Status
		opened  int
		answers []int // what the report says CloudFront answers
		inMsg   []string
	}{
		{"open", []netip.Addr{listening}, report.Pass, 1, nil, nil},
		{"refused", []netip.Addr{closed}, report.Fail, 0, []int{502}, []string{closed.String() + ":443: connection refused"}},
		{"all of two refused", []netip.Addr{closed, closed2}, report.Fail, 0, []int{502}, []string{closed.String() + ":443", closed2.String() + ":443"}},
		// CloudFront still serves through the address that accepts.
		{"one of two closed", []netip.Addr{listening, closed}, report.Warn, 1, nil, []string{
			closed.String() + ":443: connection refused", "1 of 2 IPv4 addresses accept on port 443 (" + listening.String() + ":443)",
			"connection_attempts (3)", "answers 502", "remove the address from DNS or fix it"}},
		{"two of three closed", []netip.Addr{closed, listening, closed2}, report.Warn, 1, nil, []string{
			closed.String() + ":443", closed2.String() + ":443", "1 of 3 IPv4 addresses accept"}},
		{"one of three closed", []netip.Addr{listening, closed, other}, report.Warn, 2, nil, []string{"2 of 3 IPv4 addresses accept"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			b := report.NewBuilder()
			res := Check(ctx, tc.addrs, Params{Ports: []Port{{Number: 443, Check: report.TCPHTTPSPortClosed}}, ConnectionAttempts: 3, ConnectTimeout: time.Second}, b)
			if len(res.Open[443]) != tc.opened || len(res.Held) != 0 {
				t.Errorf("open = %v, held %v, want %d addresses and nothing held", res.Open, res.Held, tc.opened)
			}
			r := b.Build("o", nil)
			c := find(t, r, report.TCPHTTPSPortClosed)
			if c.Status != tc.want {
				t.Errorf("status %s (%s), want %s", c.Status, c.Message, tc.want)
			}
			if r.Healthy != (tc.want != report.Fail) || !slices.Equal(r.Answers, tc.answers) {
				t.Errorf("healthy %v, answers %v, want answers %v", r.Healthy, r.Answers, tc.answers)
			}
			for _, s := range tc.inMsg {
				if !strings.Contains(c.Message, s) {
					t.Errorf("message %q lacks %q", c.Message, s)
				}
			}
		})
	}
}

// TestGradeTimeouts: a connect that times out is CloudFront's 504, and
// on one of several addresses it costs connection_attempts x
// connection_timeout. No network: the failures are made up.
func TestGradeTimeouts(t *testing.T) {
	a := netip.MustParseAddrPort("127.0.0.1:443")
	up := []netip.Addr{netip.MustParseAddr("127.0.0.2")}
	silent := failure{target: a, detail: "no answer within connection_timeout (2s)", timeout: true}
	cases := []struct {
		name    string
		open    []netip.Addr
		want    report.Status
		answers []int
		inMsg   string
	}{
		{"the only address silent", nil, report.Fail, []int{504}, "no answer within connection_timeout"},
		{"one of two silent", up, report.Warn, nil, "connection_attempts (2) to it waits connection_timeout (2s), up to 4s, before CloudFront answers 504"},
		// Under dualstack a whole family failing fails: how CloudFront
		// picks the family is not documented.
		{"the only IPv4 address silent, IPv6 accepts", []netip.Addr{netip.MustParseAddr("::1")}, report.Fail, []int{504}, "no IPv4 address accepts on port 443"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := report.NewBuilder()
			p := Params{ConnectionAttempts: 2, ConnectTimeout: 2 * time.Second}
			p.grade(b, Port{Number: 443, Check: report.TCPHTTPSPortClosed}, []failure{silent}, tc.open, append([]netip.Addr{a.Addr()}, tc.open...))
			r := b.Build("o", nil)
			c := find(t, r, report.TCPHTTPSPortClosed)
			if c.Status != tc.want || !slices.Equal(r.Answers, tc.answers) || !strings.Contains(c.Message, tc.inMsg) {
				t.Errorf("status %s, answers %v, message %q; want %s, %v, %q", c.Status, r.Answers, c.Message, tc.want, tc.answers, tc.inMsg)
			}
			if tc.want == report.Fail && !strings.Contains(r.Summary, "CloudFront would return 504") {
				t.Errorf("summary does not say 504:\n%s", r.Summary)
			}
		})
	}
}

// TestCheckHolds: the connections of a port with Hold are kept open, up to
// Hold of them, for the caller; the rest are closed.
func TestCheckHolds(t *testing.T) {
	fixture.RequireRoot(t)
	var addrs []netip.Addr
	for range 3 {
		addrs = append(addrs, listen(t).addr)
	}
	closed := loopback.Addr()
	cases := []struct {
		name  string
		addrs []netip.Addr
		hold  int
		held  int
	}{
		{"none asked", addrs, 0, 0},
		{"all held", addrs, 3, 3},
		{"more open than held", addrs, 2, 2},
		{"refused ones hold nothing", append([]netip.Addr{closed}, addrs[:1]...), 3, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			res := Check(ctx, tc.addrs, Params{Ports: []Port{{Number: 443, Check: report.TCPHTTPSPortClosed, Hold: tc.hold}}}, report.NewBuilder())
			defer res.Close()
			if len(res.Held) != tc.held {
				t.Fatalf("held %d connections, want %d", len(res.Held), tc.held)
			}
			for ap, c := range res.Held {
				if c.RemoteAddr().String() != ap.String() {
					t.Errorf("connection to %s held as %s", c.RemoteAddr(), ap)
				}
			}
		})
	}
}

// TestConnectCacheSharesConnects: checks sharing a ConnectCache connect to an address
// once, whether they run one after the other or at once, and only the
// check that connected holds a connection.
func TestConnectCacheSharesConnects(t *testing.T) {
	fixture.RequireRoot(t)
	cases := []struct {
		name       string
		concurrent bool
		cache      bool
		connects   int64
	}{
		{"no cache", false, false, 3},
		{"in turn", false, true, 1},
		{"at once", true, true, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := listen(t)
			var cache *ConnectCache
			if tc.cache {
				cache = NewConnectCache()
			}
			var (
				wg    sync.WaitGroup
				mu    sync.Mutex
				held  int
				total netcount.Stats
			)
			for range 3 {
				check := func() {
					ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
					defer cancel()
					ctx, count := netcount.With(ctx)
					b := report.NewBuilder()
					res := Check(ctx, []netip.Addr{l.addr}, Params{Ports: []Port{{Number: 443, Check: report.TCPHTTPSPortClosed, Hold: 1}}, Cache: cache}, b)
					defer res.Close()
					if c := find(t, b.Build("o", nil), report.TCPHTTPSPortClosed); c.Status != report.Pass || len(res.Open[443]) != 1 {
						t.Errorf("status %s (%s), open %v, want the address open", c.Status, c.Message, res.Open)
					}
					mu.Lock()
					defer mu.Unlock()
					held += len(res.Held)
					total = total.Add(count.Stats())
				}
				if tc.concurrent {
					wg.Go(check)
				} else {
					check()
				}
			}
			wg.Wait()
			if total.Connects != tc.connects || int64(held) != tc.connects {
				t.Errorf("%d connects counted, %d held, want %d", total.Connects, held, tc.connects)
			}
			// The listener may not have accepted the last one yet.
			for deadline := time.Now().Add(time.Second); l.accepted.Load() < tc.connects && time.Now().Before(deadline); {
				time.Sleep(time.Millisecond)
			}
			if got := l.accepted.Load(); got != tc.connects {
				t.Errorf("listener accepted %d connections, want %d", got, tc.connects)
			}
		})
	}
}

func find(t *testing.T, r report.Report, id report.ID) report.Check {
	t.Helper()
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no check %s", id)
	return report.Check{}
}
