// Package httpcheck is the HTTP stage of the engine: it sends the origin
// request CloudFront would send (HTTP/1.1, Host = host_header or the
// domain name, User-Agent: Amazon CloudFront, a Via and an X-Amz-Cf-Id,
// the user's headers) on a connection the earlier stages verified, one
// address per family, and judges the answer: none at all, one that is not
// HTTP, the origin's own 5xx, no first byte within origin_read_timeout,
// and, when asked, an idle keep-alive connection the origin closes before
// CloudFront would.
//
// What an origin sends is read with bounds (ReadResponseHead: 8 KiB of
// status line, 256 KiB and 10,000 lines of headers, far above CloudFront's
// own limit on a head, which http.response_head_too_large judges; at most
// 1 MiB of a GET body, only to measure keep-alive) and within origin_read_timeout and the
// check's deadline, so a hostile origin can neither hang nor flood a plan.
package httpcheck

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/cflimits"
	"github.com/originhealth/terraform-provider-origin/internal/netcount"
	"github.com/originhealth/terraform-provider-origin/internal/netgate"
	"github.com/originhealth/terraform-provider-origin/internal/netwait"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// Target is one address to send the request to.
type Target struct {
	Addr netip.AddrPort
	// TLS is true for HTTPS: Conn (or what Dial returns) is then a
	// crypto/tls connection whose handshake the TLS stage made, counted
	// already (netcount); a plain connection is counted here.
	TLS bool
	// Conn is an open connection for the request, or nil to Dial one.
	// Check closes it.
	Conn net.Conn
	// Dial opens a new connection (nil: a plain TCP connect).
	Dial func(ctx context.Context) (net.Conn, error)
	// Note says which connection carries the request, for the messages.
	Note string
}

// Params describe the request.
type Params struct {
	// Host is the Host header: host_header, else the domain name.
	Host string
	// Request is http_request, normalized (its path joined with any origin_path).
	Request originspec.HTTPRequest
	Logger  *slog.Logger
}

// Summary is what the first target (in the order given) that answered
// with a response head answered.
type Summary struct {
	StatusCode      int
	TimeToFirstByte time.Duration
}

// KeepaliveMargin is how long past origin_keepalive_timeout the idle
// connection is watched: an origin closing within it closes about when
// CloudFront does (Node.js's 5 s against CloudFront's 5 s), and the two race.
const KeepaliveMargin = time.Second

// maxBody bounds the GET body read before a keep-alive measure.
const maxBody = 1 << 20

// Check sends the request to every target in parallel, reports the http
// checks into b, and returns the summary of the first target that
// answered, or nil.
func Check(ctx context.Context, targets []Target, p Params, b *report.Builder) *Summary {
	if p.Logger == nil {
		p.Logger = slog.New(slog.DiscardHandler)
	}
	if !p.Request.MeasureKeepalive {
		b.NotApplicable(report.HTTPKeepaliveShorter, "http_request.measure_keepalive is false: the idle connection is not watched")
	}
	summaries := make([]*Summary, len(targets))
	var wg sync.WaitGroup
	for i, t := range targets {
		wg.Go(func() { summaries[i] = check(ctx, t, p, b) })
	}
	wg.Wait()
	b.SkipStage(report.CategoryHTTP, "no complete response to judge (see http.no_response, http.malformed_response and http.read_timeout)")
	for _, s := range summaries {
		if s != nil {
			return s
		}
	}
	return nil
}

// exchange is one request on one connection.
type exchange struct {
	p      Params
	b      *report.Builder
	target string
	conn   net.Conn
	// deadline is the check's.
	deadline time.Time
	log      *slog.Logger
}

