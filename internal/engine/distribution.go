package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/cflimits"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// DistributionOrigin is one origin of a distribution, by its origin_id.
type DistributionOrigin struct {
	ID   string
	Spec originspec.Spec
	// Skip lists the check ids skip_checks names for this origin.
	Skip map[report.ID]bool
}

// OriginGroup is an origin_group: CloudFront sends requests to the first
// member and fails over to the second when it cannot connect, times out,
// or gets one of FailoverStatusCodes.
type OriginGroup struct {
	ID                  string
	Members             []string
	FailoverStatusCodes []int
}

// Distribution is every origin and origin group of one distribution.
type Distribution struct {
	Origins []DistributionOrigin
	Groups  []OriginGroup
	// Behaviors are the cache behaviours, the default first. When there
	// are none, every origin and group counts as reached (the reading
	// before behaviours were given).
	Behaviors []CacheBehavior
	// Edge, when not nil, is through_cloudfront: requests sent through
	// the deployed distribution once the origins are checked.
	Edge *ThroughCloudFront
	// Checked, when not nil, is called with each origin's index as its
	// check ends (a command line's progress line).
	Checked func(index int) `json:"-"`
}

// CacheBehavior is default_cache_behavior (PathPattern "") or an
// ordered_cache_behavior: which origin or origin group CloudFront sends
// its requests to. An origin a behaviour targets directly gets no
// failover, even when it is also an origin group's member.
type CacheBehavior struct {
	PathPattern    string
	TargetOriginID string
}

// label names the behaviour as the distribution's blocks do.
func (b CacheBehavior) label() string {
	if b.PathPattern == "" {
		return "default_cache_behavior"
	}
	return fmt.Sprintf("ordered_cache_behavior %q", b.PathPattern)
}

// GroupResult is how an origin group would serve.
type GroupResult struct {
	// Status is pass (the primary serves), warn (it serves through the
	// secondary, or with a warning) or fail (no member serves, or the
	// group's configuration is rejected).
	Status  report.Status
	Summary string
	// Rejected: CloudFront rejects the group's or a member's configuration,
	// so the distribution cannot be deployed, reached by a behaviour or not.
	Rejected bool `json:"-"`
	// Unreached: cache behaviours are given and none targets the group,
	// so it serves no request and its failure is not the distribution's.
	Unreached bool `json:"-"`
}

// Healthy reports whether the group serves.
func (g GroupResult) Healthy() bool { return g.Status == report.Pass || g.Status == report.Warn }

// DistributionResult is everything learned about a distribution.
type DistributionResult struct {
	// Origins are the results by origin_id.
	Origins map[string]Result
	// Groups are the results by origin group id.
	Groups map[string]GroupResult
	// Serving lists the origin_ids whose failures are not the
	// distribution's, because their group fails over to a member that
	// serves: their findings are warnings.
	Serving map[string]bool
	// Unreached lists, when cache behaviours are given, the origin_ids of
	// the origins and origin groups that no behaviour reaches (directly,
	// or for an origin through a group a behaviour targets), origins
	// first, in configuration order. Nil without behaviours.
	Unreached []string
	Healthy   bool
	Summary   string
	// Edge is what the requests through CloudFront found, as one report
	// of the cloudfront checks of every request (nil without
	// through_cloudfront, or when its domain_name is not known yet).
	Edge *report.Report

	// excused says, by origin_id, why an origin's failures are not the
	// distribution's.
	excused map[string]string
}

// Excused says why origin id's failures are not the distribution's (its
// findings are warnings), or "" when they are.
func (r DistributionResult) Excused(id string) string { return r.excused[id] }

