package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/httpcheck"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestJudgeGroup: origin groups as CloudFront fails over.
func TestJudgeGroup(t *testing.T) {
	result := func(status report.Status, id report.ID) Result {
		def, _ := report.Lookup(id)
		return Result{Report: report.Report{Healthy: status != report.Fail, Checks: []report.Check{{ID: id, Category: def.Category, Status: status}}}}
	}
	// answered is an origin whose http stage got code, judged as status.
	answered := func(code int, status report.Status, id report.ID) Result {
		r := result(status, id)
		r.HTTP = &httpcheck.Summary{StatusCode: code}
		return r
	}
	results := map[string]Result{
		"ok":        result(report.Pass, report.TLSExpired),
		"warns":     result(report.Warn, report.TLSExpiringSoon),
		"closed":    result(report.Fail, report.TCPHTTPSPortClosed),
		"expired":   result(report.Fail, report.TLSExpired),
		"nxdomain":  result(report.Fail, report.DNSNXDomain),
		"iphost":    result(report.Fail, report.ConfigIPLiteral),
		"otherpass": result(report.Pass, report.TLSExpired),
		"503":       answered(503, report.Fail, report.HTTPOrigin5xx),
		"500":       answered(500, report.Warn, report.HTTPOrigin5xx),
		"404":       answered(404, report.Pass, report.HTTPOrigin5xx),
		"malformed": answered(200, report.Fail, report.HTTPMalformedResponse),
		"silent":    result(report.Fail, report.HTTPNoResponse),
		"slow":      result(report.Fail, report.HTTPReadTimeout),
	}
	specs := map[string]originspec.Spec{
		"closed": {ConnectionAttempts: 3, ConnectionTimeout: 10},
		"slow":   {HTTPRequest: &originspec.HTTPRequest{ReadTimeout: 4}},
	}
	groups := []OriginGroup{{ID: "nested", Members: []string{"ok", "otherpass"}}}
	for _, tc := range []struct {
		name    string
		group   OriginGroup
		status  report.Status
		excerpt string
	}{
		{"primary serves", OriginGroup{Members: []string{"ok", "expired"}, FailoverStatusCodes: []int{502}}, report.Pass, "the primary ok serves"},
		{"primary serves with a warning", OriginGroup{Members: []string{"warns", "ok"}}, report.Warn, "with warnings"},
		{"secondary serves after connect timeouts", OriginGroup{Members: []string{"closed", "ok"}}, report.Warn, "up to 3 connection attempts × connection_timeout 10s = 30s"},
		{"secondary serves after TLS failures", OriginGroup{Members: []string{"expired", "ok"}}, report.Warn, "failed TLS handshakes"},
		{"secondary serves after a DNS failure", OriginGroup{Members: []string{"nxdomain", "ok"}}, report.Warn, "failed DNS lookup"},
		{"no member serves", OriginGroup{Members: []string{"expired", "closed"}}, report.Fail, "neither member serves"},
		{"config failure is not covered", OriginGroup{Members: []string{"iphost", "ok"}}, report.Fail, "rejects the configuration of member iphost"},
		{"status code outside 4xx/5xx", OriginGroup{Members: []string{"ok", "otherpass"}, FailoverStatusCodes: []int{302, 503}}, report.Fail, "status_codes has 302"},
		{"member is a group", OriginGroup{Members: []string{"nested", "ok"}}, report.Fail, "member nested is itself an origin group"},
		{"one member", OriginGroup{Members: []string{"ok"}}, report.Fail, "has 1 members; CloudFront requires exactly two"},
		{"status code CloudFront does not allow", OriginGroup{Members: []string{"ok", "otherpass"}, FailoverStatusCodes: []int{501}},
			report.Fail, "status_codes has 501; CloudFront fails over only on [400, 403, 404, 416, 500, 502, 503, 504]"},
		{"primary answers a code not listed", OriginGroup{Members: []string{"503", "ok"}, FailoverStatusCodes: []int{500, 502}}, report.Fail,
			"the primary 503 answers 503 (http.origin_5xx), which failover_criteria.status_codes [500, 502] does not list, so CloudFront does not try the secondary ok and viewers get 503; add 503 to the origin group's failover_criteria.status_codes"},
		{"primary answers a code not listed, no criteria", OriginGroup{Members: []string{"503", "ok"}}, report.Fail, "status_codes [] does not list"},
		{"primary answers a listed code", OriginGroup{Members: []string{"503", "ok"}, FailoverStatusCodes: []int{500, 502, 503}}, report.Warn,
			"the primary 503 answers 503 (http.origin_5xx), which failover_criteria lists, so CloudFront serves from the secondary ok; every request first gets 503 from the primary"},
		{"primary answers a listed code, secondary fails", OriginGroup{Members: []string{"503", "closed"}, FailoverStatusCodes: []int{503}}, report.Fail,
			"neither member serves: the primary 503 answers 503 (http.origin_5xx), which failover_criteria lists and the secondary closed fails (tcp.https_port_closed)"},
		{"primary's 500 warns, listed", OriginGroup{Members: []string{"500", "ok"}, FailoverStatusCodes: []int{500}}, report.Warn, "answers 500, which failover_criteria lists"},
		{"primary's 500 warns, not listed", OriginGroup{Members: []string{"500", "ok"}, FailoverStatusCodes: []int{502}}, report.Warn, "serves, with warnings"},
		{"primary's 404 passes, listed", OriginGroup{Members: []string{"404", "ok"}, FailoverStatusCodes: []int{404}}, report.Warn, "answers 404, which failover_criteria lists, so CloudFront serves from the secondary ok"},
		{"primary's 404 passes, not listed", OriginGroup{Members: []string{"404", "ok"}, FailoverStatusCodes: []int{503}}, report.Pass, "the primary 404 serves"},
		{"malformed answer, 502 not listed", OriginGroup{Members: []string{"malformed", "ok"}, FailoverStatusCodes: []int{503}}, report.Fail,
			"answers so that CloudFront returns 502 itself (http.malformed_response), which failover_criteria.status_codes [503] does not list"},
		{"malformed answer, 502 listed", OriginGroup{Members: []string{"malformed", "ok"}, FailoverStatusCodes: []int{502}}, report.Warn, "serves from the secondary ok"},
		{"no response fails over", OriginGroup{Members: []string{"silent", "ok"}}, report.Warn, "fails (http.no_response), so CloudFront serves from the secondary ok; every request first loses its connection"},
		{"read timeout fails over", OriginGroup{Members: []string{"slow", "ok"}}, report.Warn, "waits origin_read_timeout (4s)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := judgeGroup(tc.group, results, specs, groups)
			if got.Status != tc.status || !strings.Contains(got.Summary, tc.excerpt) {
				t.Errorf("= %s %q, want %s containing %q", got.Status, got.Summary, tc.status, tc.excerpt)
			}
		})
	}
}