func check(ctx context.Context, t Target, p Params, b *report.Builder) *Summary {
	scheme := "http"
	if t.TLS {
		scheme = "https"
	}
	r := p.Request
	x := &exchange{p: p, b: b, log: p.Logger.With("address", t.Addr.String()),
		target: fmt.Sprintf("%s: %s %s://%s%s", t.Addr, r.Method, scheme, p.Host, originspec.DisplayPath(r.Path))}
	if t.Note != "" {
		x.target += " (" + t.Note + ")"
	}
	x.deadline, _ = ctx.Deadline()
	if x.deadline.IsZero() {
		x.deadline = time.Now().Add(r.ReadTimeoutDuration() + r.KeepaliveDuration() + KeepaliveMargin)
	}

	conn := t.Conn
	if conn == nil {
		var err error
		if conn, err = dial(ctx, t); err != nil {
			if ctx.Err() != nil {
				x.notJudged(report.HTTPNoResponse, "no connection for the request before the check's deadline")
				return nil
			}
			b.Fail(report.HTTPNoResponse, x.target, "could not open a connection for the request: "+err.Error())
			return nil
		}
	}
	if !t.TLS {
		conn = netcount.Conn(ctx, conn)
	}
	x.conn = conn
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	defer stop()
	return x.run(ctx)
}

func dial(ctx context.Context, t Target) (net.Conn, error) {
	if t.Dial != nil {
		return t.Dial(ctx)
	}
	netcount.Connect(ctx)
	return netgate.Dial(ctx, "tcp", t.Addr, 0)
}

// firstByte notes when the first byte of the response arrives and then
// gives the rest of the head origin_read_timeout more (CloudFront's read
// timeout also bounds the wait between packets).
type firstByte struct {
	conn    net.Conn
	n       int
	at      time.Time
	timeout time.Duration
	cap     time.Time
}

func (f *firstByte) Read(p []byte) (int, error) {
	n, err := f.conn.Read(p)
	if n > 0 && f.n == 0 {
		f.at = time.Now()
		_ = f.conn.SetReadDeadline(earliest(f.at.Add(f.timeout), f.cap))
	}
	f.n += n
	return n, err
}

func (x *exchange) run(ctx context.Context) *Summary {
	r := x.p.Request
	_ = x.conn.SetWriteDeadline(x.deadline)
	if _, err := x.conn.Write(buildRequest(x.p.Host, r)); err != nil {
		if ctx.Err() != nil || netwait.IsTimeout(err) {
			x.notJudged(report.HTTPNoResponse, "the request could not be sent before the check's deadline")
			return nil
		}
		x.b.Fail(report.HTTPNoResponse, x.target, "the connection was closed before the request could be sent ("+err.Error()+")")
		return nil
	}
	sent := time.Now()
	readTimeout := r.ReadTimeoutDuration()
	firstDeadline := earliest(sent.Add(readTimeout), x.deadline)
	_ = x.conn.SetReadDeadline(firstDeadline)
	fb := &firstByte{conn: x.conn, timeout: readTimeout, cap: x.deadline}
	br := bufio.NewReaderSize(fb, 4096)
	head, err := ReadResponseHead(br)
	if err != nil {
		x.judgeReadError(ctx, err, fb, sent)
		return nil
	}
	ttfb := fb.at.Sub(sent)
	x.log.DebugContext(ctx, "http response", "status", head.StatusCode, "ttfb", ttfb.String(), "server", head.Header.Get("Server"))
	x.b.Pass(report.HTTPNoResponse, x.target, "answered "+head.Proto+" "+head.Status())
	x.b.Pass(report.HTTPMalformedResponse, x.target, fmt.Sprintf("%s %s with %d header fields", head.Proto, head.Status(), len(head.Header)))
	x.b.Pass(report.HTTPReadTimeout, x.target, "first byte "+report.TimingOr(fmt.Sprintf("after %s", round(ttfb)), "within")+fmt.Sprintf(" (origin_read_timeout %s)", readTimeout))
	x.judgeHeadSize(head)
	x.judgeStatus(head)
	if r.MeasureKeepalive {
		x.measureKeepalive(ctx, br, head)
	}
	return &Summary{StatusCode: head.StatusCode, TimeToFirstByte: ttfb}
}

