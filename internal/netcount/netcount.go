// Package netcount counts the network work done for one origin: DNS
// queries, TCP connects, TLS flights (a read that follows a write: the
// client waited for the peer) and bytes each way. The engine logs the
// counts per origin and benchmarks compare them with the round-trip floor.
//
// A Counter travels in the context, so the probes need no extra parameter;
// without one, counting does nothing.
package netcount

import (
	"context"
	"net"
	"sync/atomic"
)

// Stats is a snapshot of a Counter.
type Stats struct {
	DNSQueries    int64
	Connects      int64
	Flights       int64
	BytesSent     int64
	BytesReceived int64
}

// RoundTrips is every exchange that waited for the network: queries,
// connects and flights. Exchanges made in parallel each count.
func (s Stats) RoundTrips() int64 { return s.DNSQueries + s.Connects + s.Flights }

// Add returns the sum of s and t.
func (s Stats) Add(t Stats) Stats {
	return Stats{
		DNSQueries:    s.DNSQueries + t.DNSQueries,
		Connects:      s.Connects + t.Connects,
		Flights:       s.Flights + t.Flights,
		BytesSent:     s.BytesSent + t.BytesSent,
		BytesReceived: s.BytesReceived + t.BytesReceived,
	}
}

// LogAttrs are the counts as slog key-value pairs.
func (s Stats) LogAttrs() []any {
	return []any{
		"round_trips", s.RoundTrips(), "dns_queries", s.DNSQueries, "tcp_connects", s.Connects,
		"tls_flights", s.Flights, "bytes_sent", s.BytesSent, "bytes_received", s.BytesReceived,
	}
}

// Counter accumulates the work of one origin; it is safe for concurrent use.
type Counter struct {
	dnsQueries, connects, flights, sent, received atomic.Int64
}

type ctxKey struct{}

// With returns a context that counts into a new Counter, and the Counter.
func With(ctx context.Context) (context.Context, *Counter) {
	c := &Counter{}
	return context.WithValue(ctx, ctxKey{}, c), c
}

func from(ctx context.Context) *Counter {
	c, _ := ctx.Value(ctxKey{}).(*Counter)
	return c
}

// Stats returns the counts so far.
func (c *Counter) Stats() Stats {
	return Stats{
		DNSQueries:    c.dnsQueries.Load(),
		Connects:      c.connects.Load(),
		Flights:       c.flights.Load(),
		BytesSent:     c.sent.Load(),
		BytesReceived: c.received.Load(),
	}
}

// DNSQuery counts one query of sent bytes and its answer of received bytes
// (0 when none came). A query shared by several origins counts for the one
// whose lookup sent it.
func DNSQuery(ctx context.Context, sent, received int) {
	if c := from(ctx); c != nil {
		c.dnsQueries.Add(1)
		c.sent.Add(int64(sent))
		c.received.Add(int64(received))
	}
}

// Connect counts one TCP connection attempt.
func Connect(ctx context.Context) {
	if c := from(ctx); c != nil {
		c.connects.Add(1)
	}
}

// Conn wraps conn so that its bytes and flights count; conn is returned
// unchanged when ctx has no Counter.
func Conn(ctx context.Context, conn net.Conn) net.Conn {
	c := from(ctx)
	if c == nil {
		return conn
	}
	return &countedConn{Conn: conn, c: c}
}

type countedConn struct {
	net.Conn
	c *Counter
	// wrote is set by a write and cleared by the next read, which is the
	// answer to it: one flight.
	wrote atomic.Bool
}

func (cc *countedConn) Write(p []byte) (int, error) {
	n, err := cc.Conn.Write(p)
	if n > 0 {
		cc.c.sent.Add(int64(n))
		cc.wrote.Store(true)
	}
	return n, err
}

func (cc *countedConn) Read(p []byte) (int, error) {
	n, err := cc.Conn.Read(p)
	if n > 0 {
		cc.c.received.Add(int64(n))
		if cc.wrote.Swap(false) {
			cc.c.flights.Add(1)
		}
	}
	return n, err
}
