// Package report is the result model shared by every probe: a catalog of
// check definitions (catalog.go), the observations probes make while they
// run, and the Report that merges them into one graded entry per check id.
//
// It has no dependency on Terraform so the engine can be used on its own.
package report

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Status is the grade of one check, ordered pass < skip < warn < fail when
// several observations of the same check are merged.
type Status string

const (
	Pass Status = "pass"
	Skip Status = "skip"
	Warn Status = "warn"
	Fail Status = "fail"
)

func (s Status) rank() int {
	switch s {
	case Fail:
		return 3
	case Warn:
		return 2
	case Skip:
		return 1
	default:
		return 0
	}
}

// Observation is one thing a probe saw for one check on one target.
type Observation struct {
	ID     ID
	Status Status
	// Target names where it was seen: a name server, an address:port, a SNI.
	Target string
	// Detail says what was seen, in words a user can act on.
	Detail string
	// Unverified marks what this machine could not verify (no route to
	// the address family, a port filtered for everyone but CloudFront):
	// neither a pass nor a failure, and the summary says so.
	Unverified bool
	// Answers, for a failure, is the status CloudFront returns for this
	// cause when it is not the definition's (a connect timeout: 504; the
	// origin's own 503); 0 means the definition's.
	Answers int
}

// Check is the merged, user-facing result of one check id.
type Check struct {
	ID       ID
	Category Category
	Status   Status
	// Message is the full message, measured times included.
	Message string
	// Compact is Message without what was measured (Timing's parts): the
	// same on every run against an unchanged origin, so a state holding
	// it is not rewritten by each refresh.
	Compact     string
	Remediation string
	// WouldHave is, for a check skip_checks skipped, the status it would
	// have had: a skipped warning or failure is still a problem to show.
	WouldHave Status
}

// IsProblem reports whether c warns, fails, or is a warning or failure
// that skip_checks hid: what detail = "problems" keeps the words of.
func (c Check) IsProblem() bool {
	switch c.Status {
	case Warn, Fail:
		return true
	case Skip:
		return c.WouldHave == Warn || c.WouldHave == Fail
	}
	return false
}

// Timing marks the part of an observation's Detail that depends on what
// was measured this run ("after 23ms", "within 2.01s"): the full Message
// keeps it, the Compact one and the Summary leave it out, so write it to
// read well either way: "first byte" + Timing(" after 23ms") + " (...)".
func Timing(s string) string { return timingStart + s + timingEnd }

// TimingOr is Timing with what the compact form says instead: measured in
// the full Message, compact in the Compact one and the Summary.
func TimingOr(measured, compact string) string {
	return timingStart + measured + timingAlt + compact + timingEnd
}

// The markers around a Timing part and before its compact alternative;
// control characters no message holds.
const (
	timingStart = "\x1e"
	timingAlt   = "\x1d"
	timingEnd   = "\x1f"
)

// render is text with its Timing parts kept (full) or left out.
func render(text string, full bool) string {
	if !strings.Contains(text, timingStart) {
		return text
	}
	var b strings.Builder
	for {
		before, rest, found := strings.Cut(text, timingStart)
		b.WriteString(before)
		if !found {
			return b.String()
		}
		timing, after, _ := strings.Cut(rest, timingEnd)
		measured, compact, _ := strings.Cut(timing, timingAlt)
		if full {
			b.WriteString(measured)
		} else {
			b.WriteString(compact)
		}
		text = after
	}
}

// Report is the outcome of checking one origin.
type Report struct {
	Origin  string
	Checks  []Check
	Healthy bool
	Summary string
	// Unverified lists what could not be verified from this machine, each
	// as "id: target: detail".
	Unverified []string
	// Answers are the statuses CloudFront would return to viewers for the
	// failed checks, ascending (502, 504, ...); Rejected is true when a
	// failed configuration check makes CloudFront reject the origin.
	Answers  []int
	Rejected bool
}