// CheckDistribution checks every origin at once: the shared caches and
// max_concurrency bound the work, and each origin keeps its own deadline,
// so one origin's slow DNS holds up no other. Then it judges the origin
// groups as CloudFront fails over. When StartDistribution began the same
// distribution, it waits for that check instead of starting another.
func (e *Engine) CheckDistribution(ctx context.Context, d Distribution) DistributionResult {
	if e.opts.Deferred != "" {
		return deferredDistribution(d, e.opts.Deferred)
	}
	if started := e.takeStarted(d); started != nil {
		select {
		case <-started.done:
			return started.result
		case <-ctx.Done(): // this check reports how far it got
			started.cancel()
		}
	}
	return e.checkDistribution(ctx, d)
}

// startedCheck is a distribution check StartDistribution began.
type startedCheck struct {
	done   chan struct{}
	cancel context.CancelFunc
	result DistributionResult
}

// StartDistribution begins checking d in the background, for a
// CheckDistribution of the same distribution (origins, arguments, groups)
// that is about to follow: the provider starts when Terraform has
// validated the configuration it will read next. The check runs under
// ctx's values but not its cancellation, within each origin's own
// deadline; Close cancels the checks nobody took.
func (e *Engine) StartDistribution(ctx context.Context, d Distribution) {
	key, ok := distributionKey(d)
	if !ok {
		return
	}
	e.startedMu.Lock()
	defer e.startedMu.Unlock()
	if _, running := e.started[key]; running || e.closed || e.opts.Deferred != "" {
		return
	}
	checkCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s := &startedCheck{done: make(chan struct{}), cancel: cancel}
	e.started[key] = s
	go func() {
		defer close(s.done)
		defer cancel()
		s.result = e.checkDistribution(checkCtx, d)
	}()
}

// Close cancels the started checks no CheckDistribution took, and starts
// no more: the provider closes an Engine when a new configuration
// replaces it.
func (e *Engine) Close() {
	e.startedMu.Lock()
	defer e.startedMu.Unlock()
	e.closed = true
	for key, s := range e.started {
		s.cancel()
		delete(e.started, key)
	}
}

// Started is how many started checks wait to be taken. Only tests read it
// (the provider's, from another package, so it cannot live in a _test.go
// file): they assert that validation starts a check and a replaced engine
// holds none.
func (e *Engine) Started() int {
	e.startedMu.Lock()
	defer e.startedMu.Unlock()
	return len(e.started)
}

// takeStarted removes and returns the started check of d, if any.
func (e *Engine) takeStarted(d Distribution) *startedCheck {
	key, ok := distributionKey(d)
	if !ok {
		return nil
	}
	e.startedMu.Lock()
	defer e.startedMu.Unlock()
	s := e.started[key]
	delete(e.started, key)
	return s
}

// distributionKey identifies a distribution by everything that is
// checked: its JSON (maps sorted, pointers followed, Checked left out).
func distributionKey(d Distribution) (string, bool) {
	b, err := json.Marshal(d)
	return string(b), err == nil
}

func (e *Engine) checkDistribution(ctx context.Context, d Distribution) DistributionResult {
	results := make([]Result, len(d.Origins))
	var wg sync.WaitGroup
	for i, o := range d.Origins {
		wg.Go(func() {
			results[i] = e.Check(ctx, o.Spec, o.Skip)
			if d.Checked != nil {
				d.Checked(i)
			}
		})
	}
	wg.Wait()
	edge := e.checkEdge(ctx, d, results)
	res := judgeDistribution(d, results)
	if edge != nil {
		res.Edge = edge.report
		res.Healthy = res.Healthy && edge.healthy
		if !edge.healthy && !strings.Contains(res.Summary, "UNHEALTHY") {
			head, rest, _ := strings.Cut(res.Summary, "\n")
			res.Summary = strings.Replace(head, "distribution is healthy", "distribution is UNHEALTHY: CloudFront did not answer through_cloudfront's requests", 1) + "\n" + rest
		}
		res.Summary = strings.TrimSuffix(strings.Join(append([]string{res.Summary}, edge.lines...), "\n"), "\n")
	}
	return res
}