// judgeReadError grades a response head that could not be read.
func (x *exchange) judgeReadError(ctx context.Context, err error, fb *firstByte, sent time.Time) {
	timeout := x.p.Request.ReadTimeoutDuration()
	waited := time.Since(sent)
	var bad *MalformedError
	cut := errors.As(err, &bad) && bad.Err != nil
	switch {
	case errors.Is(err, ErrNoResponse):
		x.b.Fail(report.HTTPNoResponse, x.target, "the origin closed the connection without sending a response (end of stream after the request)")
	case fb.n == 0 && isReset(err):
		x.b.Fail(report.HTTPNoResponse, x.target, "the origin reset the connection (TCP RST) without sending a response")
	case fb.n == 0 && netwait.IsTimeout(err):
		if waited+10*time.Millisecond < timeout {
			x.notJudged(report.HTTPReadTimeout, "no first byte"+report.Timing(fmt.Sprintf(" after %s,", round(waited)))+fmt.Sprintf(" when the check's deadline came (origin_read_timeout is %s; raise the provider timeout above it to judge)", timeout))
			return
		}
		x.b.Fail(report.HTTPReadTimeout, x.target, fmt.Sprintf("no first byte of a response within origin_read_timeout (%s)", timeout))
	case cut && netwait.IsTimeout(bad.Err):
		if ctx.Err() != nil || !time.Now().Before(x.deadline) {
			x.notJudged(report.HTTPReadTimeout, fmt.Sprintf("%d bytes of the response head", fb.n)+report.Timing(fmt.Sprintf(" in %s,", round(waited)))+" when the check's deadline came, and not its end")
			return
		}
		x.b.Fail(report.HTTPReadTimeout, x.target, fmt.Sprintf("sent %d bytes of its response head", fb.n)+report.Timing(fmt.Sprintf(" (the first after %s)", round(fb.at.Sub(sent))))+
			fmt.Sprintf(", then not the rest within origin_read_timeout (%s): %s", timeout, bad.Reason))
	case cut:
		x.b.Fail(report.HTTPMalformedResponse, x.target, "the origin closed the connection in the middle of its response head: "+bad.Reason)
	case bad != nil:
		x.b.Fail(report.HTTPMalformedResponse, x.target, bad.Reason)
	default:
		x.b.Fail(report.HTTPNoResponse, x.target, "reading the response failed: "+err.Error())
	}
}

// judgeHeadSize grades the head's length against CloudFront's quota on an
// origin response: over cflimits.ResponseHeadMax fails; over the value
// AWS's page gave before (ResponseHeadMaxOlder) warns, as both have been
// published.
func (x *exchange) judgeHeadSize(h Head) {
	id := report.HTTPResponseHeadTooLarge
	seen := fmt.Sprintf("the response head (%s) is %d bytes: its status line and %d header lines", h.Status(), h.Size, h.Lines)
	switch {
	case h.Size > cflimits.ResponseHeadMax:
		x.b.Fail(id, x.target, fmt.Sprintf("%s, over CloudFront's %d-byte limit by %d bytes; largest: %s", seen, cflimits.ResponseHeadMax, h.Size-cflimits.ResponseHeadMax, largest(h)))
	case h.Size > cflimits.ResponseHeadMaxOlder:
		x.b.Warn(id, x.target, fmt.Sprintf("%s: within the %d bytes AWS's quota page gives now, over the %d bytes it gave through late 2025 "+
			"(Quotas → \"Maximum length of a request or an origin response, including headers and query strings, but not including the body content\"), so which applies is uncertain; largest: %s",
			seen, cflimits.ResponseHeadMax, cflimits.ResponseHeadMaxOlder, largest(h)))
	default:
		x.b.Pass(id, x.target, fmt.Sprintf("%s (CloudFront's limit: %d)", seen, cflimits.ResponseHeadMax))
	}
}

// largest names the three header fields that take the most bytes of the
// head, with their line counts, for the fix. Only names and sizes: values
// may be secrets (Set-Cookie).
func largest(h Head) string {
	type field struct {
		name         string
		bytes, lines int
	}
	var fields []field
	for name, vals := range h.Header {
		f := field{name: name, lines: len(vals)}
		for _, v := range vals {
			f.bytes += len(name) + len(": ") + len(v) + len("\r\n")
		}
		fields = append(fields, f)
	}
	slices.SortFunc(fields, func(a, b field) int { return cmp.Or(b.bytes-a.bytes, strings.Compare(a.name, b.name)) })
	var parts []string
	for _, f := range fields[:min(3, len(fields))] {
		lines := ""
		if f.lines > 1 {
			lines = fmt.Sprintf("%d lines, ", f.lines)
		}
		parts = append(parts, fmt.Sprintf("%s (%sabout %d bytes)", f.name, lines, f.bytes))
	}
	return strings.Join(parts, ", ")
}

