package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// githubCommand is a workflow command's level for a finding: GitHub shows
// ::error and ::warning as annotations on the run and the job's log;
// ::notice for what this machine could not verify.
var githubCommand = map[string]string{string(report.Fail): "error", string(report.Warn): "warning", levelNote: "notice"}

// writeGitHub prints, per origin, its verdict line and one workflow
// command per failed, warned or unverified check, then the origin groups'
// and the distribution's verdicts. The format is GitHub's
// (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
func writeGitHub(w io.Writer, out *outcome) error {
	var b strings.Builder
	for _, o := range out.origins {
		label := o.label(out.plan.fromConfig)
		head, _, _ := strings.Cut(o.report.Summary, "\n")
		fmt.Fprintf(&b, "%s %s: %s\n", verdictWord(o.grade), label, head)
		for _, c := range o.report.Checks {
			cmd, ok := githubCommand[findingLevel(c)]
			if !ok {
				continue
			}
			msg := c.Message
			if c.Remediation != "" {
				msg += "\nFix: " + c.Remediation
			}
			fmt.Fprintf(&b, "::%s title=%s::%s\n", cmd, githubProperty(string(c.ID)+" on "+label), githubData(msg))
		}
	}
	for _, g := range out.plan.groups {
		gr := out.res.Groups[g.id]
		if cmd, ok := githubCommand[string(gr.Status)]; ok {
			fmt.Fprintf(&b, "::%s title=%s::%s\n", cmd, githubProperty("origin group "+g.id), githubData(gr.Summary))
		} else {
			fmt.Fprintf(&b, "OK origin group %s: %s\n", g.id, gr.Summary)
		}
	}
	if len(out.origins) > 1 || out.plan.fromConfig {
		head, _, _ := strings.Cut(out.summary, "\n")
		fmt.Fprintf(&b, "%s\n", head)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func verdictWord(s report.Status) string {
	switch s {
	case report.Fail:
		return "FAIL"
	case report.Warn:
		return "WARN"
	}
	return "OK"
}

// githubData escapes a workflow command's message.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a workflow command's property value.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