// Builder collects observations from concurrent probes. The zero value is
// not usable; call NewBuilder.
type Builder struct {
	mu           sync.Mutex
	observations map[ID][]Observation
	stageSkipped map[Category]string
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{
		observations: map[ID][]Observation{},
		stageSkipped: map[Category]string{},
	}
}

// Add records an observation. It panics on an id missing from the catalog:
// that is a programming error caught by any test that reaches the line.
func (b *Builder) Add(o Observation) {
	if _, ok := Lookup(o.ID); !ok {
		panic(fmt.Sprintf("report: observation for undefined check id %q", o.ID))
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.observations[o.ID] = append(b.observations[o.ID], o)
}

// Pass, Warn, Fail and NotApplicable are shorthands for Add.
func (b *Builder) Pass(id ID, target, detail string) {
	b.Add(Observation{ID: id, Status: Pass, Target: target, Detail: detail})
}

func (b *Builder) Warn(id ID, target, detail string) {
	b.Add(Observation{ID: id, Status: Warn, Target: target, Detail: detail})
}

func (b *Builder) Fail(id ID, target, detail string) {
	b.Add(Observation{ID: id, Status: Fail, Target: target, Detail: detail})
}

// FailAnswering is Fail for a cause CloudFront answers with another status
// than the definition's (a connect timeout: 504).
func (b *Builder) FailAnswering(id ID, answers int, target, detail string) {
	b.Add(Observation{ID: id, Status: Fail, Target: target, Detail: detail, Answers: answers})
}

// Unverified records that target could not be verified from this machine,
// graded status (Warn or Skip), and why.
func (b *Builder) Unverified(id ID, status Status, target, detail string) {
	b.Add(Observation{ID: id, Status: status, Target: target, Detail: detail, Unverified: true})
}

// NotApplicable marks a check that does not apply to this origin, with why.
func (b *Builder) NotApplicable(id ID, reason string) {
	b.Add(Observation{ID: id, Status: Skip, Detail: reason})
}

// SkipStage records that the checks of a category were not run, and why
// (an earlier stage failed). Checks of that category that did record
// observations keep them.
func (b *Builder) SkipStage(c Category, reason string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, done := b.stageSkipped[c]; !done {
		b.stageSkipped[c] = reason
	}
}

// HasFailure reports whether any observation so far in category c failed.
func (b *Builder) HasFailure(c Category) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for id, obs := range b.observations {
		def, _ := Lookup(id)
		if def.Category != c {
			continue
		}
		for _, o := range obs {
			if o.Status == Fail {
				return true
			}
		}
	}
	return false
}

// Build merges the observations into one Check per catalog entry, in catalog
// order. Ids in skip are reported as skipped by the user, with what they
// would have shown.
func (b *Builder) Build(origin string, skip map[ID]bool) Report {
	b.mu.Lock()
	defer b.mu.Unlock()

	r := Report{Origin: origin, Healthy: true}
	for _, def := range All() {
		c := merge(def, b.observations[def.ID], b.stageSkipped[def.Category])
		if skip[def.ID] {
			c.Message, c.Compact = "skipped by skip_checks"+wouldHave(c.Status, c.Message), "skipped by skip_checks"+wouldHave(c.Status, c.Compact)
			c.Status, c.WouldHave = Skip, c.Status
		}
		if c.Status == Fail {
			r.Healthy = false
			r.answers(def, b.observations[def.ID])
		}
		if !skip[def.ID] {
			for _, o := range b.observations[def.ID] {
				if o.Unverified {
					r.Unverified = append(r.Unverified, string(def.ID)+": "+describe(o, false))
				}
			}
		}
		r.Checks = append(r.Checks, c)
	}
	r.Summary = summarize(r)
	return r
}