// TestStartedDistributionIsTaken: a distribution StartDistribution began is
// not probed again by the CheckDistribution that follows (same origins,
// same arguments): the network work is one check's, and the result is the
// started one. Another distribution is checked on its own.
func TestStartedDistributionIsTaken(t *testing.T) {
	fixture.RequireRoot(t)
	fleet, err := lab.StartFleet(3, false, lab.Options{})
	if err != nil {
		t.Fatalf("fixture lab: %v", err)
	}
	t.Cleanup(fleet.Close)
	dist := func(names ...string) Distribution {
		var d Distribution
		for _, n := range names {
			d.Origins = append(d.Origins, DistributionOrigin{ID: n, Spec: originspec.Spec{DomainName: n}.Normalize()})
		}
		return d
	}
	var names []string
	for _, s := range fleet.Scenarios {
		names = append(names, s.DomainName)
	}
	traffic := func(r DistributionResult) (connects int64) {
		for _, o := range r.Origins {
			connects += o.Traffic.Connects
		}
		return connects
	}

	once := labEngine(t, fleet.CAPEM, fleet.RootServers, Options{}).CheckDistribution(t.Context(), dist(names...))
	e := labEngine(t, fleet.CAPEM, fleet.RootServers, Options{})
	e.StartDistribution(t.Context(), dist(names...))
	var progress int
	taken := e.CheckDistribution(t.Context(), Distribution{Origins: dist(names...).Origins, Checked: func(int) { progress++ }})
	if !taken.Healthy || taken.Summary != once.Summary {
		t.Errorf("taken result %q, want %q", taken.Summary, once.Summary)
	}
	if progress != 0 {
		t.Errorf("the started check was run again (%d origins checked)", progress)
	}
	if got, want := traffic(taken), traffic(once); got != want {
		t.Errorf("%d connects after starting and checking, want one check's %d", got, want)
	}
	if len(e.started) != 0 {
		t.Errorf("%d started checks left after the check took it", len(e.started))
	}
	other := e.CheckDistribution(t.Context(), Distribution{Origins: dist(names[:1]...).Origins, Checked: func(int) { progress++ }})
	if progress != 1 || len(other.Origins) != 1 {
		t.Errorf("a distribution nobody started: %d origins checked, want 1", progress)
	}
}

