package report

import (
	"fmt"
	"io"
	"strings"
)

// WriteCatalogMarkdown writes the check catalog as documentation: one
// section per check, in the style of Zonemaster's test-case specifications,
// then the map from CloudFront's 502 causes to check ids. It is the only
// place the docs learn about checks, so they cannot drift from the code.
func WriteCatalogMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString(`---
page_title: "Check catalog"
subcategory: ""
description: |-
  Every check origin_health runs: what it verifies, what CloudFront does when it fails, and the fix.
---

# Check catalog

Every ` + "`origin_health`" + ` result (and every origin of ` + "`origin_distribution`" + `) lists each check below once, in this order, with a status:
` + "`pass`, `warn` (CloudFront may fail intermittently or soon, or this machine could not verify it), `fail` (CloudFront would answer 502 or 504, or reject the configuration) or `skip`" + `
(not applicable, skipped by ` + "`skip_checks`" + `, or not run because an earlier stage failed: no TCP checks without an address, no TLS checks without an open HTTPS port, no HTTP checks without ` + "`http_request`" + `).

Stages run in order: ` + "`config` → `dns` → `tcp` → `tls` → `http`" + `; then, for ` + "`origin_distribution`" + ` with ` + "`through_cloudfront`" + ` only, ` + "`cloudfront`" + `: requests sent through the deployed distribution (every other origin reports those checks as ` + "`skip`" + `).

`)
	for _, cat := range Categories {
		var defs []Definition
		for _, d := range All() {
			if d.Category == cat {
				defs = append(defs, d)
			}
		}
		if len(defs) == 0 {
			continue
		}
		fmt.Fprintf(&b, "## %s checks\n\n", cat)
		for _, d := range defs {
			fmt.Fprintf(&b, "### `%s`\n\n", d.ID)
			fmt.Fprintf(&b, "- **Verifies:** %s.\n", d.Title)
			fmt.Fprintf(&b, "- **CloudFront cause:** %s.\n", d.Cause)
			fmt.Fprintf(&b, "- **When it fails:** %s\n", d.Consequence)
			fmt.Fprintf(&b, "- **Fix:** %s\n", d.Remediation)
			if d.Attribute != "" {
				fmt.Fprintf(&b, "- **Argument:** `%s`\n", d.Attribute)
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("## From CloudFront's 502 causes to check ids\n\n| cause | checks |\n|---|---|\n")
	for _, cause := range causes() {
		var ids []string
		for _, d := range All() {
			if d.Cause == cause {
				ids = append(ids, "`"+string(d.ID)+"`")
			}
		}
		fmt.Fprintf(&b, "| %s | %s |\n", cause, strings.Join(ids, ", "))
	}
	b.WriteString("| Lambda@Edge validation errors, ALB or API Gateway 502s | out of reach at plan time: see CloudFront's \"Lambda@Edge function validation errors\" page and the load balancer's or API's own access logs and metrics |\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// causes lists the causes in the order checks first name them.
func causes() []Cause {
	var out []Cause
	seen := map[Cause]bool{}
	for _, d := range All() {
		if !seen[d.Cause] {
			seen[d.Cause] = true
			out = append(out, d.Cause)
		}
	}
	return out
}
