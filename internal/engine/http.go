package engine

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/originhealth/terraform-provider-origin/internal/httpcheck"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
	"github.com/originhealth/terraform-provider-origin/internal/tcpcheck"
	"github.com/originhealth/terraform-provider-origin/internal/tlscheck"
)

// httpStage sends http_request to the targets (one address per family)
// unless an earlier stage failed, which CloudFront would answer with 502
// before any request. It owns the targets' connections.
func (e *Engine) httpStage(ctx context.Context, spec originspec.Spec, res *Result, b *report.Builder, targets []httpcheck.Target) {
	closeTargets := func() {
		for _, t := range targets {
			if t.Conn != nil {
				_ = t.Conn.Close()
			}
		}
	}
	if spec.HTTPRequest == nil {
		closeTargets()
		return // skipped with that reason from the start
	}
	earlier, stage := report.CategoryTLS, "TLS"
	if !spec.UsesHTTPS() {
		earlier, stage = report.CategoryTCP, "TCP"
	}
	switch {
	case b.HasFailure(earlier):
		closeTargets()
		b.SkipStage(report.CategoryHTTP, "the "+stage+" stage failed: CloudFront answers 502 before it sends any request, so fix that first")
		return
	case len(targets) == 0:
		b.SkipStage(report.CategoryHTTP, "no address completed the earlier stages from this machine, so no request was sent")
		return
	}
	e.opts.Logger.DebugContext(ctx, "http stage", "origin", spec.DomainName, "addresses", len(targets))
	res.HTTP = httpcheck.Check(ctx, targets, httpcheck.Params{
		Host:    spec.SNI(),
		Request: *spec.HTTPRequest,
		Logger:  e.opts.Logger.With("origin", spec.DomainName),
	}, b)
	e.outOfTime(ctx, res, b, "HTTP")
}

// sessionList collects what the TLS stage hands over.
type sessionList struct {
	mu   sync.Mutex
	list []tlscheck.Session
}

func (l *sessionList) add(s tlscheck.Session) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.list = append(l.list, s)
}

func (l *sessionList) close() {
	for _, s := range l.list {
		if s.Conn != nil {
			_ = s.Conn.Close()
		}
	}
}

// targets picks, per address family, the first address (in DNS order)
// whose handshake completed, and closes the other connections. An origin
// that asks for a client certificate CloudFront presents (origin_mtls_config)
// gets no request from here: this machine has no such certificate.
func (l *sessionList) targets(spec originspec.Spec, order []netip.Addr, b *report.Builder) []httpcheck.Target {
	byAddr := map[netip.Addr]tlscheck.Session{}
	for _, s := range l.list {
		byAddr[s.Addr.Addr()] = s
	}
	var targets []httpcheck.Target
	var unsendable []string
	picked := map[bool]bool{} // by family: IPv4 or not
	for _, a := range order {
		s, ok := byAddr[a]
		if !ok || picked[a.Unmap().Is4()] {
			continue
		}
		switch {
		case s.ClientCertificateAsked && spec.ClientCertificateDeclared:
			unsendable = append(unsendable, s.Addr.String()+" asks for the client certificate origin_mtls_config makes CloudFront present, which this machine does not have")
			continue
		case s.Conn == nil && s.Dial == nil:
			unsendable = append(unsendable, s.Addr.String()+" negotiated "+s.Negotiated+", which crypto/tls cannot speak")
			continue
		}
		picked[a.Unmap().Is4()] = true
		t := httpcheck.Target{Addr: s.Addr, TLS: true, Conn: s.Conn, Dial: s.Dial, Note: "on the connection the TLS stage verified"}
		if s.Conn == nil {
			// The handshake's answer came from another origin's check in
			// this plan: a new connection with the same SNI, version and suite.
			t.Note = "on a new connection with the TLS stage's version and suite"
		}
		delete(byAddr, a)
		targets = append(targets, t)
	}
	for _, s := range byAddr {
		if s.Conn != nil {
			_ = s.Conn.Close()
		}
	}
	if len(targets) == 0 && len(unsendable) > 0 {
		slices.Sort(unsendable)
		b.SkipStage(report.CategoryHTTP, "the request cannot be sent as CloudFront's from here: "+strings.Join(unsendable, "; "))
	}
	return targets
}

// plainTargets picks, per family, the first address (in DNS order) that
// accepted on http_port, on the TCP stage's connection when it holds one,
// and closes the other held connections.
func plainTargets(spec originspec.Spec, order []netip.Addr, tcp tcpcheck.Result) []httpcheck.Target {
	open := tcp.Open[spec.HTTPPort]
	var targets []httpcheck.Target
	picked := map[bool]bool{}
	used := map[netip.AddrPort]bool{}
	for _, a := range order {
		if !slices.Contains(open, a) || picked[a.Unmap().Is4()] {
			continue
		}
		picked[a.Unmap().Is4()] = true
		ap := netip.AddrPortFrom(a, uint16(spec.HTTPPort))
		t := httpcheck.Target{Addr: ap, Note: "on a new connection"}
		if c, ok := tcp.Held[ap]; ok {
			t.Conn, t.Note = c, "on the TCP stage's connection"
			used[ap] = true
		}
		targets = append(targets, t)
	}
	for ap, c := range tcp.Held {
		if !used[ap] {
			_ = c.Close()
		}
	}
	return targets
}
