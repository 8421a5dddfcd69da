package dnscheck

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"
	"time"

	"github.com/miekg/dns"

	"github.com/originhealth/terraform-provider-origin/internal/netcount"
	"github.com/originhealth/terraform-provider-origin/internal/netroute"
)

// ednsBufferSize is the DNS flag day 2020 value: large enough for most
// answers, small enough to avoid IP fragmentation.
const ednsBufferSize = 1232

// server is one address of one name server (or of a configured root or
// resolver, whose name is its address).
type server struct {
	name string
	addr netip.AddrPort
}

func (s server) String() string {
	if !s.addr.IsValid() {
		return display(s.name)
	}
	if s.name == s.addr.String() {
		return s.name
	}
	addr := s.addr.Addr().String()
	if s.addr.Port() != 53 {
		addr = s.addr.String()
	}
	return fmt.Sprintf("%s (%s)", strings.TrimSuffix(s.name, "."), addr)
}

// outcome is what one server did with one query.
type outcome struct {
	server server
	state  ServerState
	detail string
	msg    *dns.Msg
}

// answered reports whether the server sent anything at all.
func (o outcome) answered() bool {
	return o.state != stateTimeout && o.state != stateUnreachable && o.state != stateUnresolvable && o.state != stateSkipped
}

// exchange asks srv one question within the per-query timeout, over UDP
// with EDNS0 and again over TCP when the answer is truncated, and judges
// the answer as coming from a server of zone ("" for a recursive resolver).
func (r *Resolver) exchange(ctx context.Context, srv server, zone, qname string, qtype uint16) outcome {
	o := outcome{server: srv}
	if !r.routable(srv.addr) {
		o.state, o.detail = stateSkipped, "not asked: this machine has "+noRoute(srv.addr.Addr())
		r.log.DebugContext(ctx, "dns query skipped: "+noRoute(srv.addr.Addr()), "server", srv.String(), "qname", qname, "qtype", dns.TypeToString[qtype])
		return o
	}
	qctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	m := new(dns.Msg)
	m.SetQuestion(qname, qtype)
	m.RecursionDesired = zone == ""
	m.SetEdns0(ednsBufferSize, false)

	start := time.Now()
	transport := "udp"
	resp, err := roundTrip(qctx, transport, m, srv.addr, r.timeout)
	// A truncated answer, or one that does not parse (a server that ignores
	// the EDNS buffer size sends more than fits), is asked again over TCP,
	// as resolvers do; what UDP did is kept for the message.
	var overUDP string
	switch {
	case err == nil && resp.Truncated:
		overUDP = "answered truncated over UDP"
	case isMalformed(err):
		overUDP = "answered a malformed message over UDP (" + err.Error() + ")"
	}
	if overUDP != "" {
		transport = "tcp"
		resp, err = roundTrip(qctx, transport, m, srv.addr, r.timeout)
	}
	latency := time.Since(start)
	switch {
	case err == nil:
		o.msg = resp
		o.state, o.detail = judge(resp, zone, qname)
	case overUDP != "":
		// The server did answer: it is broken, not silent.
		_, tcpDetail := describeError(ctx, err, r.timeout)
		o.state, o.detail = stateError, overUDP+", and over TCP: "+tcpDetail
	default:
		o.state, o.detail = describeError(ctx, err, r.timeout)
	}
	if o.state == stateTimeout {
		r.markSilent(srv.addr)
	}
	rcode := ""
	if resp != nil {
		rcode = dns.RcodeToString[resp.Rcode]
	}
	r.log.DebugContext(ctx, "dns query", "server", srv.String(), "qname", qname, "qtype", dns.TypeToString[qtype],
		"rcode", rcode, "latency", latency.String(), "transport", transport, "status", o.state.String(), "detail", o.detail)
	return o
}