// answers adds what CloudFront returns for the failed observations of def.
func (r *Report) answers(def Definition, obs []Observation) {
	for _, o := range obs {
		if o.Status != Fail {
			continue
		}
		a := cmp.Or(o.Answers, def.Answers)
		switch {
		case a == 0:
			r.Rejected = true
		case !slices.Contains(r.Answers, a):
			r.Answers = append(r.Answers, a)
		}
	}
	slices.Sort(r.Answers)
}

// Consequence is what CloudFront does with an origin whose failed checks
// give answers and rejected (Report's fields): "CloudFront would return
// 502", "... 502 or 504", "CloudFront would reject this origin configuration".
func Consequence(answers []int, rejected bool) string {
	var parts []string
	if rejected {
		parts = append(parts, "reject this origin configuration")
	}
	if len(answers) > 0 {
		codes := make([]string, len(answers))
		for i, a := range answers {
			codes[i] = strconv.Itoa(a)
		}
		list := codes[0]
		if n := len(codes); n > 1 {
			list = strings.Join(codes[:n-1], ", ") + " or " + codes[n-1]
		}
		parts = append(parts, "return "+list)
	}
	if len(parts) == 0 {
		// A failure whose observations were all user-skipped cannot reach
		// here; keep the old wording rather than an empty one.
		parts = append(parts, "return 502")
	}
	return "CloudFront would " + strings.Join(parts, " and ")
}

func wouldHave(status Status, message string) string {
	if status == Pass || status == Skip {
		return ""
	}
	return fmt.Sprintf(" (would have been %s: %s)", status, message)
}

// merge grades def from its observations: the full message, and the
// compact one without the measured times.
func merge(def Definition, obs []Observation, stageSkip string) Check {
	full := mergeOne(def, obs, stageSkip, true)
	full.Compact = mergeOne(def, obs, stageSkip, false).Message
	return full
}

func mergeOne(def Definition, obs []Observation, stageSkip string, full bool) Check {
	c := Check{ID: def.ID, Category: def.Category, Remediation: def.Remediation}
	if len(obs) == 0 {
		c.Status, c.Remediation = Skip, ""
		c.Message = "not run: " + render(firstNonEmpty(stageSkip, "not applicable to this origin"), full)
		return c
	}
	worst := obs[0].Status
	for _, o := range obs[1:] {
		if o.Status.rank() > worst.rank() {
			worst = o.Status
		}
	}
	c.Status = worst

	// Say only what supports the verdict: the failing targets for a failure,
	// everything for a pass.
	var seen []string
	onlyUnverified := true
	for _, o := range obs {
		if o.Status != worst {
			continue
		}
		seen = append(seen, describe(o, full))
		onlyUnverified = onlyUnverified && o.Unverified
	}
	slices.Sort(seen)
	seen = slices.Compact(seen)
	switch {
	case worst == Warn && onlyUnverified:
		// Not a finding about the origin: CloudFront's consequence and the
		// origin's fix would mislead.
		c.Message = strings.Join(seen, "; ") + ". This machine could not verify it; CloudFront, which reaches the origin from elsewhere, may well succeed."
		c.Remediation = unverifiedRemediation
		return c
	}
	switch worst {
	case Fail, Warn:
		c.Message = strings.Join(seen, "; ") + ". " + def.Consequence
	case Skip:
		c.Message = "not run: " + strings.Join(seen, "; ")
	default:
		c.Message = def.Title + ": ok (" + strings.Join(seen, "; ") + ")"
	}
	if worst == Pass || worst == Skip {
		c.Remediation = ""
	}
	return c
}

// unverifiedRemediation is the fix for a check this machine could not make.
const unverifiedRemediation = "Nothing to fix on the origin for this finding. To verify it, run the check from a machine that can reach " +
	"what was not verified (one with an IPv6 route, or inside the address ranges the origin admits)."

