package tcpcheck

import (
	"context"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

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
	listening := listen(t).addr
	closed := loopback.Addr() // nothing listens here

	cases := []struct {
		name   string
		addrs  []netip.Addr
		want   report.Status
		opened int
	}{
		{"open", []netip.Addr{listening}, report.Pass, 1},
		{"refused", []netip.Addr{closed}, report.Fail, 0},
		{"one of two closed", []netip.Addr{listening, closed}, report.Fail, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			b := report.NewBuilder()
			res := Check(ctx, tc.addrs, Params{Ports: []Port{{Number: 443, Check: report.TCPHTTPSPortClosed}}}, b)
			if len(res.Open[443]) != tc.opened || len(res.Held) != 0 {
				t.Errorf("open = %v, held %v, want %d addresses and nothing held", res.Open, res.Held, tc.opened)
			}
			c := find(t, b.Build("o", nil), report.TCPHTTPSPortClosed)
			if c.Status != tc.want {
				t.Errorf("status %s (%s), want %s", c.Status, c.Message, tc.want)
			}
			if tc.want == report.Fail && !strings.Contains(c.Message, closed.String()+":443") {
				t.Errorf("message %q does not name the closed address", c.Message)
			}
		})
	}
}

// TestCheckHolds: the connections of a port with Hold are kept open, up to
// Hold of them, for the caller; the rest are closed.
func TestCheckHolds(t *testing.T) {
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
