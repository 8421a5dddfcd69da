// Package engine checks one origin the way a CloudFront edge would reach
// it, in stages: configuration, DNS, TCP, TLS, HTTP. Each stage grades its checks
// pass/warn/fail; a stage whose input is missing because an earlier stage
// failed is skipped with the reason, as cfssl's scan does.
//
// One Engine serves a whole provider instance: it bounds how many origins
// are checked at once and shares what the network said between them (DNS
// answers, connection results, TLS handshakes), so that origins behind the
// same name or address cost the network once per plan.
package engine

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/addrclass"
	"github.com/originhealth/terraform-provider-origin/internal/dnscheck"
	"github.com/originhealth/terraform-provider-origin/internal/httpcheck"
	"github.com/originhealth/terraform-provider-origin/internal/netcount"
	"github.com/originhealth/terraform-provider-origin/internal/netgate"
	"github.com/originhealth/terraform-provider-origin/internal/netwait"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
	"github.com/originhealth/terraform-provider-origin/internal/tcpcheck"
	"github.com/originhealth/terraform-provider-origin/internal/tlscheck"
)

// Options configure an Engine.
type Options struct {
	// Timeout, when set (the provider's timeout), bounds all checks of one
	// origin once it has a slot. 0 gives each origin what its own settings
	// make CloudFront wait (see originBudget).
	Timeout time.Duration
	DNS     dnscheck.Config
	// Roots are the trust anchors: Mozilla's bundle plus trusted_ca_pem.
	Roots          *x509.CertPool
	MaxConcurrency int
	// AllowPrivateAddresses is the provider's allow_private_addresses: when
	// false, non-public addresses fail dns.private_address and are not
	// connected to.
	AllowPrivateAddresses bool
	// PublicAddresses are asked as if public under AllowPrivateAddresses =
	// false, besides the configured root servers and resolvers: tests list
	// their loopback name servers here, standing for public ones.
	PublicAddresses []netip.Addr
	// Route tells whether this machine has a route to an address (nil:
	// netroute.Check); tests replace it to act as a runner without IPv6.
	Route  func(netip.Addr) error
	Logger *slog.Logger
	// Now is the clock certificates are judged against (time.Now if nil).
	Now func() time.Time
	// Deferred, when set, says why no check can run yet (a provider
	// setting unknown until apply): every origin is then reported not
	// checked, with this reason, and nothing is sent.
	Deferred string
}

// Engine checks origins. It is safe for concurrent use.
type Engine struct {
	opts     Options
	resolver *dnscheck.Resolver
	tcp      *tcpcheck.ConnectCache
	tls      *tlscheck.HandshakeCache
	slots    chan struct{}
	// gate is what every packet of a check may be sent to (netgate).
	gate *netgate.Policy

	startedMu sync.Mutex
	started   map[string]*startedCheck // by distributionKey
	closed    bool
}