func roundTrip(ctx context.Context, network string, m *dns.Msg, addr netip.AddrPort, timeout time.Duration) (*dns.Msg, error) {
	c := dns.Client{Net: network, Timeout: timeout}
	if network == "tcp" {
		netcount.Connect(ctx)
	}
	conn, err := c.DialContext(ctx, addr.String())
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	// miekg/dns honours only the context's deadline; a cancellation must
	// unblock the read too.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	defer stop()
	sends, resp, err := 1, (*dns.Msg)(nil), error(nil)
	if network == "udp" {
		sends, resp, err = exchangeUDP(ctx, conn, m, timeout)
	} else {
		resp, _, err = c.ExchangeWithConnContext(ctx, m, conn)
	}
	if err != nil {
		netcount.DNSQuery(ctx, sends*m.Len(), 0)
		return nil, err
	}
	netcount.DNSQuery(ctx, sends*m.Len(), resp.Len())
	if len(resp.Question) != 1 || !strings.EqualFold(resp.Question[0].Name, m.Question[0].Name) || resp.Question[0].Qtype != m.Question[0].Qtype {
		return nil, errors.New("answer to another question")
	}
	return resp, nil
}

// udpTries is how many times a UDP query is sent within its timeout: a
// datagram or its answer can be lost (a busy server's receive buffer
// overflows first), and resolvers send again (dig: 3 tries) rather than
// call the server dead after one loss. Every copy goes out on the same
// socket, so a late answer to an earlier copy still counts.
const udpTries = 3

// exchangeUDP sends m on conn, again every timeout/udpTries without an
// answer, and returns how many copies it sent and the first answer that
// carries m's id; answers with another id are ignored, as resolvers do.
func exchangeUDP(ctx context.Context, conn *dns.Conn, m *dns.Msg, timeout time.Duration) (int, *dns.Msg, error) {
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	if opt := m.IsEdns0(); opt != nil {
		conn.UDPSize = opt.UDPSize()
	}
	interval := timeout / udpTries
	sends := 0
	for resend := true; ; {
		if resend {
			if err := conn.WriteMsg(m); err != nil {
				return sends, nil, err
			}
			sends++
			readUntil := deadline
			if next := time.Now().Add(interval); sends < udpTries && next.Before(deadline) {
				readUntil = next
			}
			_ = conn.SetReadDeadline(readUntil)
		}
		resp, err := conn.ReadMsg()
		var ne net.Error
		switch {
		case err == nil && resp.Id == m.Id:
			return sends, resp, nil
		case err == nil:
			resend = false
		case errors.As(err, &ne) && ne.Timeout() && ctx.Err() == nil && sends < udpTries && time.Now().Before(deadline):
			resend = true
		default:
			return sends, nil, err
		}
	}
}

// noRoute says why a server at a was not asked: "no IPv6 route".
func noRoute(a netip.Addr) string {
	if a.Is4() || a.Is4In6() {
		return "no IPv4 route"
	}
	return "no IPv6 route"
}

// routable reports whether this host has a route to addr (no packet is sent).
func routable(addr netip.AddrPort) bool { return netroute.Check(addr.Addr()) == nil }

// judge classifies a response from a server of zone for qname. A server
// of the zone must answer with authority or refer to a child zone; a
// recursive resolver (zone "") just has to answer.
func judge(resp *dns.Msg, zone, qname string) (state ServerState, detail string) {
	switch resp.Rcode {
	case dns.RcodeSuccess, dns.RcodeNameError:
	case dns.RcodeRefused:
		return stateRefused, "answered REFUSED"
	case dns.RcodeServerFailure:
		return stateServFail, "answered SERVFAIL"
	default:
		return stateError, "answered " + dns.RcodeToString[resp.Rcode]
	}
	if zone == "" || resp.Authoritative || referral(resp, zone, qname) != nil {
		return stateOK, "answered " + dns.RcodeToString[resp.Rcode]
	}
	return stateLame, fmt.Sprintf("answered without authority for %s (AA bit not set, no referral)", display(zone))
}

// isMalformed reports whether err is miekg/dns failing to unpack a reply.
func isMalformed(err error) bool {
	var de *dns.Error
	return errors.As(err, &de)
}

func describeError(ctx context.Context, err error, timeout time.Duration) (state ServerState, detail string) {
	var ne net.Error
	switch {
	case ctx.Err() != nil:
		return stateTimeout, "no answer before the check's deadline"
	case errors.As(err, &ne) && ne.Timeout():
		return stateTimeout, "no answer within " + timeout.String()
	case errors.Is(err, syscall.ECONNREFUSED):
		return stateUnreachable, "port 53 closed (connection refused)"
	default:
		return stateUnreachable, err.Error()
	}
}
