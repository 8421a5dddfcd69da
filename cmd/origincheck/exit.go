package main

import (
	"fmt"
	"slices"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/report"
	"github.com/originhealth/terraform-provider-origin/internal/resultview"
)

// Exit statuses.
const (
	exitHealthy  = 0
	exitWarnings = 1
	exitFailed   = 2
	exitUsage    = 3
)

// usageError is a problem with the command line or its input files: exit 3.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// verdict grades one result: its worst check.
func verdict(v resultview.Health) report.Status {
	switch {
	case !v.Healthy:
		return report.Fail
	case slices.ContainsFunc(v.Checks, func(c resultview.Check) bool { return c.Status == string(report.Warn) }):
		return report.Warn
	}
	return report.Pass
}

// exitCode is the worst verdict: a failure when the distribution (or a
// DOMAIN) would answer 502, else warnings when any origin or group warns.
func exitCode(p *plan, res engine.DistributionResult) int {
	worst := report.Pass
	raise := func(s report.Status) {
		if s == report.Fail || (s == report.Warn && worst == report.Pass) {
			worst = s
		}
	}
	if !res.Healthy {
		raise(report.Fail)
	}
	for i, t := range p.targets {
		if v := verdict(resultview.FromResult(t.spec, res.Origins[p.key(i)])); v != report.Pass {
			raise(report.Warn) // a failure that counts made res unhealthy above
		}
	}
	for _, g := range res.Groups {
		raise(g.Status)
	}
	switch worst {
	case report.Fail:
		return exitFailed
	case report.Warn:
		return exitWarnings
	}
	return exitHealthy
}
