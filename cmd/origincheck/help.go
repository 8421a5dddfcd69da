package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

const usageHead = `Usage: origincheck [flags] DOMAIN...
       origincheck [flags] --config FILE
       origincheck --list-checks [--json]

Checks origins the way a CloudFront edge reaches them (DNS from the root
servers, TCP to every address, TLS with CloudFront's SNI, protocols and
ciphers) and tells whether CloudFront would answer 502 or 504, with the fix:
the checks of the Terraform data source "origin_health", without Terraform.

Exit status, as monitoring plugins have it:
  0    OK: every origin serves (checks this machine could not verify alone are OK)
  1    WARNING: warnings only (0 with --fail-on fail)
  2    CRITICAL: CloudFront would fail (a check failed, or an origin group has no member serving)
  3    UNKNOWN: usage error, or the checks could not run or their output not be written
  130  interrupted (SIGINT; 143 for SIGTERM)

List values are comma-separated (--origin-ssl-protocols TLSv1.1,TLSv1.2).
`

// printUsage writes --help: every flag of newFlagSet, in the section it
// was registered in.
func printUsage(w io.Writer) error {
	var b strings.Builder
	b.WriteString(usageHead)
	fs := newFlagSet(&options{})
	for _, sec := range fs.sections {
		fmt.Fprintf(&b, "\n%s:\n", sec.title)
		for _, name := range sec.flags {
			f := fs.Lookup(name)
			arg, usage := flag.UnquoteUsage(f)
			dashes := "--"
			if len(name) == 1 {
				dashes = "-"
			}
			line := "  " + dashes + name
			if arg != "" {
				line += " " + arg
			}
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
				usage += " (default " + f.DefValue + ")"
			}
			fmt.Fprintf(&b, "%s\n      %s\n", line, usage)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// listChecks prints the catalog: id, category and title, or with asJSON
// every field of each definition.
func listChecks(w io.Writer, asJSON bool) error {
	defs := report.All()
	if asJSON {
		type def struct {
			ID          string `json:"id"`
			Category    string `json:"category"`
			Title       string `json:"title"`
			Cause       string `json:"cause"`
			Consequence string `json:"consequence"`
			Remediation string `json:"remediation"`
			Attribute   string `json:"attribute,omitempty"`
			// The status CloudFront returns when the check fails; none for
			// a configuration CloudFront rejects.
			CloudFrontAnswers int `json:"cloudfront_answers,omitempty"`
		}
		list := make([]def, 0, len(defs))
		for _, d := range defs {
			list = append(list, def{string(d.ID), string(d.Category), d.Title, string(d.Cause), d.Consequence, d.Remediation, d.Attribute, d.Answers})
		}
		return writeJSON(w, list)
	}
	width := 0
	for _, d := range defs {
		width = max(width, len(d.ID))
	}
	for _, d := range defs {
		if _, err := fmt.Fprintf(w, "%-*s  %-6s  %s\n", width, d.ID, d.Category, d.Title); err != nil {
			return err
		}
	}
	return nil
}

func versionString() string {
	if version != "dev" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version // go install ...@version
	}
	return version
}