// judgeStatus grades the status: the origin's own 502/503/504 fail, other
// 5xx warn, the rest pass with a note for redirects and 4xx.
func (x *exchange) judgeStatus(h Head) {
	status := h.Status()
	switch code := h.StatusCode; {
	case code == 502 || code == 503 || code == 504:
		// CloudFront passes the origin's own code on to viewers.
		x.b.FailAnswering(report.HTTPOrigin5xx, code, x.target, "the origin itself answered "+status+"; "+source(h))
	case code >= 500:
		x.b.Warn(report.HTTPOrigin5xx, x.target, "the origin itself answered "+status+" (an error CloudFront passes on to viewers, not a 502 of CloudFront's); "+source(h))
	case code >= 300 && code < 400:
		note := status
		if loc := h.Header.Get("Location"); loc != "" {
			note += " to " + originspec.DisplayPath(loc)
			if u, err := url.Parse(loc); err == nil && u.Host != "" && !strings.EqualFold(u.Hostname(), strings.Trim(x.p.Host, "[]")) {
				note += " (another host: viewers who follow it leave this origin, and CloudFront if that host is not behind it)"
			}
		}
		x.b.Pass(report.HTTPOrigin5xx, x.target, "a redirect, passed to viewers as is: "+note)
	case code >= 400:
		x.b.Pass(report.HTTPOrigin5xx, x.target, status+", passed to viewers as is (a 4xx is the origin's answer to this request, not a 502 cause; check path, method and headers)")
	default:
		x.b.Pass(report.HTTPOrigin5xx, x.target, status)
	}
}

// source names what produced an error response, from its headers.
func source(h Head) string {
	server := h.Header.Get("Server")
	switch {
	case strings.HasPrefix(strings.ToLower(server), "awselb"):
		return "Server: " + server + " is an Elastic Load Balancer: check the target group's health and the targets' logs (ELB answers 502 when a target closes or answers badly, 503 with no healthy target, 504 when a target does not answer in time)"
	case h.Header.Get("X-Amzn-Requestid") != "" || h.Header.Get("X-Amz-Apigw-Id") != "" || h.Header.Get("X-Amzn-Errortype") != "":
		return "the x-amzn-RequestId / x-amz-apigw-id headers say API Gateway answered: check its execution and integration logs for the backend behind it"
	case strings.Contains(strings.ToLower(server), "cloudfront"):
		return "Server: " + server + ": the origin is itself behind CloudFront, whose own origin failed"
	case server != "":
		return "Server: " + server + "; if it is a proxy, its error log names the upstream that failed"
	default:
		return "no Server header names the software; its error log says why"
	}
}