// judgeDistribution judges the distribution from its origins' results (in
// d.Origins' order): its origin groups as CloudFront fails over, and, when
// cache behaviours are given, which origins and groups they reach.
func judgeDistribution(d Distribution, results []Result) DistributionResult {
	res := DistributionResult{Origins: map[string]Result{}, Groups: map[string]GroupResult{}, Serving: map[string]bool{}, Healthy: true, excused: map[string]string{}}
	specs := map[string]originspec.Spec{}
	for i, o := range d.Origins {
		res.Origins[o.ID] = results[i]
		specs[o.ID] = o.Spec
	}
	behaviours := len(d.Behaviors) > 0
	// direct is, by origin or group id, the first behaviour targeting it.
	direct := map[string]string{}
	var lines []string
	for _, b := range d.Behaviors {
		if _, seen := direct[b.TargetOriginID]; !seen {
			direct[b.TargetOriginID] = b.label()
		}
		if _, isOrigin := specs[b.TargetOriginID]; !isOrigin && !slices.ContainsFunc(d.Groups, func(g OriginGroup) bool { return g.ID == b.TargetOriginID }) {
			res.Healthy = false
			lines = append(lines, fmt.Sprintf("FAIL %s: target_origin_id %q is the origin_id of no origin and no origin group; CloudFront rejects the distribution. "+
				"Set target_origin_id to one of the origins' or origin groups' origin_id.", b.label(), b.TargetOriginID))
		}
	}
	if behaviours {
		res.Unreached = []string{}
	}
	grouped := map[string]string{} // origin_id → its (first) group
	reached := map[string]bool{}
	servingGroup := map[string]string{} // origin_id → a reached group of it that serves
	for _, g := range d.Groups {
		gr := judgeGroup(g, res.Origins, specs, d.Groups)
		_, targeted := direct[g.ID]
		gr.Unreached = behaviours && !targeted
		if gr.Unreached && gr.Status == report.Fail && !gr.Rejected {
			gr.Summary += "; no cache behaviour targets this group, so CloudFront sends it no requests and this does not fail the distribution"
		}
		res.Groups[g.ID] = gr
		for _, m := range g.Members {
			if _, ok := grouped[m]; !ok {
				grouped[m] = g.ID
			}
			if !gr.Unreached {
				reached[m] = true
				if gr.Healthy() && !res.Serving[m] {
					res.Serving[m] = true
					servingGroup[m] = g.ID
				}
			}
		}
		if !gr.Unreached || gr.Rejected {
			res.Healthy = res.Healthy && gr.Healthy()
		}
	}
	counts := map[string]int{}
	var answers []int // what CloudFront returns for the failing origins
	rejected := false
	for _, o := range d.Origins {
		r := res.Origins[o.ID]
		via, targeted := direct[o.ID]
		if targeted {
			reached[o.ID] = true
		}
		unreached := behaviours && !reached[o.ID]
		if unreached {
			res.Unreached = append(res.Unreached, o.ID)
		}
		switch {
		case r.Report.Healthy:
			counts["healthy"]++
		case behaviours && targeted:
			// No failover for the requests of a behaviour that targets
			// the origin itself.
			delete(res.Serving, o.ID)
			counts["failing"]++
			res.Healthy = false
			if g, ok := grouped[o.ID]; ok {
				lines = append(lines, fmt.Sprintf("FAIL origin %s: %s targets it directly, so CloudFront does not fail over for those requests although it is a member of origin group %s, "+
					"and returns 502 (or 504, or the origin's own error); fix the origin, or set that behaviour's target_origin_id to %q", o.ID, via, g, g))
			}
		case grouped[o.ID] != "" && res.Serving[o.ID]:
			counts["failing, covered by failover"]++
			res.excused[o.ID] = fmt.Sprintf("origin group %s fails over to a member that serves (see origin_groups[%q])", servingGroup[o.ID], servingGroup[o.ID])
		case unreached && failedIn(r.Report, report.CategoryConfig) == "":
			counts["failing, reached by no cache behaviour"]++
			res.excused[o.ID] = "no cache behaviour targets it, directly or through an origin group, so CloudFront sends it no requests"
		default:
			counts["failing"]++
			res.Healthy = false
			answers = append(answers, r.Report.Answers...)
			rejected = rejected || r.Report.Rejected
		}
		for _, line := range strings.Split(r.Report.Summary, "\n")[1:] {
			lines = append(lines, fmt.Sprintf("[%s] %s", o.ID, line))
		}
	}
	for _, g := range d.Groups {
		if gr := res.Groups[g.ID]; gr.Status != report.Pass {
			lines = append(lines, fmt.Sprintf("%s origin_group %s: %s", strings.ToUpper(string(gr.Status)), g.ID, gr.Summary))
		}
	}
	for _, g := range d.Groups {
		if res.Groups[g.ID].Unreached {
			res.Unreached = append(res.Unreached, g.ID)
		}
	}
	for _, id := range res.Unreached {
		what := "origin " + id + ": no cache behaviour targets it, directly or through an origin group"
		if _, isOrigin := specs[id]; !isOrigin {
			what = "origin_group " + id + ": no cache behaviour targets it"
		}
		lines = append(lines, fmt.Sprintf("NOTE %s, so CloudFront sends it no requests and its findings do not fail the distribution; "+
			"target it from a cache behaviour (target_origin_id = %q), or remove it", what, id))
	}
	verdict := "healthy"
	if !res.Healthy {
		slices.Sort(answers)
		var parts []string
		if rejected {
			parts = append(parts, "reject an origin's configuration")
		}
		if len(answers) > 0 || !rejected {
			parts = append(parts, strings.TrimPrefix(report.Consequence(slices.Compact(answers), false), "CloudFront would ")+" for requests to a failing origin")
		}
		verdict = "UNHEALTHY: CloudFront would " + strings.Join(parts, " and ")
	}
	origins := fmt.Sprintf("%d origins: %d healthy, %d failing, %d failing but covered by failover", len(d.Origins), counts["healthy"], counts["failing"], counts["failing, covered by failover"])
	if behaviours {
		origins += fmt.Sprintf(", %d failing but reached by no cache behaviour", counts["failing, reached by no cache behaviour"])
	}
	head := fmt.Sprintf("distribution is %s (%s; %d origin groups", verdict, origins, len(d.Groups))
	if behaviours {
		head += fmt.Sprintf("; %d cache behaviours, %d origins and origin groups reached by none", len(d.Behaviors), len(res.Unreached))
	}
	res.Summary = strings.Join(append([]string{head + ")"}, lines...), "\n")
	return res
}

