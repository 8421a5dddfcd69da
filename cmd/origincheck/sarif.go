package main

import (
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// catalogURL is the generated check catalog; a rule's helpUri is its
// section there.
const catalogURL = "https://github.com/originhealth/terraform-provider-origin/blob/main/docs/guides/check-catalog.md"

// catalogAnchor is the GitHub anchor of a check's heading "### `id`":
// lower case, punctuation but '-' and '_' dropped.
func catalogAnchor(id report.ID) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, string(id))
}

// The SARIF 2.1.0 objects origincheck writes (testdata/sarif-schema-2.1.0.json
// is the OASIS schema they are validated against).
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool        sarifTool         `json:"tool"`
		Invocations []sarifInvocation `json:"invocations"`
		Artifacts   []sarifArtifact   `json:"artifacts,omitempty"`
		Results     []sarifResult     `json:"results"`
		Properties  map[string]any    `json:"properties,omitempty"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string          `json:"id"`
		Name                 string          `json:"name"`
		ShortDescription     sarifText       `json:"shortDescription"`
		FullDescription      sarifText       `json:"fullDescription"`
		Help                 sarifText       `json:"help"`
		HelpURI              string          `json:"helpUri"`
		DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
		Properties           map[string]any  `json:"properties"`
	}
	sarifRuleConfig struct {
		Level string `json:"level"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifInvocation struct {
		ExecutionSuccessful bool `json:"executionSuccessful"`
	}
	sarifArtifact struct {
		Location sarifArtifactLocation `json:"location"`
	}
	sarifArtifactLocation struct {
		URI string `json:"uri"`
	}
	sarifResult struct {
		RuleID     string          `json:"ruleId"`
		RuleIndex  int             `json:"ruleIndex"`
		Level      string          `json:"level"`
		Message    sarifText       `json:"message"`
		Locations  []sarifLocation `json:"locations"`
		Properties map[string]any  `json:"properties"`
	}
	sarifLocation struct {
		PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
		LogicalLocations []sarifLogicalLoc      `json:"logicalLocations"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	}
	sarifLogicalLoc struct {
		Name               string `json:"name"`
		FullyQualifiedName string `json:"fullyQualifiedName"`
		Kind               string `json:"kind"`
	}
)

// sarifLevel maps a finding to SARIF's levels; pass and skip are no result.
var sarifLevel = map[string]string{string(report.Fail): "error", string(report.Warn): "warning", levelNote: "note"}

// writeSARIF writes one SARIF run: a rule per catalog check, a result per
// failed, warned or unverified check of each origin, located at the origin
// (logically: its domain, and its Id with --config; physically: the
// --config file, for code scanning services that need a file).
func writeSARIF(w io.Writer, out *outcome) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "origincheck", Version: versionString(),
			InformationURI: "https://github.com/originhealth/terraform-provider-origin",
		}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: true}},
		Results:     []sarifResult{},
		Properties:  map[string]any{"healthy": out.healthy, "summary": out.summary},
	}
	index := map[report.ID]int{}
	for i, d := range report.All() {
		index[d.ID] = i
		tags := []string{"cloudfront", string(d.Category)}
		if d.Category == report.CategoryCloudFront {
			tags = tags[:1] // SARIF tags are unique
		}
		props := map[string]any{"category": string(d.Category), "cause": string(d.Cause), "tags": tags}
		if d.Answers != 0 {
			props["cloudfront_answers"] = d.Answers
		}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID: string(d.ID), Name: ruleName(d.ID),
			ShortDescription: sarifText{d.Title}, FullDescription: sarifText{d.Consequence},
			Help: sarifText{d.Remediation}, HelpURI: catalogURL + "#" + catalogAnchor(d.ID),
			DefaultConfiguration: sarifRuleConfig{Level: "error"}, Properties: props,
		})
	}
	var physical *sarifPhysicalLocation
	if out.plan.fromConfig {
		uri := sarifURI(out.plan.configFile)
		run.Artifacts = []sarifArtifact{{Location: sarifArtifactLocation{URI: uri}}}
		physical = &sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: uri}}
	}
	for _, o := range out.origins {
		loc := sarifLogicalLoc{Name: o.spec.DomainName, FullyQualifiedName: "origin/" + o.id, Kind: "resource"}
		for _, c := range o.report.Checks {
			level, ok := sarifLevel[findingLevel(c)]
			if !ok {
				continue
			}
			text := c.Message
			if c.Remediation != "" {
				text += " Fix: " + c.Remediation
			}
			props := map[string]any{"domain_name": o.spec.DomainName, "status": string(c.Status)}
			if out.plan.fromConfig {
				props["origin_id"] = o.id
			}
			run.Results = append(run.Results, sarifResult{
				RuleID: string(c.ID), RuleIndex: index[c.ID], Level: level,
				Message:    sarifText{o.label(out.plan.fromConfig) + ": " + text},
				Locations:  []sarifLocation{{PhysicalLocation: physical, LogicalLocations: []sarifLogicalLoc{loc}}},
				Properties: props,
			})
		}
	}
	return writeJSON(w, sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	})
}

// ruleName is a check id in the PascalCase SARIF viewers show as a rule's
// name: tls.chain_order is TlsChainOrder.
func ruleName(id report.ID) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(string(id), func(r rune) bool { return r == '.' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// sarifURI is the --config path as a URI: relative as given (code
// scanning resolves it against the checkout), or file:// when absolute.
func sarifURI(path string) string {
	if filepath.IsAbs(path) {
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
	}
	return (&url.URL{Path: filepath.ToSlash(filepath.Clean(path))}).String()
}
