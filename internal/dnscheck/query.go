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
	"github.com/originhealth/terraform-provider-origin/internal/netgate"
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
	// qtype is the type asked (0 for a server that was not asked).
	qtype  uint16
	state  ServerState
	detail string
	msg    *dns.Msg
	// withoutEDNS is set when the server refused the query with EDNS and
	// answered it without (see exchange).
	withoutEDNS string
}

// answered reports whether the server sent anything at all.
func (o outcome) answered() bool {
	return o.state != stateTimeout && o.state != stateUnreachable && o.state != stateUnresolvable && o.state != stateSkipped && o.state != stateNotPublic
}

// exchange asks srv one question within the per-query timeout, over UDP
// with EDNS0 and again over TCP when the answer is truncated, and judges
// the answer as coming from a server of zone ("" for a recursive resolver).
// A server that rejects EDNS itself (FORMERR, NOTIMP or BADVERS without an
// OPT record in the reply) is asked once more without it, as every
// resolver does (RFC 6891 §7); one that drops EDNS queries silently is not:
// resolvers stopped guessing at timeouts on DNS flag day 2019.
func (r *Resolver) exchange(ctx context.Context, srv server, zone, qname string, qtype uint16) outcome {
	o := outcome{server: srv, qtype: qtype}
	if !r.routable(srv.addr) {
		o.state, o.detail = stateSkipped, "not asked: this machine has "+noRoute(srv.addr.Addr())
		r.log.DebugContext(ctx, "dns query skipped: "+noRoute(srv.addr.Addr()), "server", srv.String(), "qname", qname, "qtype", dns.TypeToString[qtype])
		return o
	}
	if why := netgate.Refused(ctx, srv.addr.Addr()); why != "" {
		o.state, o.detail = stateNotPublic, "not asked: "+why
		r.log.DebugContext(ctx, "dns query refused: "+why, "server", srv.String(), "qname", qname, "qtype", dns.TypeToString[qtype])
		return o
	}
	if why := r.spend(ctx); why != "" {
		o.state, o.detail = stateError, why
		return o
	}
	select {
	case r.outstanding <- struct{}{}:
		defer func() { <-r.outstanding }()
	case <-ctx.Done():
		o.state, o.detail = stateTimeout, "no answer before the check's deadline"
		return o
	}
	qctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	m := new(dns.Msg)
	m.SetQuestion(qname, qtype)
	m.RecursionDesired = zone == ""
	m.SetEdns0(ednsBufferSize, false)

	start := time.Now()
	resp, transport, err := r.query(qctx, m, srv.addr)
	if why := rejectsEDNS(resp); err == nil && why != "" {
		plain := m.Copy()
		plain.Extra = nil
		if again, againTransport, againErr := r.query(qctx, plain, srv.addr); againErr == nil {
			o.withoutEDNS = why
			resp, transport = again, againTransport
		}
	}
	latency := time.Since(start)
	switch {
	case err == nil:
		o.msg = resp
		o.state, o.detail = judge(resp, zone, qname)
		if o.withoutEDNS != "" {
			o.detail += " (only without EDNS: it " + o.withoutEDNS + ")"
		}
	case errors.Is(err, errBrokenUDP):
		// The server did answer: it is broken, not silent.
		o.state, o.detail = stateError, err.Error()
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

// errBrokenUDP marks a server that answered over UDP with something TCP
// did not fix: it is broken, not silent.
var errBrokenUDP = errors.New("broken over UDP")

// query sends m over UDP and again over TCP when the answer is truncated
// or does not parse (a server that ignores the EDNS buffer size sends more
// than fits), as resolvers do, and says which transport gave the answer.
func (r *Resolver) query(ctx context.Context, m *dns.Msg, addr netip.AddrPort) (*dns.Msg, string, error) {
	resp, err := roundTrip(ctx, "udp", m, addr, r.timeout)
	var overUDP string
	switch {
	case err == nil && resp.Truncated:
		overUDP = "answered truncated over UDP"
	case isMalformed(err):
		overUDP = "answered a malformed message over UDP (" + err.Error() + ")"
	default:
		return resp, "udp", err
	}
	resp, err = roundTrip(ctx, "tcp", m, addr, r.timeout)
	if err != nil {
		_, tcpDetail := describeError(ctx, err, r.timeout)
		return nil, "tcp", fmt.Errorf("%w: %s, and over TCP: %s", errBrokenUDP, overUDP, tcpDetail)
	}
	return resp, "tcp", nil
}

// rejectsEDNS says how resp rejected a query for carrying EDNS, or "" when
// it did not: FORMERR or NOTIMP from a server that does not know the OPT
// record (it sends none back), or BADVERS.
func rejectsEDNS(resp *dns.Msg) string {
	switch {
	case resp == nil:
		return ""
	case resp.Rcode == dns.RcodeBadVers:
		return "answered BADVERS to EDNS version 0"
	case resp.IsEdns0() != nil:
		return ""
	case resp.Rcode == dns.RcodeFormatError, resp.Rcode == dns.RcodeNotImplemented:
		return "answered " + dns.RcodeToString[resp.Rcode] + " to the query with EDNS"
	}
	return ""
}

func roundTrip(ctx context.Context, network string, m *dns.Msg, addr netip.AddrPort, timeout time.Duration) (*dns.Msg, error) {
	c := dns.Client{Net: network, Timeout: timeout}
	if network == "tcp" {
		netcount.Connect(ctx)
	}
	raw, err := netgate.Dial(ctx, network, addr, timeout)
	if err != nil {
		return nil, err
	}
	conn := &dns.Conn{Conn: raw}
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
	if !answers(resp, m) {
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

// answers reports whether resp is the reply to m: the same question, or,
// for an error (neither NOERROR nor NXDOMAIN), no question at all, as
// servers that reject a query outright often send it back.
func answers(resp, m *dns.Msg) bool {
	if len(resp.Question) == 0 {
		return resp.Rcode != dns.RcodeSuccess && resp.Rcode != dns.RcodeNameError
	}
	return len(resp.Question) == 1 && strings.EqualFold(resp.Question[0].Name, m.Question[0].Name) && resp.Question[0].Qtype == m.Question[0].Qtype
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