// measureKeepalive reads the rest of the response, then watches the idle
// connection for up to origin_keepalive_timeout + KeepaliveMargin.
func (x *exchange) measureKeepalive(ctx context.Context, br *bufio.Reader, h Head) {
	r := x.p.Request
	keepalive := r.KeepaliveDuration()
	id := report.HTTPKeepaliveShorter
	closes := func(why string) string {
		return "the origin closes the connection after every response (" + why + "): CloudFront opens a new connection, with its TCP and TLS handshakes, " +
			"for each request, which costs latency but leaves no idle connection to race, so no intermittent 502 from keep-alive"
	}
	if !h.KeepsAlive() {
		why := "Connection: close"
		if h.ProtoMinor == 0 {
			why = "an HTTP/1.0 response without Connection: keep-alive"
		}
		x.b.Pass(id, x.target, closes(why))
		return
	}
	wait := keepalive + KeepaliveMargin
	bodyDeadline := earliest(time.Now().Add(r.ReadTimeoutDuration()), x.deadline.Add(-wait))
	if !time.Now().Before(bodyDeadline) {
		x.notJudged(id, "not measured: "+report.TimingOr(fmt.Sprintf("%s are left before the check's deadline and", round(time.Until(x.deadline))), "too little time is left before the check's deadline:")+
			fmt.Sprintf(" watching the idle connection takes origin_keepalive_timeout + %s = %s; raise the provider timeout", KeepaliveMargin, wait))
		return
	}
	budget := time.Until(bodyDeadline)
	_ = x.conn.SetReadDeadline(bodyDeadline)
	switch err := discardBody(br, h, r.Method, maxBody); {
	case errors.Is(err, errBodyUntilClose):
		x.b.Pass(id, x.target, closes("a body with neither Content-Length nor chunked encoding, which ends when the connection closes"))
		return
	case errors.Is(err, errBodyTooLarge):
		x.notJudged(id, fmt.Sprintf("not measured: the response body is larger than %d bytes; measure with method HEAD or a smaller path", maxBody))
		return
	case err != nil && netwait.IsTimeout(err):
		x.notJudged(id, "not measured: the response body did not end "+report.TimingOr(fmt.Sprintf("within %s", round(budget)), "in the time the check had")+"; measure with method HEAD")
		return
	case err != nil:
		x.b.Fail(report.HTTPMalformedResponse, x.target, "the response body ended before the length it announced: "+err.Error())
		return
	}
	if n := br.Buffered(); n > 0 {
		x.b.Warn(report.HTTPMalformedResponse, x.target, fmt.Sprintf("%d bytes came after the end of the response (a body in answer to HEAD?): CloudFront would read them as the start of its next response on this connection", n))
		return
	}
	idle := time.Now()
	if idle.Add(wait).After(x.deadline) {
		x.notJudged(id, "not measured: "+report.TimingOr(fmt.Sprintf("%s are left before the check's deadline and", round(time.Until(x.deadline))), "too little time is left before the check's deadline:")+
			fmt.Sprintf(" watching the idle connection takes origin_keepalive_timeout + %s = %s; raise the provider timeout", KeepaliveMargin, wait))
		return
	}
	_ = x.conn.SetReadDeadline(idle.Add(wait))
	_, err := br.ReadByte()
	after := time.Since(idle)
	x.log.DebugContext(ctx, "http keep-alive", "closed_after", after.String(), "error", fmt.Sprint(err))
	switch {
	case err == nil:
		x.b.Warn(report.HTTPMalformedResponse, x.target, "the origin sent bytes on the idle connection"+report.Timing(fmt.Sprintf(" %s", round(after)))+" after its response, unasked: CloudFront would read them as the start of its next response")
	case ctx.Err() != nil:
		x.notJudged(id, "not measured: the check was cancelled while watching the idle connection")
	case netwait.IsTimeout(err):
		x.b.Pass(id, x.target, "the idle connection stayed open"+report.Timing(fmt.Sprintf(" for %s,", round(after)))+fmt.Sprintf(" longer than origin_keepalive_timeout (%s): CloudFront closes it first", keepalive))
	case after < keepalive:
		x.b.Warn(id, x.target, "the origin closed the idle keep-alive connection"+report.Timing(fmt.Sprintf(" after %s,", round(after)))+fmt.Sprintf(" before origin_keepalive_timeout (%s) when CloudFront would still reuse it", keepalive))
	default:
		x.b.Warn(id, x.target, "the origin closed the idle keep-alive connection"+report.Timing(fmt.Sprintf(" after %s,", round(after)))+fmt.Sprintf(" about when CloudFront does (origin_keepalive_timeout %s): the two race", keepalive))
	}
}

// notJudged records that id could not be judged on this target, and why:
// the check's deadline, not the origin, ended it.
func (x *exchange) notJudged(id report.ID, why string) {
	x.b.Add(report.Observation{ID: id, Status: report.Skip, Target: x.target, Detail: why})
}

func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func round(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(10 * time.Millisecond)
}

func isReset(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF)
}
