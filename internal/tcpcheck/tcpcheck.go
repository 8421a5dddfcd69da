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
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/originhealth/terraform-provider-origin/internal/memo"
	"github.com/originhealth/terraform-provider-origin/internal/netcount"
	"github.com/originhealth/terraform-provider-origin/internal/netgate"
	"github.com/originhealth/terraform-provider-origin/internal/netroute"
	"github.com/originhealth/terraform-provider-origin/internal/netwait"
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
	// ConnectTimeout is CloudFront's connection_timeout: a connect that
	// takes longer fails as CloudFront's would. Zero means the context's
	// deadline only.
	ConnectTimeout time.Duration
	// ConnectionAttempts is CloudFront's connection_attempts, for saying
	// how long CloudFront tries before it answers 504.
	ConnectionAttempts int
	// LockedToCloudFront is reachable_from = "cloudfront": the origin
	// admits only CloudFront's ranges, so a filtered port is expected and
	// an open one is a warning.
	LockedToCloudFront bool
	// Route tells whether this machine has a route to an address (nil:
	// netroute.Check). An address it has none to is not verified.
	Route func(netip.Addr) error
	// Cache shares connection results between checks; nil shares nothing.
	Cache *ConnectCache
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

// ConnectCache remembers whether each address accepted on each port, so that
// origins sharing an address connect once. A result shared this way comes
// without a connection to hold. It is safe for concurrent use.
type ConnectCache struct {
	dials memo.Group[dialKey, dialResult]
}

// dialKey is one connect: its target and the connect timeout it had.
type dialKey struct {
	target  netip.AddrPort
	timeout time.Duration
}

// NewConnectCache returns an empty ConnectCache.
func NewConnectCache() *ConnectCache { return &ConnectCache{} }

