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

	"github.com/originhealth/terraform-provider-origin/internal/netcount"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// Port is one port to test and the check that reports on it.
type Port struct {
	Number int
	Check  report.ID
}

// maxParallelConnects bounds the connections one origin opens at once.
const maxParallelConnects = 32

// Check dials every address on every port in parallel, reports each result
// into b, and returns, per port number, the addresses that accepted.
func Check(ctx context.Context, addrs []netip.Addr, ports []Port, log *slog.Logger, b *report.Builder) map[int][]netip.Addr {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var (
		mu   sync.Mutex
		open = map[int][]netip.Addr{}
		// Every address in parallel, but bounded: a name with thousands of
		// A records must not open thousands of sockets at once.
		g errgroup.Group
	)
	g.SetLimit(maxParallelConnects)
	for _, p := range ports {
		for _, a := range addrs {
			g.Go(func() error {
				target := netip.AddrPortFrom(a, uint16(p.Number))
				start := time.Now()
				err := dial(ctx, target)
				log.DebugContext(ctx, "tcp connect", "address", target.String(), "latency", time.Since(start).String(), "error", errString(err))
				if err != nil {
					b.Fail(p.Check, target.String(), describe(err, time.Since(start)))
					return nil
				}
				b.Pass(p.Check, target.String(), "accepted")
				mu.Lock()
				open[p.Number] = append(open[p.Number], a)
				mu.Unlock()
				return nil
			})
		}
	}
	_ = g.Wait()
	return open
}

func dial(ctx context.Context, target netip.AddrPort) error {
	var d net.Dialer
	netcount.Connect(ctx)
	conn, err := d.DialContext(ctx, "tcp", target.String())
	if err != nil {
		return err
	}
	return conn.Close()
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