// describe is what o saw, with its Timing parts when full.
func describe(o Observation, full bool) string {
	detail := render(o.Detail, full)
	switch {
	case o.Target == "":
		return detail
	case detail == "":
		return o.Target
	default:
		return o.Target + ": " + detail
	}
}

func summarize(r Report) string {
	var lines []string
	counts := map[Status]int{}
	for _, c := range r.Checks {
		counts[c.Status]++
	}
	// Failures first, then warnings, so error_message leads with the cause.
	for _, want := range []Status{Fail, Warn} {
		for _, c := range r.Checks {
			if c.Status == want {
				lines = append(lines, fmt.Sprintf("%s %s: %s Fix: %s", strings.ToUpper(string(c.Status)), c.ID, c.Compact, c.Remediation))
			}
		}
	}
	verdict := "healthy"
	switch {
	case !r.Healthy:
		verdict = "UNHEALTHY: " + Consequence(r.Answers, r.Rejected)
	case len(r.Unverified) > 0:
		verdict = "healthy as far as this machine can verify"
	}
	head := fmt.Sprintf("origin %s is %s (%d failed, %d warnings, %d passed, %d skipped)",
		r.Origin, verdict, counts[Fail], counts[Warn], counts[Pass], counts[Skip])
	if len(r.Unverified) > 0 {
		lines = append(lines, "NOT VERIFIED from this machine: "+strings.Join(slices.Compact(slices.Sorted(slices.Values(r.Unverified))), "; "))
	}
	return strings.Join(append([]string{head}, lines...), "\n")
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// OnlyUnverified reports whether c warns only because this machine could
// not verify it (no route to a family, a port filtered for all but
// CloudFront): not a finding about the origin.
func (c Check) OnlyUnverified() bool {
	return c.Status == Warn && c.Remediation == unverifiedRemediation
}

// Through merges into r what requests sent through CloudFront showed for
// this origin: edge's cloudfront checks replace r's (which say that no
// request went through CloudFront), and when verified is not "" (a
// request reached the origin and got its answer), each check of the
// categories in proved that this machine could not verify becomes a pass
// saying how it was verified instead. The verdict and summary follow.
func (r *Report) Through(edge Report, verified string, proved ...Category) {
	byID := map[ID]Check{}
	for _, c := range edge.Checks {
		if c.Category == CategoryCloudFront {
			byID[c.ID] = c
		}
	}
	converted := map[ID]bool{}
	unverified := map[ID]bool{} // checks with an observation this machine could not verify
	for _, u := range r.Unverified {
		id, _, _ := strings.Cut(u, ": ")
		unverified[ID(id)] = true
	}
	for i, c := range r.Checks {
		if e, ok := byID[c.ID]; ok {
			r.Checks[i] = e
			continue
		}
		if verified != "" && (c.OnlyUnverified() || unverified[c.ID] && c.Status == Skip) && slices.Contains(proved, c.Category) {
			converted[c.ID] = true
			r.Checks[i] = Check{ID: c.ID, Category: c.Category, Status: Pass,
				Message: "verified through CloudFront: " + verified + " (not verifiable from this machine: " + strings.TrimPrefix(c.Message, "not run: ") + ")",
				Compact: "verified through CloudFront: " + verified + " (not verifiable from this machine: " + strings.TrimPrefix(c.Compact, "not run: ") + ")"}
		}
	}
	if verified != "" {
		r.Unverified = slices.DeleteFunc(r.Unverified, func(u string) bool {
			id, _, _ := strings.Cut(u, ": ")
			def, _ := Lookup(ID(id))
			return converted[ID(id)] || slices.Contains(proved, def.Category)
		})
	}
	r.Healthy = !slices.ContainsFunc(r.Checks, func(c Check) bool { return c.Status == Fail })
	for _, a := range edge.Answers {
		if !slices.Contains(r.Answers, a) {
			r.Answers = append(r.Answers, a)
		}
	}
	slices.Sort(r.Answers)
	r.Summary = summarize(*r)
}
