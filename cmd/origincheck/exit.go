package main

import (
	"fmt"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// Exit statuses, as monitoring plugins (Nagios, Icinga, Sensu) have them.
const (
	exitOK       = 0 // every origin serves; checks this machine could not verify alone are OK
	exitWarning  = 1 // warnings only (with --fail-on warn, the default)
	exitCritical = 2 // CloudFront would fail: a check failed, or an origin group has no member serving
	exitUnknown  = 3 // usage error, or the checks could not run or their output not be written
	// exitInterrupted is 128+SIGINT, as a shell reports it; SIGTERM gives
	// 128+15.
	exitInterrupted = 130
)

// Values of --fail-on.
const (
	failOnWarn = "warn"
	failOnFail = "fail"
)

var failOnValues = []string{failOnWarn, failOnFail}

// usageError is a problem with the command line or its input files: exit 3.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// exitStatus is the exit status of a run whose worst grade is worst:
// critical for a failure, warning for a warning unless --fail-on fail,
// else OK.
func exitStatus(worst report.Status, failOn string) int {
	switch {
	case worst == report.Fail:
		return exitCritical
	case worst == report.Warn && failOn != failOnFail:
		return exitWarning
	}
	return exitOK
}

// grade is one origin's verdict: fail when unhealthy, warn when a check
// warns about the origin itself, else pass. A warning only because this
// machine could not verify something is no finding: pass.
func grade(r report.Report) report.Status {
	if !r.Healthy {
		return report.Fail
	}
	for _, c := range r.Checks {
		if c.Status == report.Warn && !c.OnlyUnverified() {
			return report.Warn
		}
	}
	return report.Pass
}

// worse returns the worse of two grades (pass < skip < warn < fail).
func worse(a, b report.Status) report.Status {
	rank := map[report.Status]int{report.Pass: 0, report.Skip: 1, report.Warn: 2, report.Fail: 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// findingLevel is how one check shows in every format: fail, warn,
// "note" for a warning this machine could not verify, skip or pass.
func findingLevel(c report.Check) string {
	if c.OnlyUnverified() {
		return levelNote
	}
	return string(c.Status)
}

const levelNote = "note"
