package engine

import (
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// Deferred says why this engine checks nothing (Options.Deferred), or ""
// when it checks.
func (e *Engine) Deferred() string { return e.opts.Deferred }

// deferredResult is an origin not checked because a setting the checks
// need is not known yet: every check skipped with the reason, nothing
// sent, and healthy false, since nothing vouches for the origin.
func deferredResult(spec originspec.Spec, skip map[report.ID]bool, why string) Result {
	b := report.NewBuilder()
	skipStages(b, "not checked: "+why, report.Categories...)
	r := b.Build(spec.DomainName, skip)
	r.Healthy = false
	r.Summary = "origin " + r.Origin + " is NOT CHECKED: " + why + ". Nothing was sent to it; the checks run in the next plan, once the value is known."
	return Result{Report: r, Deferred: why}
}

// deferredDistribution is a distribution not checked (deferredResult for
// each origin); its origin groups are not judged either.
func deferredDistribution(d Distribution, why string) DistributionResult {
	res := DistributionResult{Origins: map[string]Result{}, Groups: map[string]GroupResult{}, Serving: map[string]bool{},
		Summary: "distribution NOT CHECKED: " + why + ". Nothing was sent to its origins; the checks run in the next plan, once the value is known."}
	for _, o := range d.Origins {
		res.Origins[o.ID] = deferredResult(o.Spec, o.Skip, why)
	}
	for _, g := range d.Groups {
		res.Groups[g.ID] = GroupResult{Status: report.Skip, Summary: "not checked: " + why}
	}
	return res
}
