package engine

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"html"
	"net/http"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/dnscheck"
	"github.com/originhealth/terraform-provider-origin/internal/httpcheck"
	"github.com/originhealth/terraform-provider-origin/internal/netcount"
	"github.com/originhealth/terraform-provider-origin/internal/netgate"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// ThroughCloudFront is origin_distribution's through_cloudfront: requests
// sent to the deployed distribution, as a viewer sends them.
type ThroughCloudFront struct {
	// DomainName is the distribution's domain name or an alias; Unknown
	// marks one not known yet (the distribution is not created yet): no
	// request is sent, and the summary says so.
	DomainName string
	Unknown    bool
	// CacheBust adds a query parameter of its own to each request, so
	// that a cache key including query strings misses.
	CacheBust bool
	Requests  []EdgeRequest
}

// EdgeRequest is one request sent through CloudFront.
type EdgeRequest struct {
	// Method is GET (default) or HEAD.
	Method string
	Path   string
	// OriginID is the origin or group the request is expected to reach;
	// with cache behaviours, RouteOf decides and the provider rejects a
	// disagreeing one.
	OriginID string
	// Headers are secrets: sent, never shown.
	Headers map[string]string
}

// cacheBustParam is the query parameter cache_bust adds.
const cacheBustParam = "origin-cache-bust"

// edgeRequestTimeout bounds one request through CloudFront (unless the
// provider's timeout is shorter): its default origin_read_timeout (30 s)
// after a connection, with room for the connection to CloudFront itself.
const edgeRequestTimeout = 40 * time.Second

// RouteOf is the behaviour CloudFront applies to a request for path: the
// first ordered behaviour whose path_pattern matches, else the default
// one. It returns the target origin or group id and the behaviour's label,
// or "" when behaviours holds no default and nothing matches.
func RouteOf(behaviours []CacheBehavior, path string) (target, via string) {
	p, _, _ := strings.Cut(path, "?")
	for _, b := range behaviours {
		if b.PathPattern != "" && MatchPathPattern(b.PathPattern, p) {
			return b.TargetOriginID, b.label()
		}
	}
	for _, b := range behaviours {
		if b.PathPattern == "" {
			return b.TargetOriginID, b.label()
		}
	}
	return "", ""
}