// judgeGroup says how CloudFront would serve through group g.
func judgeGroup(g OriginGroup, results map[string]Result, specs map[string]originspec.Spec, groups []OriginGroup) GroupResult {
	var problems []string
	for _, code := range g.FailoverStatusCodes {
		if !cflimits.IsFailoverStatusCode(code) {
			problems = append(problems, fmt.Sprintf("failover_criteria.status_codes has %d; CloudFront fails over only on %s", code, allowedCodes()))
		}
	}
	for _, m := range g.Members {
		if slices.ContainsFunc(groups, func(o OriginGroup) bool { return o.ID == m }) {
			problems = append(problems, fmt.Sprintf("member %s is itself an origin group; members must be origins", m))
		}
	}
	if len(g.Members) != 2 {
		problems = append(problems, fmt.Sprintf("has %d members; CloudFront requires exactly two (primary, secondary)", len(g.Members)))
	}
	if len(problems) > 0 {
		return GroupResult{Status: report.Fail, Rejected: true, Summary: "CloudFront rejects this origin group: " + strings.Join(problems, "; ") + "."}
	}
	primary, secondary := g.Members[0], g.Members[1]
	p, s := results[primary], results[secondary]
	for _, m := range g.Members {
		if ids := failedIn(results[m].Report, report.CategoryConfig); ids != "" {
			// No failover helps: CloudFront rejects the whole distribution.
			return GroupResult{Status: report.Fail, Rejected: true, Summary: fmt.Sprintf("CloudFront rejects the configuration of member %s (%s), so the distribution cannot be deployed", m, ids)}
		}
	}
	out := primaryOutcome(p, specs[primary], g.FailoverStatusCodes)
	switch {
	case out.serves && !hasWarning(p.Report):
		return GroupResult{Status: report.Pass, Summary: "the primary " + primary + " serves"}
	case out.serves:
		return GroupResult{Status: report.Warn, Summary: "the primary " + primary + " serves, with warnings (see origins[\"" + primary + "\"].summary)"}
	case !out.failsOver:
		return GroupResult{Status: report.Fail, Summary: fmt.Sprintf(
			"the primary %s %s, which failover_criteria.status_codes %s does not list, so CloudFront does not try the secondary %s and viewers get %d; "+
				"add %d to the origin group's failover_criteria.status_codes (CloudFront allows %s), or fix the primary (see origins[%q].summary)",
			primary, out.what, codeList(g.FailoverStatusCodes), secondary, out.viewerCode, out.viewerCode, allowedCodes(), primary)}
	case s.Report.Healthy:
		return GroupResult{Status: report.Warn, Summary: fmt.Sprintf(
			"the primary %s %s, so CloudFront serves from the secondary %s; %s",
			primary, out.what, secondary, out.cost)}
	default:
		return GroupResult{Status: report.Fail, Summary: fmt.Sprintf(
			"neither member serves: the primary %s %s and the secondary %s fails (%s); CloudFront would return 502 (or 504)",
			primary, out.what, secondary, failedIDs(s.Report))}
	}
}