// TestCloseCancelsStartedChecks: a started check nobody takes ends when
// the Engine is closed, and a closed Engine starts none.
func TestCloseCancelsStartedChecks(t *testing.T) {
	e := New(Options{})
	// A name under a TLD nobody serves here: the check would wait for
	// DNS until its deadline (the default root servers are unreachable in
	// tests that touch only this machine, and this one sends nothing: the
	// domain is invalid and fails its config check first).
	d := Distribution{Origins: []DistributionOrigin{{ID: "x", Spec: originspec.Spec{DomainName: "-x-.invalid"}.Normalize()}}}
	e.StartDistribution(t.Context(), d)
	if e.Started() != 1 {
		t.Fatalf("%d started checks, want 1", e.Started())
	}
	e.Close()
	if e.Started() != 0 {
		t.Errorf("%d started checks after Close, want 0", e.Started())
	}
	e.StartDistribution(t.Context(), d)
	if e.Started() != 0 {
		t.Errorf("a closed Engine started a check")
	}
}

// TestJudgeDistributionBehaviors: with cache behaviours, an origin a
// behaviour targets directly gets no failover, and origins and groups no
// behaviour reaches are listed and do not fail the distribution (unless
// CloudFront rejects their configuration). Without behaviours, every
// origin and group counts.
func TestJudgeDistributionBehaviors(t *testing.T) {
	result := func(status report.Status, id report.ID) Result {
		def, _ := report.Lookup(id)
		return Result{Report: report.Report{Healthy: status != report.Fail, Checks: []report.Check{{ID: id, Category: def.Category, Status: status}},
			Summary: "origin\n" + strings.ToUpper(string(status)) + " " + string(id)}}
	}
	origins := map[string]Result{
		"ok":      result(report.Pass, report.TLSExpired),
		"ok2":     result(report.Pass, report.TLSExpired),
		"expired": result(report.Fail, report.TLSExpired),
		"closed":  result(report.Fail, report.TCPHTTPSPortClosed),
		"iphost":  result(report.Fail, report.ConfigIPLiteral),
	}
	group := func(id string, members ...string) OriginGroup { return OriginGroup{ID: id, Members: members} }
	def := func(target string) CacheBehavior { return CacheBehavior{TargetOriginID: target} }
	path := func(pattern, target string) CacheBehavior {
		return CacheBehavior{PathPattern: pattern, TargetOriginID: target}
	}
	for _, tc := range []struct {
		name      string
		origins   []string
		groups    []OriginGroup
		behaviors []CacheBehavior
		healthy   bool
		unreached []string
		excused   map[string]string // origin → excerpt of why its failures are not the distribution's
		summary   []string
	}{
		{name: "no behaviours: a covered primary", origins: []string{"expired", "ok"}, groups: []OriginGroup{group("g", "expired", "ok")},
			healthy: true, excused: map[string]string{"expired": "origin group g fails over"}, summary: []string{"1 failing but covered by failover; 1 origin groups)"}},
		{name: "no behaviours: a failing origin outside groups", origins: []string{"expired", "ok"}, healthy: false},
		{name: "through the group", origins: []string{"expired", "ok"}, groups: []OriginGroup{group("g", "expired", "ok")}, behaviors: []CacheBehavior{def("g")},
			healthy: true, unreached: []string{}, excused: map[string]string{"expired": "origin group g"},
			summary: []string{"1 failing but covered by failover, 0 failing but reached by no cache behaviour; 1 origin groups; 1 cache behaviours, 0 origins and origin groups reached by none)"}},
		{name: "a member targeted directly gets no failover", origins: []string{"expired", "ok"}, groups: []OriginGroup{group("g", "expired", "ok")},
			behaviors: []CacheBehavior{def("g"), path("/legacy/*", "expired")}, healthy: false, unreached: []string{},
			summary: []string{`FAIL origin expired: ordered_cache_behavior "/legacy/*" targets it directly, so CloudFront does not fail over for those requests although it is a member of origin group g`}},
		{name: "a healthy member targeted directly", origins: []string{"ok", "expired"}, groups: []OriginGroup{group("g", "ok", "expired")},
			behaviors: []CacheBehavior{def("g"), path("/api/*", "ok")}, healthy: true, unreached: []string{},
			excused: map[string]string{"expired": "origin group g"}},
		{name: "an unreached failing origin", origins: []string{"ok", "closed"}, behaviors: []CacheBehavior{def("ok")}, healthy: true, unreached: []string{"closed"},
			excused: map[string]string{"closed": "no cache behaviour targets it"},
			summary: []string{`NOTE origin closed: no cache behaviour targets it, directly or through an origin group, so CloudFront sends it no requests`, "1 failing but reached by no cache behaviour"}},
		{name: "an unreached failing group", origins: []string{"ok", "expired", "closed"}, groups: []OriginGroup{group("dead", "expired", "closed")},
			behaviors: []CacheBehavior{def("ok")}, healthy: true, unreached: []string{"expired", "closed", "dead"},
			excused: map[string]string{"expired": "no cache behaviour targets it", "closed": "no cache behaviour targets it"},
			summary: []string{"FAIL origin_group dead: neither member serves", "so CloudFront sends it no requests and this does not fail the distribution", `NOTE origin_group dead: no cache behaviour targets it, so`}},
		{name: "an unreached origin CloudFront rejects", origins: []string{"ok", "iphost"}, behaviors: []CacheBehavior{def("ok")}, healthy: false, unreached: []string{"iphost"}},
		{name: "an unreached group CloudFront rejects", origins: []string{"ok", "iphost", "ok2"}, groups: []OriginGroup{group("g", "ok2")},
			behaviors: []CacheBehavior{def("ok")}, healthy: false, unreached: []string{"iphost", "ok2", "g"}},
		{name: "an unknown target", origins: []string{"ok"}, behaviors: []CacheBehavior{def("ok"), path("/x/*", "nowhere")}, healthy: false, unreached: []string{},
			summary: []string{`FAIL ordered_cache_behavior "/x/*": target_origin_id "nowhere" is the origin_id of no origin and no origin group; CloudFront rejects the distribution`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Distribution{Groups: tc.groups, Behaviors: tc.behaviors}
			var results []Result
			for _, id := range tc.origins {
				d.Origins = append(d.Origins, DistributionOrigin{ID: id})
				results = append(results, origins[id])
			}
			got := judgeDistribution(d, results)
			if got.Healthy != tc.healthy {
				t.Errorf("healthy = %v, want %v\n%s", got.Healthy, tc.healthy, got.Summary)
			}
			if fmt.Sprint(got.Unreached) != fmt.Sprint(tc.unreached) || (got.Unreached == nil) != (tc.unreached == nil) {
				t.Errorf("unreached = %#v, want %#v", got.Unreached, tc.unreached)
			}
			for _, id := range tc.origins {
				if want, got := tc.excused[id], got.Excused(id); (want == "") != (got == "") || !strings.Contains(got, want) {
					t.Errorf("Excused(%s) = %q, want %q", id, got, want)
				}
			}
			for _, excerpt := range tc.summary {
				if !strings.Contains(got.Summary, excerpt) {
					t.Errorf("summary lacks %q:\n%s", excerpt, got.Summary)
				}
			}
		})
	}
}
