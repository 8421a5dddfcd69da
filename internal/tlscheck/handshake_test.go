package tlscheck

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/loopback"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/tlsserver"
	"github.com/originhealth/terraform-provider-origin/internal/netwait"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestHandedConnection: a connection handed over carries the crypto/tls
// handshake, so that only the probe connects; one the origin has dropped
// costs the restricted handshake, not the verdict; one for an address not
// checked is closed unused.
func TestHandedConnection(t *testing.T) {
	fixture.RequireRoot(t)
	t.Parallel()
	h := fixtures(t)
	srv, err := tlsserver.Start(netip.AddrPortFrom(loopback.Addr(), 443), sendChain(leaf(t, h.inter, domain), h.inter))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	other := serve(t, sendChain(leaf(t, h.inter, domain), h.inter))

	cases := []struct {
		name string
		// hand returns the connections to hand over.
		hand func(t *testing.T) map[netip.AddrPort]net.Conn
		// connects counts those Check makes: the handed ones were made here.
		connects, flights int64
	}{
		{"none handed: the probe and crypto/tls connect", func(*testing.T) map[netip.AddrPort]net.Conn { return nil }, 2, 3},
		{"handed: only the probe connects", func(t *testing.T) map[netip.AddrPort]net.Conn {
			return map[netip.AddrPort]net.Conn{srv.Addr: dialOrigin(t, srv.Addr)}
		}, 1, 3},
		{"handed, dropped by the origin: a restricted handshake follows", func(t *testing.T) map[netip.AddrPort]net.Conn {
			return map[netip.AddrPort]net.Conn{srv.Addr: droppedConn(t, srv.Addr)}
		}, 2, 3},
		{"handed for another address: closed unused", func(t *testing.T) map[netip.AddrPort]net.Conn {
			ap := netip.AddrPortFrom(other, 443)
			return map[netip.AddrPort]net.Conn{ap: dialOrigin(t, ap)}
		}, 2, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := params(h)
			p.Conns = tc.hand(t)
			r, s, traffic := runCounted(t, []netip.Addr{srv.Addr.Addr()}, p)
			expect(t, r, healthy(), nil)
			if s == nil {
				t.Fatal("no summary")
			}
			if traffic.Connects != tc.connects || traffic.Flights != tc.flights {
				t.Errorf("%d connects and %d flights, want %d and %d", traffic.Connects, traffic.Flights, tc.connects, tc.flights)
			}
			for ap, c := range p.Conns {
				if _, err := c.Read(make([]byte, 1)); !errors.Is(err, net.ErrClosed) {
					t.Errorf("connection to %s left open (read: %v)", ap, err)
				}
			}
		})
	}
}