// New returns an Engine. Zero options get safe defaults.
func New(opts Options) *Engine {
	if opts.MaxConcurrency <= 0 {
		opts.MaxConcurrency = 100
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Roots == nil {
		opts.Roots = tlscheck.MozillaRoots()
	}
	opts.DNS.Logger = opts.Logger
	if route := opts.Route; route != nil && opts.DNS.Routable == nil {
		// One view of this machine's routes for name servers and origins.
		opts.DNS.Routable = func(ap netip.AddrPort) bool { return route(ap.Addr()) == nil }
	}
	gate := &netgate.Policy{PublicOnly: !opts.AllowPrivateAddresses}
	for _, ap := range slices.Concat(opts.DNS.RootServers, opts.DNS.Resolvers) {
		gate.Trusted = append(gate.Trusted, ap.Addr().Unmap())
	}
	gate.Trusted = append(gate.Trusted, opts.PublicAddresses...)
	return &Engine{
		gate:     gate,
		opts:     opts,
		resolver: dnscheck.NewResolver(opts.DNS),
		tcp:      tcpcheck.NewConnectCache(),
		tls:      tlscheck.NewHandshakeCache(),
		slots:    make(chan struct{}, opts.MaxConcurrency),
		started:  map[string]*startedCheck{},
	}
}

// lockedConnectWait bounds how long a connect to an origin declared
// reachable_from = "cloudfront" may go unanswered before it counts as
// filtered: an origin open to this machine answers within a few round trips.
const lockedConnectWait = 3 * time.Second

// Result is everything learned about one origin.
type Result struct {
	Report    report.Report
	Addresses []netip.Addr
	// CNAMEChain lists the names DNS followed, the origin first.
	CNAMEChain  []string
	Nameservers []dnscheck.Nameserver
	// TLS is nil when no handshake completed.
	TLS *tlscheck.Summary
	// HTTP is nil when no request got a response head (or none was sent).
	HTTP *httpcheck.Summary
	// Incomplete, when not empty, says which stage the deadline (or a
	// cancellation) cut short: the checks after it did not run, so the
	// origin is not reported healthy.
	Incomplete string
	// Traffic counts the round trips and bytes spent on this origin.
	Traffic netcount.Stats
	// Deferred, when not empty, says why the origin was not checked at
	// all (Options.Deferred).
	Deferred string
	// limit is the origin's deadline (originBudget).
	limit time.Duration
}

// Check runs every stage for spec within the origin's deadline, which
// starts once it has a check slot (see originBudget). Ids in skip are
// still run but reported as skipped. A stage that starts after the
// deadline is skipped rather than run with no time left, where it would
// report the origin's ports or handshake as failing.
func (e *Engine) Check(ctx context.Context, spec originspec.Spec, skip map[report.ID]bool) Result {
	spec = spec.Normalize()
	if e.opts.Deferred != "" {
		return deferredResult(spec, skip, e.opts.Deferred)
	}
	ctx = netgate.With(ctx, e.gate)
	log := e.opts.Logger.With("origin", spec.DomainName)
	ctx, traffic := netcount.With(ctx)

	b := report.NewBuilder()
	res := Result{limit: e.originBudget(spec)}
	finish := func() Result {
		b.SkipStage(report.CategoryCloudFront, "no request sent through CloudFront: origin_distribution's through_cloudfront sends them")
		res.Report = b.Build(spec.DomainName, skip)
		res.Traffic = traffic.Stats()
		log.DebugContext(ctx, "network work", res.Traffic.LogAttrs()...)
		if res.Incomplete != "" {
			markIncomplete(&res.Report, res.Incomplete)
		}
		return res
	}

	// A failed config check the user skipped does not stop the probes:
	// skip_checks skips that check only. An invalid domain_name does,
	// skipped or not: there is no name to resolve.
	if blockers := originspec.Check(spec, b); slices.ContainsFunc(blockers, func(id report.ID) bool { return !skip[id] || id == report.ConfigDomainName }) {
		skipStages(b, "the origin configuration is invalid (see config checks); CloudFront would not connect", report.CategoryDNS, report.CategoryTCP, report.CategoryTLS, report.CategoryHTTP)
		return finish()
	}

	if spec.IsVPCOrigin() {
		// A request through_cloudfront sends still reaches it (Through
		// replaces these cloudfront checks then).
		skipStages(b, "a VPC origin ("+spec.VPCOriginID+"): CloudFront reaches it inside the VPC, which this machine cannot see from the internet; only its configuration is checked",
			report.CategoryDNS, report.CategoryTCP, report.CategoryTLS, report.CategoryHTTP, report.CategoryCloudFront)
		return finish()
	}
	if spec.HTTPRequest == nil {
		b.SkipStage(report.CategoryHTTP, "http_request not set: no request is sent unless asked")
	}

	// Waiting for a slot is not the origin's time: it ends only when the
	// caller cancels (Terraform interrupted).
	if !e.acquireSlot(ctx) {
		res.Incomplete = e.stopped(ctx, res.limit, fmt.Sprintf("while waiting for a check slot (max_concurrency %d)", e.opts.MaxConcurrency))
		skipStages(b, "not started: "+res.Incomplete, report.CategoryDNS, report.CategoryTCP, report.CategoryTLS, report.CategoryHTTP)
		return finish()
	}
	defer func() { <-e.slots }()
	ctx, cancel := context.WithTimeout(ctx, res.limit)
	defer cancel()

	log.DebugContext(ctx, "dns stage")
	dns := e.resolver.Check(ctx, dnscheck.Question{Name: spec.DomainName, HostHeader: spec.HostHeader, IPv4: spec.UsesIPv4(), IPv6: spec.UsesIPv6()}, b)
	res.Addresses, res.CNAMEChain, res.Nameservers = dns.Addresses, dns.CNAMEChain, dns.Nameservers
	if e.outOfTime(ctx, &res, b, "DNS", report.CategoryTCP, report.CategoryTLS, report.CategoryHTTP) {
		return finish()
	}
	if len(dns.Addresses) == 0 {
		why := "the origin name did not resolve to any address"
		if dns.Unverified != "" {
			why = "not verified from this machine: " + dns.Unverified
		}
		skipStages(b, why, report.CategoryTCP, report.CategoryTLS, report.CategoryHTTP)
		return finish()
	}
	probed := e.addressesToProbe(spec, dns.Addresses, b)
	if len(probed) == 0 {
		skipStages(b, "no address CloudFront would connect to (see dns.no_ipv4_address, dns.no_ipv6_address and dns.private_address)", report.CategoryTCP, report.CategoryTLS, report.CategoryHTTP)
		return finish()
	}

	log.DebugContext(ctx, "tcp stage", "addresses", len(probed))
	connectTimeout := time.Duration(spec.ConnectionTimeout) * time.Second
	if spec.LockedToCloudFront() {
		// Silence is expected from a locked origin: waiting out CloudFront's
		// whole connection_timeout would only spend the plan's deadline.
		connectTimeout = min(connectTimeout, lockedConnectWait)
	}
	tcp := tcpcheck.Check(ctx, probed, tcpcheck.Params{
		Ports:              ports(spec, b),
		ConnectTimeout:     connectTimeout,
		ConnectionAttempts: spec.ConnectionAttempts,
		LockedToCloudFront: spec.LockedToCloudFront(),
		Route:              e.opts.Route,
		Cache:              e.tcp,
		Logger:             log,
	}, b)

	switch httpsOpen := tcp.Open[spec.HTTPSPort]; {
	case !spec.UsesHTTPS():
		b.SkipStage(report.CategoryTLS, "origin_protocol_policy is http-only: CloudFront does not use TLS to this origin")
		if e.outOfTime(ctx, &res, b, "TCP", report.CategoryHTTP) {
			tcp.Close()
			break
		}
		e.httpStage(ctx, spec, &res, b, plainTargets(spec, probed, tcp))
	case e.outOfTime(ctx, &res, b, "TCP", report.CategoryTLS, report.CategoryHTTP):
		tcp.Close()
	case len(httpsOpen) == 0:
		why := fmt.Sprintf("no address accepted a connection from this machine on https_port %d (see %s)", spec.HTTPSPort, report.TCPHTTPSPortClosed)
		skipStages(b, why, report.CategoryTLS, report.CategoryHTTP)
		tcp.Close()
	default:
		var sessions sessionList
		var keep func(tlscheck.Session)
		if spec.HTTPRequest != nil {
			keep = sessions.add
		}
		log.DebugContext(ctx, "tls stage", "addresses", len(httpsOpen))
		res.TLS = tlscheck.Check(ctx, httpsOpen, tlscheck.Params{
			DomainName:                spec.DomainName,
			HostHeader:                spec.HostHeader,
			Port:                      spec.HTTPSPort,
			Protocols:                 spec.SSLProtocols,
			Roots:                     e.opts.Roots,
			ExpiryWarning:             time.Duration(spec.ExpiryWarningDays) * 24 * time.Hour,
			Now:                       e.opts.Now(),
			Logger:                    log,
			Conns:                     tcp.Held, // the TLS stage closes them
			Cache:                     e.tls,
			ClientCertificateDeclared: spec.ClientCertificateDeclared,
			HandshakeTimeout:          time.Duration(spec.ConnectionTimeout) * time.Second,
			ConnectionAttempts:        spec.ConnectionAttempts,
			Sessions:                  keep,
		}, b)
		if e.outOfTime(ctx, &res, b, "TLS", report.CategoryHTTP) {
			sessions.close()
			break
		}
		e.httpStage(ctx, spec, &res, b, sessions.targets(spec, probed, b))
	}
	return finish()
}

// addressesToProbe judges the resolved addresses against ip_address_type
// and allow_private_addresses, and returns those CloudFront would connect
// to that may be probed from here. Addresses of a family CloudFront does
// not use stay in the result's addresses, unjudged.
func (e *Engine) addressesToProbe(spec originspec.Spec, addrs []netip.Addr, b *report.Builder) []netip.Addr {
	var used, unused []netip.Addr
	for _, a := range addrs {
		if spec.UsesFamily(a) {
			used = append(used, a)
		} else {
			unused = append(unused, a)
		}
	}
	e.judgeFamilies(spec, addrs, unused, b)

	// allowedPrivate are the non-public addresses probed because the
	// provider allows them; private are those refused.
	var allowedPrivate, private []string
	var probed []netip.Addr
	for _, a := range used {
		kind := addrclass.NonPublic(a)
		switch {
		case kind == "":
			probed = append(probed, a)
		case e.opts.AllowPrivateAddresses:
			probed = append(probed, a)
			allowedPrivate = append(allowedPrivate, a.String()+" ("+kind+")")
		default:
			private = append(private, a.String()+" is "+kind)
		}
	}
	switch {
	case len(used) == 0:
		b.NotApplicable(report.DNSPrivateAddress, "no address of the families ip_address_type uses")
	case len(private) > 0:
		b.Fail(report.DNSPrivateAddress, spec.DomainName, strings.Join(private, "; ")+"; not connected to")
	case len(allowedPrivate) > 0:
		b.Pass(report.DNSPrivateAddress, spec.DomainName, "allow_private_addresses is true, so non-public addresses are probed: "+strings.Join(allowedPrivate, ", "))
	default:
		b.Pass(report.DNSPrivateAddress, spec.DomainName, "every address is public")
	}
	return probed
}

// judgeFamilies reports dns.no_ipv4_address and dns.no_ipv6_address: a
// family ip_address_type uses must have addresses. Under dualstack one
// missing family is a warning: CloudFront connects over the other.
func (e *Engine) judgeFamilies(spec originspec.Spec, all, unused []netip.Addr, b *report.Builder) {
	for _, f := range []struct {
		id     report.ID
		name   string
		record string
		used   bool
		is     func(netip.Addr) bool
	}{
		{report.DNSNoIPv4Address, "IPv4", "A", spec.UsesIPv4(), func(a netip.Addr) bool { return a.Unmap().Is4() }},
		{report.DNSNoIPv6Address, "IPv6", "AAAA", spec.UsesIPv6(), func(a netip.Addr) bool { return !a.Unmap().Is4() }},
	} {
		n := len(slices.DeleteFunc(slices.Clone(all), func(a netip.Addr) bool { return !f.is(a) }))
		switch {
		case !f.used:
			listed := ""
			if len(slices.DeleteFunc(slices.Clone(unused), func(a netip.Addr) bool { return !f.is(a) })) > 0 {
				listed = "; its " + f.record + " records are listed in addresses, not judged"
			}
			b.NotApplicable(f.id, "ip_address_type is "+spec.IPAddressType+": CloudFront does not use "+f.name+listed)
		case n > 0:
			b.Pass(f.id, spec.DomainName, fmt.Sprintf("%d %s record(s)", n, f.record))
		case spec.IPAddressType == originspec.DualStack:
			b.Warn(f.id, spec.DomainName, "has no "+f.record+" record while ip_address_type is dualstack: CloudFront connects over the other family only")
		default:
			b.Fail(f.id, spec.DomainName, "has no "+f.record+" record while ip_address_type is "+spec.IPAddressType)
		}
	}
}

// acquireSlot waits for one of the max_concurrency slots. A slot freed at
// the very moment the deadline passes counts as not obtained: select picks
// between ready cases at random, and a check with no time left would only
// report its first stage as cut short.
func (e *Engine) acquireSlot(ctx context.Context) bool {
	select {
	case e.slots <- struct{}{}:
		if ctx.Err() != nil {
			<-e.slots
			return false
		}
		return true
	case <-ctx.Done():
		return false
	}
}

// outOfTime reports whether ctx ended during the stage just run; if so it
// records the result as incomplete and skips the later stages, saying why.
func (e *Engine) outOfTime(ctx context.Context, res *Result, b *report.Builder, stage string, later ...report.Category) bool {
	// A probe that stopped at the deadline may return just before the
	// context's timer fires: netwait.Ended compares with the clock too.
	if !netwait.Ended(ctx) {
		return false
	}
	res.Incomplete = e.stopped(ctx, res.limit, "during the "+stage+" stage")
	skipStages(b, "not run: "+res.Incomplete, later...)
	return true
}

// stopped words why the checks stopped: the deadline, or a cancellation
// (Terraform interrupted).
func (e *Engine) stopped(ctx context.Context, limit time.Duration, where string) string {
	if errors.Is(ctx.Err(), context.Canceled) {
		return "the check was cancelled " + where
	}
	if e.opts.Timeout > 0 {
		return fmt.Sprintf("the provider timeout (%s) ran out %s", limit, where)
	}
	return fmt.Sprintf("the origin's deadline (%s, what its settings make CloudFront wait) ran out %s", limit, where)
}

// dnsAllowance is the time given to resolving the origin: a walk of a few
// zones, each server with its 2 s query timeout and hedging.
const dnsAllowance = 6 * time.Second

// budgetMargin covers the round trips beyond CloudFront's own waits.
const budgetMargin = 2 * time.Second

// originBudget is how long one origin's checks may take: the provider's
// timeout when set, else what the origin's own settings make CloudFront
// wait, so that a slow but healthy origin is judged rather than cut
// short: the DNS allowance, connection_timeout for the TCP connect and
// again for the TLS handshake, origin_read_timeout (twice: first byte,
// then the rest of the head) and the keep-alive watch when http_request
// asks for them, and a margin.
func (e *Engine) originBudget(spec originspec.Spec) time.Duration {
	if e.opts.Timeout > 0 {
		return e.opts.Timeout
	}
	connect := time.Duration(spec.ConnectionTimeout) * time.Second
	budget := dnsAllowance + 2*connect + budgetMargin
	if r := spec.HTTPRequest; r != nil {
		budget += 2 * time.Duration(r.ReadTimeout) * time.Second
		if r.MeasureKeepalive {
			budget += time.Duration(r.KeepaliveTimeout+1) * time.Second
		}
	}
	return budget
}

// markIncomplete keeps an incomplete check from passing for healthy: the
// checks that did not finish cannot vouch for the origin. No check fails
// for it, so the provider reports it as a warning, never an error.
func markIncomplete(r *report.Report, why string) {
	head, rest, _ := strings.Cut(r.Summary, "\n")
	if r.Healthy {
		head = fmt.Sprintf("origin %s is UNVERIFIED: nothing failed, but not every check finished", r.Origin)
	}
	r.Healthy = false
	note := "INCOMPLETE: " + why + "; a stage cut short reports what had not answered by then, and later stages did not run. " +
		"Fix: raise the provider timeout (or leave it unset, so that each origin gets what its own settings make CloudFront wait) if the origin is merely slow."
	r.Summary = strings.Join(slices.DeleteFunc([]string{head, note, rest}, func(s string) bool { return s == "" }), "\n")
}

// ports lists the ports the protocol policy makes CloudFront use, and marks
// the port checks the policy makes irrelevant.
func ports(spec originspec.Spec, b *report.Builder) []tcpcheck.Port {
	var list []tcpcheck.Port
	if spec.UsesHTTP() {
		p := tcpcheck.Port{Number: spec.HTTPPort, Check: report.TCPHTTPPortClosed}
		if spec.HTTPRequest != nil && !spec.UsesHTTPS() {
			// The HTTP stage sends its request on one of them per family.
			p.Hold = tlscheck.MaxParallelHandshakes
		}
		list = append(list, p)
	} else {
		b.NotApplicable(report.TCPHTTPPortClosed, "origin_protocol_policy is "+spec.ProtocolPolicy+": CloudFront does not use http_port")
	}
	if spec.UsesHTTPS() {
		// The TLS stage handshakes on the connections it is handed, which
		// saves it connecting again.
		list = append(list, tcpcheck.Port{Number: spec.HTTPSPort, Check: report.TCPHTTPSPortClosed, Hold: tlscheck.MaxParallelHandshakes})
	} else {
		b.NotApplicable(report.TCPHTTPSPortClosed, "origin_protocol_policy is "+spec.ProtocolPolicy+": CloudFront does not use https_port")
	}
	return list
}

func skipStages(b *report.Builder, reason string, stages ...report.Category) {
	for _, s := range stages {
		b.SkipStage(s, reason)
	}
}