func (c *ConnectCache) group() *memo.Group[dialKey, dialResult] {
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
		// failed holds, per port, the connects the origin failed, graded
		// once every address is known: some failing warns, all failing fails.
		failed = map[int][]failure{}
	)
	g.SetLimit(maxParallelConnects)
	route := p.Route
	if route == nil {
		route = netroute.Check
	}
	if !p.LockedToCloudFront {
		b.NotApplicable(report.TCPReachableWithoutCloudFront, `reachable_from is "anywhere": the origin is meant to be reachable from anywhere`)
	}
	for _, port := range p.Ports {
		for _, a := range addrs {
			g.Go(func() error {
				target := netip.AddrPortFrom(a, uint16(port.Number))
				if err := route(a); err != nil {
					// Neither a pass nor a failure: this runner's network,
					// not the origin, stops the check.
					log.DebugContext(ctx, "tcp connect not attempted: no route", "address", target.String(), "error", err.Error())
					b.Unverified(port.Check, report.Warn, target.String(), fmt.Sprintf(
						"not verified: this machine has no route to %s addresses (%v); CloudFront's own %s path is not judged from here",
						family(a), err, family(a)))
					return nil
				}
				start := time.Now()
				var (
					conn   net.Conn
					dialed bool
				)
				r, err := p.Cache.group().Do(ctx, dialKey{target, p.ConnectTimeout}, func(ctx context.Context) dialResult {
					var err error
					conn, err = dial(ctx, target, p.ConnectTimeout)
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
					if f, ok := p.judgeFailure(b, port.Check, target, r); ok {
						mu.Lock()
						failed[port.Number] = append(failed[port.Number], f)
						mu.Unlock()
					}
					return nil
				}
				b.Pass(port.Check, target.String(), "accepted")
				if p.LockedToCloudFront {
					b.Warn(report.TCPReachableWithoutCloudFront, target.String(), "accepted a connection from this machine, which is not in CloudFront's address ranges")
				}
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
	for _, port := range p.Ports {
		p.grade(b, port, failed[port.Number], res.Open[port.Number], addrs)
	}
	return res
}

// failure is a connect the origin itself failed on one address.
type failure struct {
	target  netip.AddrPort
	detail  string
	timeout bool
}

// grade reports the failed connects of port. Addresses are judged per
// family: when no address of a failing address's family accepts, each
// fails, 502 (504 for a connect that times out), since under dualstack
// AWS does not document how CloudFront picks the family and every request
// may meet it. When others of its family accept, CloudFront still serves
// through them, so each failing address warns with what a request that
// goes to it costs.
func (p Params) grade(b *report.Builder, port Port, failures []failure, open, addrs []netip.Addr) {
	slices.SortFunc(failures, func(a, b failure) int { return a.target.Compare(b.target) })
	for _, f := range failures {
		fam := family(f.target.Addr())
		var peers []netip.Addr // same family, accepting
		for _, a := range open {
			if family(a) == fam {
				peers = append(peers, a)
			}
		}
		answers := report.BadGateway
		if f.timeout {
			answers = report.GatewayTimeout
		}
		switch {
		case len(peers) > 0:
			total := 0
			for _, a := range addrs {
				if family(a) == fam {
					total++
				}
			}
			b.Warn(port.Check, f.target.String(), f.detail+"; "+p.partialCost(f, port, peers, total))
		case len(open) > 0:
			b.FailAnswering(port.Check, answers, f.target.String(), f.detail+fmt.Sprintf(
				"; no %s address accepts on port %d (only %d of the other family): CloudFront may choose %s for any request (how it chooses is not documented)",
				fam, port.Number, len(open), fam))
		default:
			b.FailAnswering(port.Check, answers, f.target.String(), f.detail)
		}
	}
}

// partialCost says what a request CloudFront sends to a failing address
// costs when other addresses accept. AWS does not document whether a
// retry goes to another address (inferred: each attempt resolves anew, as
// the 502 page's intermittent failures suggest), so the cost is said as
// an upper bound.
func (p Params) partialCost(f failure, port Port, open []netip.Addr, total int) string {
	n := max(p.ConnectionAttempts, 1)
	var each string
	switch {
	case f.timeout && p.ConnectTimeout > 0:
		each = fmt.Sprintf("each of CloudFront's connection_attempts (%d) to it waits connection_timeout (%s), up to %s, before CloudFront answers 504",
			n, p.ConnectTimeout, time.Duration(n)*p.ConnectTimeout)
	case f.timeout:
		each = fmt.Sprintf("each of CloudFront's connection_attempts (%d) to it waits its connection_timeout before CloudFront answers 504", n)
	default:
		each = fmt.Sprintf("each of CloudFront's connection_attempts (%d) to it is refused at once before CloudFront answers 502", n)
	}
	accepting := make([]string, len(open))
	for i, a := range slices.SortedFunc(slices.Values(open), netip.Addr.Compare) {
		accepting[i] = netip.AddrPortFrom(a, uint16(port.Number)).String()
	}
	return fmt.Sprintf("%d of %d %s addresses accept on port %d (%s), so CloudFront still serves, but a request it sends to this address fails there first: %s, "+
		"unless a retry reaches an address that accepts (which AWS does not document); remove the address from DNS or fix it",
		len(open), total, family(f.target.Addr()), port.Number, strings.Join(accepting, ", "), each)
}

// judgeFailure grades a connect that failed. A refusal is the origin's
// answer wherever the client is. Silence or an unreachable host is what
// an origin locked to CloudFront's ranges looks like from elsewhere, so
// under reachable_from = "cloudfront" it is not verified rather than failed.
// A failure of the origin's is returned (ok) for grade, not recorded.
func (p Params) judgeFailure(b *report.Builder, id report.ID, target netip.AddrPort, r dialResult) (failure, bool) {
	refused := errors.Is(r.err, syscall.ECONNREFUSED) || errors.Is(r.err, syscall.ECONNRESET)
	switch {
	case errors.Is(r.err, syscall.ENETUNREACH):
		b.Unverified(id, report.Warn, target.String(), fmt.Sprintf(
			"not verified: this machine has no route to it (%v); CloudFront's own path is not judged from here", r.err))
		return failure{}, false
	case p.LockedToCloudFront && !refused:
		seen := describe(r.err, r.took, p)
		if errors.Is(r.err, context.DeadlineExceeded) || netwait.IsTimeout(r.err) {
			seen = "no answer from this machine" + report.Timing(fmt.Sprintf(" within %s", r.took.Round(10*time.Millisecond))) + " (filtered)"
		}
		b.Unverified(id, report.Skip, target.String(), seen+
			`; expected of an origin declared reachable_from = "cloudfront" (it admits only CloudFront's ranges), so whether CloudFront can connect is not verified from here`)
		return failure{}, false
	default:
		timeout := errors.Is(r.err, context.DeadlineExceeded) || netwait.IsTimeout(r.err)
		return failure{target: target, detail: describe(r.err, r.took, p), timeout: timeout}, true
	}
}

// dial connects to target within timeout (if not zero), counting the
// connect; the connection's bytes are counted by whoever uses it.
func dial(ctx context.Context, target netip.AddrPort, timeout time.Duration) (net.Conn, error) {
	netcount.Connect(ctx)
	return netgate.Dial(ctx, "tcp", target, timeout)
}

// describe turns a dial error after waited into what a user can act on.
func describe(err error, waited time.Duration, p Params) string {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return netwait.Refused
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset while being set up (the host or a middlebox aborts connections to this port)"
	case errors.Is(err, context.DeadlineExceeded), netwait.IsTimeout(err):
		// Say how long, and whose limit it was: a short wait is the
		// check's deadline, not the origin's verdict.
		if p.ConnectTimeout > 0 && waited >= p.ConnectTimeout {
			return fmt.Sprintf("no answer within connection_timeout (%s): CloudFront would try %s and answer 504 after about %s (the port is filtered or the host is down)",
				p.ConnectTimeout, attempts(p.ConnectionAttempts), time.Duration(max(p.ConnectionAttempts, 1))*p.ConnectTimeout)
		}
		return "no answer" + report.Timing(fmt.Sprintf(" within %s", waited.Round(10*time.Millisecond))) + ", when the check's deadline came (the port is filtered or the host is down)"
	case errors.Is(err, syscall.EHOSTUNREACH):
		return "host unreachable from here (" + err.Error() + ")"
	default:
		return fmt.Sprintf("connection failed: %v", err)
	}
}

func attempts(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", max(n, 1))
}

func family(a netip.Addr) string {
	if a.Unmap().Is4() {
		return "IPv4"
	}
	return "IPv6"
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