func dialOrigin(t *testing.T, ap netip.AddrPort) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", ap.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// droppedConn is a connection the origin has closed: it spoke plain text
// to it and got hung up on.
func droppedConn(t *testing.T, ap netip.AddrPort) net.Conn {
	t.Helper()
	c := dialOrigin(t, ap)
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.WriteString(c, "GET / HTTP/1.0\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	// EOF or a reset: either way the origin hung up.
	if _, err := io.Copy(io.Discard, c); netwait.IsTimeout(err) {
		t.Fatalf("origin did not hang up: %v", err)
	}
	_ = c.SetDeadline(time.Time{})
	return c
}

// TestHandshakeCacheSharesAnswers: two origins on one address share the handshake
// when they send the same SNI and protocols, yet each gets verdicts from
// its own names and roots; other SNI or protocols handshake again.
func TestHandshakeCacheSharesAnswers(t *testing.T) {
	fixture.RequireRoot(t)
	t.Parallel()
	h := fixtures(t)
	const cdn = "cdn.example.test"
	cases := []struct {
		name   string
		cache  bool
		atOnce bool
		// second changes the second origin's parameters.
		second func(p *Params)
		// hellos counts the ClientHellos the origin got from both.
		hellos     int
		wantSecond map[report.ID]report.Status
	}{
		{"no cache", false, false, func(*Params) {}, 4, healthy()},
		{"same SNI and protocols, in turn", true, false, func(*Params) {}, 2, healthy()},
		{"same SNI and protocols, at once", true, true, func(*Params) {}, 2, healthy()},
		{"same handshake, other roots: own trust verdict", true, false, func(p *Params) { p.Roots = MozillaRoots() },
			2, with(map[report.ID]report.Status{report.TLSMissingIntermediate: report.Fail, report.TLSUntrusted: report.Skip})},
		{"same SNI from host_header: own name verdict", true, false, func(p *Params) { p.DomainName, p.HostHeader = "other."+domain, domain },
			2, with(map[report.ID]report.Status{report.TLSHostHeaderMismatch: report.Pass, report.TLSNameMismatch: report.Skip})},
		{"other domain name: own handshake and name verdict", true, false, func(p *Params) { p.DomainName = "other." + domain },
			4, with(map[report.ID]report.Status{report.TLSNameMismatch: report.Fail})},
		{"other host_header: own handshake and name verdict", true, false, func(p *Params) { p.HostHeader = cdn },
			4, with(map[report.ID]report.Status{report.TLSHostHeaderMismatch: report.Pass, report.TLSNameMismatch: report.Skip})},
		{"other protocols: own handshake", true, true, func(p *Params) { p.Protocols = []string{"TLSv1", "TLSv1.2"} }, 4, healthy()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := sendChain(leaf(t, h.inter, domain), h.inter)
			forCDN := leaf(t, h.inter, cdn).TLS(h.inter)
			cfg.BySNI = map[string]*tls.Certificate{cdn: &forCDN}
			srv, err := tlsserver.Start(netip.AddrPortFrom(loopback.Addr(), 443), cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(srv.Close)
			first, second := params(h), params(h)
			tc.second(&second)
			if tc.cache {
				first.Cache = NewHandshakeCache()
				second.Cache = first.Cache
			}
			var (
				wg       sync.WaitGroup
				reports  [2]report.Report
				addrs    = []netip.Addr{srv.Addr.Addr()}
				checkOne = func(i int, p Params) { reports[i], _ = run(t, addrs, p) }
			)
			if tc.atOnce {
				wg.Go(func() { checkOne(0, first) })
				wg.Go(func() { checkOne(1, second) })
				wg.Wait()
			} else {
				checkOne(0, first)
				checkOne(1, second)
			}
			expect(t, reports[0], healthy(), nil)
			expect(t, reports[1], tc.wantSecond, nil)
			if got := len(srv.ServerNames()); got != tc.hellos {
				t.Errorf("the origin got %d ClientHellos (%q), want %d", got, srv.ServerNames(), tc.hellos)
			}
		})
	}
}

// TestHandshakeCacheWaiterDeadline: an origin whose deadline comes while another
// origin's handshake with the same address is under way stops waiting,
// and says the handshake did not finish in time.
func TestHandshakeCacheWaiterDeadline(t *testing.T) {
	fixture.RequireRoot(t)
	t.Parallel()
	h := fixtures(t)
	silent := silentOrigin(t)
	cache := NewHandshakeCache()
	p := params(h)
	p.Cache = cache
	leader := make(chan struct{})
	go func() {
		defer close(leader)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		Check(ctx, []netip.Addr{silent}, p, report.NewBuilder())
	}()
	time.Sleep(100 * time.Millisecond) // the first origin is handshaking
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	b := report.NewBuilder()
	Check(ctx, []netip.Addr{silent}, p, b)
	if d := time.Since(start); d > time.Second {
		t.Errorf("waited %s for another origin's handshake, past its own deadline", d)
	}
	expect(t, b.Build(domain, nil), handshakeOnly(report.TLSHandshakeFailed), map[report.ID]string{report.TLSHandshakeFailed: "no handshake answer before the deadline"})
	<-leader
}

// TestHandshakeCacheTimeout: connection_timeout is part of what an answer
// depends on, so a slow handshake judged for one origin's timeout is not
// reused for another origin on the same address, SNI and protocols with
// a different one, in either order.
func TestHandshakeCacheTimeout(t *testing.T) {
	fixture.RequireRoot(t)
	t.Parallel()
	h := fixtures(t)
	slow := handshakeOnly(report.TLSHandshakeFailed)
	cases := []struct {
		name     string
		timeouts [2]time.Duration
		want     [2]map[report.ID]report.Status
	}{
		{"10 s then 1 s", [2]time.Duration{10 * time.Second, time.Second}, [2]map[report.ID]report.Status{healthy(), slow}},
		{"1 s then 10 s", [2]time.Duration{time.Second, 10 * time.Second}, [2]map[report.ID]report.Status{slow, healthy()}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := sendChain(leaf(t, h.inter, domain), h.inter)
			// Two flights of 700 ms: about 1.4 s for a TLS 1.2 handshake.
			cfg.FlightDelay = 700 * time.Millisecond
			addr := serve(t, cfg)
			cache := NewHandshakeCache()
			for i, timeout := range tc.timeouts {
				p := params(h)
				p.Cache, p.HandshakeTimeout = cache, timeout
				r, _ := run(t, []netip.Addr{addr}, p)
				var inMessage map[report.ID]string
				if tc.want[i][report.TLSHandshakeFailed] == report.Fail {
					inMessage = map[report.ID]string{report.TLSHandshakeFailed: "no TLS handshake answer within connection_timeout (1s)"}
				}
				expect(t, r, tc.want[i], inMessage)
			}
		})
	}
}
