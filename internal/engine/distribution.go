package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

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
	// Checked, when not nil, is called with each origin's index as its
	// check ends (a command line's progress line).
	Checked func(index int) `json:"-"`
}

// GroupResult is how an origin group would serve.
type GroupResult struct {
	// Status is pass (the primary serves), warn (it serves through the
	// secondary, or with a warning) or fail (no member serves, or the
	// group's configuration is rejected).
	Status  report.Status
	Summary string
}

// Healthy reports whether the group serves.
func (g GroupResult) Healthy() bool { return g.Status != report.Fail }

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
	Healthy bool
	Summary string
}

// CheckDistribution checks every origin at once: the shared caches and
// max_concurrency bound the work, and each origin keeps its own deadline,
// so one origin's slow DNS holds up no other. Then it judges the origin
// groups as CloudFront fails over. When StartDistribution began the same
// distribution, it waits for that check instead of starting another.
func (e *Engine) CheckDistribution(ctx context.Context, d Distribution) DistributionResult {
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
	if _, running := e.started[key]; running || e.closed {
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

// Started is how many started checks wait to be taken.
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

	res := DistributionResult{Origins: map[string]Result{}, Groups: map[string]GroupResult{}, Serving: map[string]bool{}, Healthy: true}
	specs := map[string]originspec.Spec{}
	for i, o := range d.Origins {
		res.Origins[o.ID] = results[i]
		specs[o.ID] = o.Spec
	}
	grouped := map[string]bool{}
	for _, g := range d.Groups {
		gr := judgeGroup(g, res.Origins, specs, d.Groups)
		res.Groups[g.ID] = gr
		for _, m := range g.Members {
			grouped[m] = true
			if gr.Healthy() {
				res.Serving[m] = true
			}
		}
		res.Healthy = res.Healthy && gr.Healthy()
	}
	var lines []string
	counts := map[string]int{}
	var answers []int // what CloudFront returns for the failing origins
	rejected := false
	for _, o := range d.Origins {
		r := res.Origins[o.ID]
		switch {
		case r.Report.Healthy:
			counts["healthy"]++
		case grouped[o.ID] && res.Serving[o.ID]:
			counts["failing, covered by failover"]++
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
	head := fmt.Sprintf("distribution is %s (%d origins: %d healthy, %d failing, %d failing but covered by failover; %d origin groups)",
		verdict, len(d.Origins), counts["healthy"], counts["failing"], counts["failing, covered by failover"], len(d.Groups))
	res.Summary = strings.Join(append([]string{head}, lines...), "\n")
	return res
}

// judgeGroup says how CloudFront would serve through group g.
func judgeGroup(g OriginGroup, results map[string]Result, specs map[string]originspec.Spec, groups []OriginGroup) GroupResult {
	var problems []string
	for _, code := range g.FailoverStatusCodes {
		if code < 400 || code > 599 {
			problems = append(problems, fmt.Sprintf("failover_criteria.status_codes has %d; CloudFront fails over only on 4xx and 5xx codes", code))
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
		return GroupResult{Status: report.Fail, Summary: "CloudFront rejects this origin group: " + strings.Join(problems, "; ") + "."}
	}
	primary, secondary := g.Members[0], g.Members[1]
	p, s := results[primary], results[secondary]
	for _, m := range g.Members {
		if ids := failedIn(results[m].Report, report.CategoryConfig); ids != "" {
			// No failover helps: CloudFront rejects the whole distribution.
			return GroupResult{Status: report.Fail, Summary: fmt.Sprintf("CloudFront rejects the configuration of member %s (%s), so the distribution cannot be deployed", m, ids)}
		}
	}
	switch {
	case p.Report.Healthy && !hasWarning(p.Report):
		return GroupResult{Status: report.Pass, Summary: "the primary " + primary + " serves"}
	case p.Report.Healthy:
		return GroupResult{Status: report.Warn, Summary: "the primary " + primary + " serves, with warnings (see origins[\"" + primary + "\"].summary)"}
	case s.Report.Healthy:
		return GroupResult{Status: report.Warn, Summary: fmt.Sprintf(
			"the primary %s fails (%s), so CloudFront serves from the secondary %s; %s",
			primary, failedIDs(p.Report), secondary, failoverCost(p.Report, specs[primary]))}
	default:
		return GroupResult{Status: report.Fail, Summary: fmt.Sprintf(
			"neither member serves: the primary %s fails (%s) and the secondary %s fails (%s); CloudFront would return 502 (or 504)",
			primary, failedIDs(p.Report), secondary, failedIDs(s.Report))}
	}
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
	default:
		return "fix the primary so that requests do not depend on the failover"
	}
}
