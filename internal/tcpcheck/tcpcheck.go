// Package tcpcheck is the TCP stage of the engine: CloudFront connects to
// whichever address DNS gives it, so every resolved address must accept
// connections on every port the origin protocol policy uses.
package tcpcheck

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/originhealth/terraform-provider-origin/internal/memo"
	"github.com/originhealth/terraform-provider-origin/internal/netcount"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// Port is one port to test and the check that reports on it.
type Port struct {
	Number int
	Check  report.ID
	// Hold is how many accepted connections to keep open for the caller,
	// so that the next stage need not connect again; the others are
	// closed at once.
	Hold int
}

// Params say what to check.
type Params struct {
	Ports []Port
	// Cache shares connection results between checks; nil shares nothing.
	Cache *Cache
	// Logger gets a debug record of each connect; nil discards them.
	Logger *slog.Logger
}

// Result is what the stage found.
type Result struct {
	// Open lists, per port number, the addresses that accepted.
	Open map[int][]netip.Addr
	// Held are the connections kept open for ports with Hold: the caller
	// owns them and must close them (Close does).
	Held map[netip.AddrPort]net.Conn
}

// Close closes the held connections.
func (r Result) Close() {
	for _, c := range r.Held {
		_ = c.Close()
	}
}

// Cache remembers whether each address accepted on each port, so that
// origins sharing an address connect once. A result shared this way comes
// without a connection to hold. It is safe for concurrent use.
type Cache struct {
	dials memo.Group[netip.AddrPort, dialResult]
}

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{} }

func (c *Cache) group() *memo.Group[netip.AddrPort, dialResult] {
	if c == nil {
		return nil
	}
	return &c.dials
}

// dialResult is one connection attempt: its error, nil if it was accepted,
// and how long it took.
type dialResult struct {
	err  error
	took time.Duration
}

// maxParallelConnects bounds the connections one origin opens at once.
const maxParallelConnects = 32

// Check dials every address on every port in parallel and reports each
// result into b.
func Check(ctx context.Context, addrs []netip.Addr, p Params, b *report.Builder) Result {
	log := p.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var (
		mu  sync.Mutex
		res = Result{Open: map[int][]netip.Addr{}, Held: map[netip.AddrPort]net.Conn{}}
		// Every address in parallel, but bounded: a name with thousands of
		// A records must not open thousands of sockets at once.
		g    errgroup.Group
		held = map[int]int{} // per port
	)
	g.SetLimit(maxParallelConnects)
	for _, port := range p.Ports {
		for _, a := range addrs {
			g.Go(func() error {
				target := netip.AddrPortFrom(a, uint16(port.Number))
				start := time.Now()
				var (
					conn   net.Conn
					dialed bool
				)
				r, err := p.Cache.group().Do(ctx, target, func(ctx context.Context) dialResult {
					var err error
					conn, err = dial(ctx, target)
					dialed = true
					return dialResult{err, time.Since(start)}
				})
				shared := !dialed && err == nil
				if err != nil {
					// Our deadline came while another check was connecting.
					r = dialResult{err, time.Since(start)}
				}
				log.DebugContext(ctx, "tcp connect", "address", target.String(), "latency", r.took.String(), "error", errString(r.err), "shared", shared)
				if r.err != nil {
					b.Fail(port.Check, target.String(), describe(r.err, r.took))
					return nil
				}
				b.Pass(port.Check, target.String(), "accepted")
				mu.Lock()
				defer mu.Unlock()
				res.Open[port.Number] = append(res.Open[port.Number], a)
				switch {
				case conn == nil:
				case held[port.Number] < port.Hold:
					held[port.Number]++
					res.Held[target] = conn
				default:
					_ = conn.Close()
				}
				return nil
			})
		}
	}
	_ = g.Wait()
	return res
}

// dial connects to target, counting the connect; the connection's bytes
// are counted by whoever uses it.
func dial(ctx context.Context, target netip.AddrPort) (net.Conn, error) {
	var d net.Dialer
	netcount.Connect(ctx)
	return d.DialContext(ctx, "tcp", target.String())
}

// describe turns a dial error after waited into what a user can act on.
func describe(err error, waited time.Duration) string {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused (nothing listens on this port, or a firewall rejects it)"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset while being set up (the host or a middlebox aborts connections to this port)"
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		// Say how long: a short wait is the check's deadline, not the origin's verdict.
		return fmt.Sprintf("no answer within %s, when the check's deadline came (the port is filtered or the host is down)", waited.Round(10*time.Millisecond))
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "address unreachable from here (" + err.Error() + ")"
	default:
		return fmt.Sprintf("connection failed: %v", err)
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