// outcome is what CloudFront does with a request its origin group sends
// to the primary.
type outcome struct {
	// serves: the primary answers, and CloudFront passes its answer on.
	serves bool
	// failsOver: CloudFront tries the secondary (the primary could not be
	// connected to, timed out, or answered a code failover_criteria lists).
	failsOver bool
	// what the primary did ("fails (tcp.https_port_closed)", "answers 503
	// (http.origin_5xx)"), cost what a failover costs every request, and
	// viewerCode the status viewers get when there is no failover.
	what, cost string
	viewerCode int
}

// primaryOutcome judges the primary as CloudFront fails over ("Optimize
// high availability with CloudFront origin failover"): it fails over when
// it cannot connect to the primary (DNS, TCP, TLS; a connection closed
// or reset before any response, http.no_response), when the primary
// times out (http.read_timeout), or when the primary answers a status
// code failover_criteria lists. Any other answer goes to viewers: an
// origin's own 5xx as it is, a response CloudFront cannot use as its own
// 502.
func primaryOutcome(p Result, spec originspec.Spec, codes []int) outcome {
	failed := func(ids ...report.ID) string {
		var out []string
		for _, c := range p.Report.Checks {
			if c.Status == report.Fail && slices.Contains(ids, c.ID) {
				out = append(out, string(c.ID))
			}
		}
		return strings.Join(out, ", ")
	}
	connect := slices.DeleteFunc([]string{failedIn(p.Report, report.CategoryDNS), failedIn(p.Report, report.CategoryTCP),
		failedIn(p.Report, report.CategoryTLS), failed(report.HTTPNoResponse, report.HTTPReadTimeout)}, func(s string) bool { return s == "" })
	if len(connect) > 0 {
		return outcome{failsOver: true, what: "fails (" + strings.Join(connect, ", ") + ")", cost: failoverCost(p.Report, spec)}
	}
	answered := 0
	if p.HTTP != nil {
		answered = p.HTTP.StatusCode
	}
	if bad := failedIn(p.Report, report.CategoryHTTP); bad != "" {
		// The primary answered, but not so that CloudFront can pass it on:
		// its own 5xx (http.origin_5xx) goes to viewers as it is; a response
		// CloudFront cannot use is CloudFront's 502.
		code, what := 502, fmt.Sprintf("answers so that CloudFront returns 502 itself (%s)", bad)
		if failed(report.HTTPOrigin5xx) != "" && answered != 0 {
			code, what = answered, fmt.Sprintf("answers %d (%s)", answered, bad)
		}
		if !slices.Contains(codes, code) {
			return outcome{what: what, viewerCode: code}
		}
		return outcome{failsOver: true, what: what + ", which failover_criteria lists", cost: codeCost(code)}
	}
	if answered != 0 && slices.Contains(codes, answered) {
		// A code the origin's checks do not fail (a 404, a 500) still
		// fails over when failover_criteria lists it.
		return outcome{failsOver: true, what: fmt.Sprintf("answers %d, which failover_criteria lists", answered), cost: codeCost(answered)}
	}
	if p.Report.Healthy {
		return outcome{serves: true}
	}
	// Another failure (a check cut short by the deadline): as CloudFront
	// fails over when a request to the primary fails.
	return outcome{failsOver: true, what: "fails (" + failedIDs(p.Report) + ")", cost: failoverCost(p.Report, spec)}
}