// MatchPathPattern matches path as CloudFront matches a cache behaviour's
// path_pattern ("Path pattern" in the CloudFront Developer Guide's
// distribution settings): case-sensitive, `*` any run of characters
// (slashes included), `?` exactly one, the leading slash optional.
func MatchPathPattern(pattern, path string) bool {
	pattern, path = strings.TrimPrefix(pattern, "/"), strings.TrimPrefix(path, "/")
	// Iterative wildcard matching with one backtrack point, linear in
	// practice and never exponential on a hostile pattern.
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(path) {
		switch {
		case pi < len(pattern) && (pattern[pi] == '?' || pattern[pi] == path[si]):
			pi++
			si++
		case pi < len(pattern) && pattern[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(pattern) && pattern[pi] == '*' {
		pi++
	}
	return pi == len(pattern)
}

// edgeOutcome is what the requests through CloudFront found.
type edgeOutcome struct {
	// report holds every request's cloudfront checks: the distribution's
	// own view (cloudfront.distribution_unreachable among them).
	report *report.Report
	// lines are the summary lines of the distribution.
	lines   []string
	healthy bool
}

// checkEdge sends d.Edge's requests through CloudFront and merges what
// each showed into the result of the origin it reached (results, in
// d.Origins' order).
func (e *Engine) checkEdge(ctx context.Context, d Distribution, results []Result) *edgeOutcome {
	edge := d.Edge
	if edge == nil {
		return nil
	}
	if edge.Unknown {
		return &edgeOutcome{healthy: true, lines: []string{"NOTE through_cloudfront: domain_name is not known yet (the distribution is not created yet), so no request was sent through CloudFront; " +
			"the next plan after the distribution exists sends them"}}
	}
	ctx = netgate.With(ctx, e.gate)
	ctx, _ = netcount.With(ctx)
	index := map[string]int{}
	for i, o := range d.Origins {
		index[o.ID] = i
	}
	dist := report.NewBuilder()
	dist.SkipStage(report.CategoryCloudFront, "no through_cloudfront request reached an origin")
	per := map[int]*report.Builder{}
	answers := map[int][]edgeAnswer{}
	var all []edgeAnswer // every answer, for the distribution's view
	anyProved := false
	verified := map[int][]string{}
	out := &edgeOutcome{healthy: true}

	addrs, why := e.edgeAddresses(ctx, edge.DomainName)
	if len(addrs) == 0 {
		dist.Fail(report.CloudFrontDistributionUnreachable, edge.DomainName, why+"; no request was sent through CloudFront")
	}
	// The requests go out at once: each may wait its whole deadline on a
	// silent distribution, and one after another they would add up.
	type reply struct {
		resp       httpcheck.ViewerResponse
		label, err string
	}
	replies := make([]reply, len(edge.Requests))
	if len(addrs) > 0 {
		var wg sync.WaitGroup
		for i, req := range edge.Requests {
			wg.Go(func() {
				resp, label, err := e.sendEdge(ctx, edge, req, addrs)
				replies[i] = reply{resp, label, err}
			})
		}
		wg.Wait()
	}
	for n, req := range edge.Requests {
		if len(addrs) == 0 {
			break
		}
		target, via := req.OriginID, ""
		if len(d.Behaviors) > 0 {
			target, via = RouteOf(d.Behaviors, req.Path)
		}
		i, isOrigin := index[target]
		resp, label, err := replies[n].resp, replies[n].label, replies[n].err
		where := label
		switch {
		case via != "":
			where += fmt.Sprintf(" (%s → %s)", via, target)
		case target != "":
			where += " (origin_id " + target + ")"
		}
		if err != "" {
			dist.Fail(report.CloudFrontDistributionUnreachable, where, err)
			continue
		}
		dist.Pass(report.CloudFrontDistributionUnreachable, edge.DomainName, "CloudFront answered over HTTPS")
		direct := "no origin_id is known for this path, so there are no direct checks to join"
		if isOrigin {
			direct = fromHere(results[i].Report)
		} else if g := groupOf(d.Groups, target); g != nil {
			var parts []string
			for _, m := range g.Members {
				if j, ok := index[m]; ok {
					parts = append(parts, m+": "+fromHere(results[j].Report))
				}
			}
			direct = "origin group " + target + ", members " + strings.Join(parts, "; ")
		}
		all = append(all, edgeAnswer{resp, where, req.Method, direct})
		proved := fromOrigin(resp)
		anyProved = anyProved || proved
		if isOrigin {
			answers[i] = append(answers[i], edgeAnswer{resp, where, req.Method, direct})
			if proved {
				verified[i] = append(verified[i], fmt.Sprintf("%s answered %s", label, resp.Head.Status()))
			}
		}
	}
	for _, a := range all {
		judgeEdge(a.resp, a.where, a.method, a.direct, dist, anyProved)
	}
	for i, list := range answers {
		b := report.NewBuilder()
		b.SkipStage(report.CategoryCloudFront, "not seen in the through_cloudfront requests that reached this origin")
		for _, a := range list {
			// A hit beside a request that reached the origin is a note on
			// a verified origin, not its verdict.
			judgeEdge(a.resp, a.where, a.method, a.direct, b, len(verified[i]) > 0)
		}
		per[i] = b
	}
	for i, b := range per {
		edgeReport := b.Build(results[i].Report.Origin, d.Origins[i].Skip)
		results[i].Report.Through(edgeReport, strings.Join(verified[i], "; "), report.CategoryDNS, report.CategoryTCP, report.CategoryTLS, report.CategoryHTTP)
		if results[i].Incomplete != "" {
			markIncomplete(&results[i].Report, results[i].Incomplete)
		}
	}
	r := dist.Build(edge.DomainName, nil)
	r.Checks = slices.DeleteFunc(r.Checks, func(c report.Check) bool { return c.Category != report.CategoryCloudFront })
	out.report = &r
	for _, c := range r.Checks {
		if c.Category != report.CategoryCloudFront || (c.Status != report.Fail && c.Status != report.Warn) {
			continue
		}
		if c.Status == report.Fail {
			out.healthy = false
		}
		if c.ID == report.CloudFrontDistributionUnreachable {
			out.lines = append(out.lines, fmt.Sprintf("%s through_cloudfront %s: %s Fix: %s", strings.ToUpper(string(c.Status)), c.ID, c.Compact, c.Remediation))
		}
	}
	return out
}

// edgeAddresses resolves the distribution's name, or says why it could not.
func (e *Engine) edgeAddresses(ctx context.Context, name string) ([]netip.Addr, string) {
	b := report.NewBuilder()
	res := e.resolver.Check(ctx, dnscheck.Question{Name: name, IPv4: true}, b)
	var v4 []netip.Addr
	for _, a := range res.Addresses {
		if a.Unmap().Is4() {
			v4 = append(v4, a.Unmap())
		}
	}
	if len(v4) > 0 {
		return v4, ""
	}
	r := b.Build(name, nil)
	var failed []string
	for _, c := range r.Checks {
		if c.Category == report.CategoryDNS && c.Status == report.Fail {
			failed = append(failed, string(c.ID))
		}
	}
	why := "the distribution's domain name has no IPv4 address"
	switch {
	case res.Unverified != "":
		why = "the distribution's domain name could not be resolved from this machine: " + res.Unverified
	case len(failed) > 0:
		why = "the distribution's domain name does not resolve (" + strings.Join(failed, ", ") + ")"
	}
	return nil, why
}

// sendEdge sends req to the distribution at the first address that takes
// a connection: TLS with SNI and certificate verification for the
// distribution's name, then one request. It returns the answer, the
// request as shown in messages, and why there is none.
func (e *Engine) sendEdge(ctx context.Context, edge *ThroughCloudFront, req EdgeRequest, addrs []netip.Addr) (httpcheck.ViewerResponse, string, string) {
	method := cmpOr(req.Method, http.MethodGet)
	target := req.Path
	if edge.CacheBust {
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		target += sep + cacheBustParam + "=" + hex.EncodeToString(b)
	}
	label := fmt.Sprintf("%s https://%s%s", method, edge.DomainName, originspec.DisplayPath(target))
	limit := edgeRequestTimeout
	if e.opts.Timeout > 0 {
		limit = min(limit, e.opts.Timeout) // the provider's timeout bounds every check
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	deadline, _ := ctx.Deadline()
	var problems []string
	for _, a := range addrs {
		ap := netip.AddrPortFrom(a, 443)
		conn, err := netgate.Dial(ctx, "tcp", ap, 10*time.Second)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: no connection (%v)", ap, err))
			continue
		}
		tc := tls.Client(conn, &tls.Config{ServerName: edge.DomainName, RootCAs: e.opts.Roots, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}})
		stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
		err = tc.HandshakeContext(ctx)
		if err != nil {
			stop()
			_ = conn.Close()
			return httpcheck.ViewerResponse{}, label, fmt.Sprintf("%s: the TLS handshake with CloudFront failed for %s (%v): viewers' browsers would refuse it too", ap, edge.DomainName, err)
		}
		resp, err := httpcheck.SendViewer(tc, httpcheck.ViewerRequest{Method: method, Host: edge.DomainName, Path: target, Headers: req.Headers}, deadline)
		stop()
		_ = tc.Close()
		if err != nil {
			return resp, label, fmt.Sprintf("%s: no HTTP answer from CloudFront (%v)", ap, err)
		}
		return resp, label, ""
	}
	return httpcheck.ViewerResponse{}, label, strings.Join(problems, "; ")
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func groupOf(groups []OriginGroup, id string) *OriginGroup {
	for i := range groups {
		if groups[i].ID == id {
			return &groups[i]
		}
	}
	return nil
}

// fromHere says what the origin's direct checks found, for joining with
// what CloudFront answered.
func fromHere(r report.Report) string {
	var failed []string
	for _, c := range r.Checks {
		if c.Status == report.Fail && c.Category != report.CategoryCloudFront {
			failed = append(failed, string(c.ID))
		}
	}
	switch {
	case len(failed) > 0:
		return "from here: " + strings.Join(failed, ", ") + " failed"
	case len(r.Unverified) > 0:
		return "from here: not verifiable (" + r.Unverified[0] + ")"
	default:
		return "from here: every direct check passes, so the cause lies between CloudFront and the origin (a firewall or WAF that drops CloudFront's ranges, or an answer only CloudFront's request gets)"
	}
}

// errorText finds the cause CloudFront's own error page gives, the text
// between its H2 ("The request could not be satisfied.") and the first BR.
var errorText = regexp.MustCompile(`(?is)</H2>\s*<HR[^>]*>\s*(.*?)\s*<BR`)

// fromOrigin reports whether resp came from the origin itself, not from
// CloudFront's cache nor its own error page: what proves CloudFront
// reached the origin.
func fromOrigin(resp httpcheck.ViewerResponse) bool {
	return judgeEdge(resp, "", "", "", report.NewBuilder(), false)
}

// edgeAnswer is one answer through CloudFront, kept to be judged into its
// origin's checks once every request is sent.
type edgeAnswer struct {
	resp                  httpcheck.ViewerResponse
	where, method, direct string
}

// judgeEdge grades one answer through CloudFront into b, and reports
// whether the answer came from the origin itself: what proves CloudFront
// reached it. hitNoted records a cache hit as a passing note (another
// request verified the origin) rather than as not exercised.
func judgeEdge(resp httpcheck.ViewerResponse, where, method, direct string, b *report.Builder, hitNoted bool) bool {
	h := resp.Head
	xcache, server := h.Header.Get("X-Cache"), h.Header.Get("Server")
	pop, id := cmpOr(h.Header.Get("X-Amz-Cf-Pop"), "unknown"), cmpOr(h.Header.Get("X-Amz-Cf-Id"), "none")
	seen := fmt.Sprintf("X-Cache: %s, POP %s, request id %s", cmpOr(xcache, "none"), pop, id)
	own := bytes.Contains(resp.Body, []byte("Generated by cloudfront (CloudFront)")) ||
		(strings.EqualFold(server, "CloudFront") && strings.HasPrefix(xcache, "Error") && h.StatusCode >= 400)
	add := func(o report.Observation) {
		o.Target = where
		b.Add(o)
	}
	code := h.StatusCode
	switch {
	case own && code >= 500:
		text := ""
		if m := errorText.FindSubmatch(resp.Body); m != nil {
			text = strings.Join(strings.Fields(html.UnescapeString(string(m[1]))), " ")
			text = fmt.Sprintf(": %q", text)
		} else if method == http.MethodHead {
			text = " (a HEAD answer has no error page to say which cause; GET shows it)"
		}
		add(report.Observation{ID: report.CloudFrontEdgeError, Status: report.Fail, Answers: code,
			Detail: fmt.Sprintf("CloudFront answers %s itself (its error page, Server: %s; %s)%s; %s", h.Status(), cmpOr(server, "none"), seen, text, direct)})
		return false
	case own:
		add(report.Observation{ID: report.CloudFrontOriginExercised, Status: report.Skip,
			Detail: fmt.Sprintf("CloudFront answered %s itself (its error page; %s): the origin was not asked", h.Status(), seen)})
		return false
	}
	source := "the origin's own answer, passed on (" + seen + ", Server: " + cmpOr(server, "none") + ")"
	switch {
	case code == 502 || code == 503 || code == 504:
		add(report.Observation{ID: report.CloudFrontOriginError, Status: report.Fail, Answers: code,
			Detail: fmt.Sprintf("%s: not CloudFront's error page; %s", h.Status(), source)})
		return true
	case code >= 500:
		add(report.Observation{ID: report.CloudFrontOriginError, Status: report.Warn,
			Detail: fmt.Sprintf("%s: not CloudFront's error page; %s", h.Status(), source)})
		return true
	case code >= 400:
		add(report.Observation{ID: report.CloudFrontOriginError, Status: report.Pass,
			Detail: fmt.Sprintf("%s, %s (a 4xx is the origin's answer to this request, not a 502 cause)", h.Status(), source)})
	default:
		add(report.Observation{ID: report.CloudFrontOriginError, Status: report.Pass, Detail: h.Status()})
	}
	if strings.HasPrefix(xcache, "Hit") {
		status := report.Skip
		if hitNoted {
			status = report.Pass
		}
		add(report.Observation{ID: report.CloudFrontOriginExercised, Status: status,
			Detail: fmt.Sprintf("answered %s from CloudFront's cache (%s): the origin was not exercised; cache_bust = true makes the request miss when the cache key includes query strings", h.Status(), seen)})
		return false
	}
	add(report.Observation{ID: report.CloudFrontOriginExercised, Status: report.Pass,
		Detail: fmt.Sprintf("answered %s from the origin (%s): verified through CloudFront", h.Status(), seen)})
	return true
}
