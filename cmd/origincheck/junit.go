package main

import (
	"encoding/xml"
	"io"
	"strings"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// The JUnit XML that GitLab's and Jenkins' test reports read (Jenkins'
// junit-10.xsd, the de facto schema): a testsuite per origin, a testcase
// per check. A failed check is a <failure>; a warning, a check not run and
// one this machine could not verify are <skipped> with a message saying
// which (GitLab and Jenkins show skipped tests without failing the job:
// the exit status does that).
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name       string          `xml:"name,attr"`
		Tests      int             `xml:"tests,attr"`
		Failures   int             `xml:"failures,attr"`
		Errors     int             `xml:"errors,attr"`
		Skipped    int             `xml:"skipped,attr"`
		Properties []junitProperty `xml:"properties>property,omitempty"`
		Cases      []junitCase     `xml:"testcase"`
	}
	junitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		Failure   *junitMessage `xml:"failure,omitempty"`
		Skipped   *junitMessage `xml:"skipped,omitempty"`
		SystemOut string        `xml:"system-out,omitempty"`
	}
	junitMessage struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr,omitempty"`
		Text    string `xml:",chardata"`
	}
)

func writeJUnit(w io.Writer, out *outcome) error {
	all := junitSuites{Name: "origincheck"}
	add := func(s junitSuite) {
		all.Suites = append(all.Suites, s)
		all.Tests += s.Tests
		all.Failures += s.Failures
		all.Skipped += s.Skipped
	}
	for _, o := range out.origins {
		label := o.label(out.plan.fromConfig)
		s := junitSuite{Name: "origin " + label, Properties: []junitProperty{
			{"domain_name", o.spec.DomainName}, {"healthy", boolString(o.report.Healthy)}, {"summary", o.report.Summary},
		}}
		if out.plan.fromConfig {
			s.Properties = append(s.Properties, junitProperty{"origin_id", o.id})
		}
		for _, c := range o.report.Checks {
			tc := junitCase{Name: string(c.ID), Classname: junitClass(o.id) + "." + string(c.Category), SystemOut: c.Message}
			fix := ""
			if c.Remediation != "" {
				fix = "\nfix: " + c.Remediation
			}
			switch findingLevel(c) {
			case string(report.Fail):
				tc.Failure = &junitMessage{Message: label + ": " + c.Message, Type: string(c.ID), Text: c.Message + fix}
				s.Failures++
			case string(report.Warn):
				tc.Skipped = &junitMessage{Message: "WARN: " + c.Message, Text: c.Message + fix}
				s.Skipped++
			case levelNote:
				tc.Skipped = &junitMessage{Message: "not verified from this machine: " + c.Message}
				s.Skipped++
			case string(report.Skip):
				tc.Skipped = &junitMessage{Message: c.Message}
				s.Skipped++
			}
			s.Cases = append(s.Cases, tc)
		}
		s.Tests = len(s.Cases)
		add(s)
	}
	if len(out.plan.groups) > 0 {
		s := junitSuite{Name: "origin groups"}
		for _, g := range out.plan.groups {
			gr := out.res.Groups[g.id]
			tc := junitCase{Name: g.id, Classname: "origincheck.origin_group", SystemOut: gr.Summary}
			switch gr.Status {
			case report.Fail:
				tc.Failure = &junitMessage{Message: "origin group " + g.id + ": " + gr.Summary, Type: "origin_group", Text: gr.Summary}
				s.Failures++
			case report.Warn:
				tc.Skipped = &junitMessage{Message: "WARN: " + gr.Summary}
				s.Skipped++
			}
			s.Cases = append(s.Cases, tc)
		}
		s.Tests = len(s.Cases)
		add(s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitClass makes an origin a Java-like package name, as Jenkins splits
// classname at its dots: healthy.example.test is healthy_example_test.
func junitClass(id string) string {
	return strings.NewReplacer(".", "_", " ", "_").Replace(id)
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