// codeCost is what a failover on a status code costs every request.
func codeCost(code int) string {
	return fmt.Sprintf("every request first gets %d from the primary and is then sent again to the secondary; fix the primary so that requests do not depend on the failover", code)
}

// allowedCodes lists the codes failover_criteria may hold.
func allowedCodes() string { return codeList(cflimits.FailoverStatusCodes) }

// codeList writes codes as HCL's list ([500, 502]).
func codeList(codes []int) string {
	s := make([]string, len(codes))
	for i, c := range codes {
		s[i] = strconv.Itoa(c)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func hasWarning(r report.Report) bool {
	return slices.ContainsFunc(r.Checks, func(c report.Check) bool { return c.Status == report.Warn })
}

func failedIDs(r report.Report) string {
	if ids := failedIn(r, ""); ids != "" {
		return ids
	}
	return "not every check finished"
}

// failedIn lists the failed check ids of category ("" for every one).
func failedIn(r report.Report, category report.Category) string {
	var ids []string
	for _, c := range r.Checks {
		if c.Status == report.Fail && (category == "" || c.Category == category) {
			ids = append(ids, string(c.ID))
		}
	}
	return strings.Join(ids, ", ")
}

// failoverCost says what every request pays at the failing primary before
// CloudFront tries the secondary.
func failoverCost(r report.Report, spec originspec.Spec) string {
	failed := func(category report.Category) bool { return failedIn(r, category) != "" }
	attempts, timeout := spec.ConnectionAttempts, time.Duration(spec.ConnectionTimeout)*time.Second
	switch {
	case failed(report.CategoryTCP):
		return fmt.Sprintf("a primary that does not answer costs every request up to %d connection attempts × connection_timeout %s = %s before the failover "+
			"(a refused connection fails over at once); lower connection_attempts and connection_timeout on the primary, or fix it",
			attempts, timeout, time.Duration(attempts)*timeout)
	case failed(report.CategoryTLS):
		return fmt.Sprintf("every request first pays up to %d failed TLS handshakes with the primary before the failover; fix the primary", attempts)
	case failed(report.CategoryDNS):
		return "every request first pays the primary's failed DNS lookup before the failover; fix the primary's DNS"
	case failedIn(r, report.CategoryHTTP) != "" && spec.HTTPRequest != nil && slices.ContainsFunc(r.Checks, func(c report.Check) bool {
		return c.ID == report.HTTPReadTimeout && c.Status == report.Fail
	}):
		return fmt.Sprintf("every request first waits origin_read_timeout (%s) for the primary's response before the failover; make the primary answer in time",
			time.Duration(spec.HTTPRequest.ReadTimeout)*time.Second)
	case failedIn(r, report.CategoryHTTP) != "":
		return "every request first loses its connection to the primary, closed without a response, before the failover; fix the primary"
	default:
		return "fix the primary so that requests do not depend on the failover"
	}
}
