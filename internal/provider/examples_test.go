package provider

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/pki"
)

// The examples in examples/ are what the documentation shows; these tests run
// each of them through the real CLI against the fixture lab, so a broken
// example fails CI. The provider and data-source snippets point at real
// hosts and AWS and are rendered only; modules run through the pattern roots
// that call them.

const examplesDir = "../../examples"

// wantDiag expects exactly one diagnostic of a severity whose summary and
// detail match pattern.
type wantDiag struct {
	severity string
	pattern  string
}

// exampleCase runs one example root. Without outputs it runs `plan -json`
// and checks exit code and diagnostics (nothing else may be reported);
// with outputs it applies (local state, no real resources) and checks the
// root module's outputs.
type exampleCase struct {
	name, dir string
	vars      map[string]string
	wantExit  int
	wantDiags []wantDiag
	files     func(t *testing.T) map[string]string
	outputs   func(t *testing.T, got map[string]any)
}

// exampleCases lists every runnable example; domain gives a lab scenario's
// origin name.
func exampleCases(domain func(scenario string) string) []exampleCase {
	distributionUnhealthy := func(originID, id string) string {
		return `(?s)distribution is UNHEALTHY: CloudFront would (return 502|reject an origin's configuration).*\[` + regexp.QuoteMeta(originID) + `\] FAIL ` + regexp.QuoteMeta(id) + `: .* Fix: `
	}
	unhealthy := func(scenario, id string) string {
		return `(?s)origin ` + regexp.QuoteMeta(domain(scenario)) + ` is UNHEALTHY: CloudFront would return 502.*FAIL ` + regexp.QuoteMeta(id) + `: .* Fix: `
	}
	return []exampleCase{
		{
			name: "plan gating passes a healthy origin", dir: "patterns/plan-gating",
			vars: map[string]string{"origin_domain_name": domain("healthy")},
		},
		{
			name: "plan gating fails the plan for an expired certificate", dir: "patterns/plan-gating",
			vars:     map[string]string{"origin_domain_name": domain("expired")},
			wantExit: 1,
			wantDiags: []wantDiag{{"error", `(?s)Origin ` + regexp.QuoteMeta(domain("expired")) +
				`: check tls\.expired failed.*Fix: Renew the origin certificate`}},
		},
		{
			name: "check block is silent for a healthy origin", dir: "patterns/check-block",
			vars: map[string]string{"origin_domain_name": domain("healthy")},
		},
		{
			name: "check block warns with the summary and the plan succeeds", dir: "patterns/check-block",
			vars:      map[string]string{"origin_domain_name": domain("expired")},
			wantDiags: []wantDiag{{"warning", `^Check block assertion failed\n` + unhealthy("expired", "tls.expired")}},
		},
		{
			name: "check block warns for a DNS failure", dir: "patterns/check-block",
			vars:      map[string]string{"origin_domain_name": domain("nxdomain")},
			wantDiags: []wantDiag{{"warning", `^Check block assertion failed\n` + unhealthy("nxdomain", "dns.nxdomain")}},
		},
		{
			name: "through_cloudfront is silent for an origin CloudFront serves", dir: "patterns/through-cloudfront",
			vars: map[string]string{"origin_domain_name": domain("healthy"), "distribution_domain_name": lab.EdgeDomain, "request_path": "/index.html"},
		},
		{
			name: "through_cloudfront warns with CloudFront's 502 and the direct cause", dir: "patterns/through-cloudfront",
			vars: map[string]string{"origin_domain_name": domain("expired"), "distribution_domain_name": lab.EdgeDomain, "request_path": "/broken/health"},
			wantDiags: []wantDiag{{"warning", `^Check block assertion failed\n` + distributionUnhealthy("web", "tls.expired") +
				`.*\[web\] FAIL cloudfront.edge_error: .*CloudFront answers 502 Bad Gateway itself.*from here: tls.expired failed`}},
		},
		{
			name: "module precondition plans a healthy origin", dir: "patterns/module-precondition",
			vars: map[string]string{"origin_domain_name": domain("healthy")},
		},
		{
			name: "module precondition fails the plan with the summary", dir: "patterns/module-precondition",
			vars:      map[string]string{"origin_domain_name": domain("wrong_name")},
			wantExit:  1,
			wantDiags: []wantDiag{{"error", `^Resource precondition failed\n` + distributionUnhealthy("web", "tls.name_mismatch")}},
		},
		{
			name: "module precondition fails on a static problem", dir: "patterns/module-precondition",
			vars:      map[string]string{"origin_domain_name": "192.0.2.10"},
			wantExit:  1,
			wantDiags: []wantDiag{{"error", `^Resource precondition failed\n(?s)distribution is UNHEALTHY.*\[web\] FAIL config\.ip_literal: domain_name "192\.0\.2\.10": is an IP address\..* Fix: `}},
		},
		{
			name: "distribution check is silent when all are healthy", dir: "patterns/distribution-check",
			vars: map[string]string{"web_origin_domain_name": domain("healthy"), "api_origin_domain_name": domain("wildcard"), "assets_origin_domain_name": domain("cname")},
		},
		{
			name: "distribution check warns once, naming each broken origin", dir: "patterns/distribution-check",
			vars:      map[string]string{"web_origin_domain_name": domain("self_signed"), "api_origin_domain_name": domain("healthy"), "assets_origin_domain_name": domain("port_closed")},
			wantDiags: []wantDiag{{"warning", `^Check block assertion failed\n` + distributionUnhealthy("web", "tls.self_signed") + `.*\[assets\] FAIL tcp\.https_port_closed`}},
		},
		{
			name: "distribution check: a failing primary covered by its group is not a failure", dir: "patterns/distribution-check",
			vars: map[string]string{"web_origin_domain_name": domain("healthy"), "api_origin_domain_name": domain("expired"), "assets_origin_domain_name": domain("cname")},
		},
		{
			name: "distribution check reports static problems by origin_id", dir: "patterns/distribution-check",
			vars:      map[string]string{"web_origin_domain_name": domain("healthy"), "api_origin_domain_name": domain("wildcard"), "assets_origin_domain_name": "203.0.113.7"},
			wantDiags: []wantDiag{{"warning", `^Check block assertion failed\n` + distributionUnhealthy("assets", "config.ip_literal")}},
		},
		{
			name: "demo plans every lab origin with the verdict it expects", dir: "demo",
			files: func(t *testing.T) map[string]string {
				return map[string]string{"lab.auto.tfvars.json": labTFVars(t)}
			},
			outputs: func(t *testing.T, got map[string]any) {
				verdicts, _ := got["verdicts"].(map[string]any)
				if len(verdicts) != len(testLab.Scenarios) {
					t.Fatalf("verdicts for %d origins, want %d: %v", len(verdicts), len(testLab.Scenarios), got)
				}
				for name, v := range verdicts {
					m, _ := v.(map[string]any)
					verdict, _ := m["verdict"].(string)
					expect, _ := m["expect"].(string)
					if !sameIDs(verdict, expect) {
						t.Errorf("origin %s: verdict %q, want %q", name, verdict, expect)
					}
				}
			},
		},
		{
			name: "config_problems function", dir: "functions/config_problems",
			outputs: func(t *testing.T, got map[string]any) {
				problems, _ := got["origin_problems"].([]any)
				var ids []string
				for _, p := range problems {
					s, _ := p.(string)
					id, _, _ := strings.Cut(s, ":")
					ids = append(ids, id)
				}
				if want := []string{"config.ip_literal", "config.port_out_of_range"}; !slices.Equal(ids, want) {
					t.Errorf("origin_problems = %v, want ids %v", problems, want)
				}
			},
		},
		{
			name: "certificate_covers function", dir: "functions/certificate_covers",
			files: func(t *testing.T) map[string]string {
				return map[string]string{"origin.pem": certificatePEM(t, "origin.example.com", 90*24*time.Hour)}
			},
			outputs: func(t *testing.T, got map[string]any) {
				want := map[string]any{"wildcard_covers_www": true, "wildcard_is_one_label": false, "pem_covers_origin": true}
				for k, v := range want {
					if got[k] != v {
						t.Errorf("%s = %v, want %v", k, got[k], v)
					}
				}
			},
		},
		{
			name: "days_until_expiry function", dir: "functions/days_until_expiry",
			files: func(t *testing.T) map[string]string {
				return map[string]string{"origin.pem": certificatePEM(t, "origin.example.com", 45*24*time.Hour+time.Hour)}
			},
			outputs: func(t *testing.T, got map[string]any) {
				if days, _ := got["origin_certificate_days_left"].(float64); days != 45 {
					t.Errorf("origin_certificate_days_left = %v, want 45", got["origin_certificate_days_left"])
				}
			},
		},
	}
}

func TestAccExamples(t *testing.T) {
	requireAcceptance(t)
	for _, tc := range exampleCases(func(s string) string { return testLab.Scenario(s).DomainName }) {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if strings.HasPrefix(tc.dir, "functions/") && !cliHasFunctions() {
				v, _ := cliVersion()
				t.Skipf("the CLI (%s) predates provider-defined functions (Terraform 1.8, OpenTofu 1.7)", v)
			}
			root := copyExamples(t)
			dir := filepath.Join(root, filepath.FromSlash(tc.dir))
			writeLabFiles(t, dir)
			if tc.files != nil {
				for name, content := range tc.files(t) {
					writeFile(t, filepath.Join(dir, name), content)
				}
			}
			c := newCLI(t, dir)
			c.init(t)
			var args []string
			for k, v := range tc.vars {
				args = append(args, "-var", k+"="+v)
			}
			if tc.outputs != nil {
				tc.outputs(t, c.outputs(t, args...))
				return
			}
			r := c.plan(t, args...)
			if r.ExitCode != tc.wantExit {
				t.Errorf("exit code %d, want %d", r.ExitCode, tc.wantExit)
			}
			checkDiagnostics(t, r, tc.wantDiags)
		})
	}
}

// checkDiagnostics wants each expected diagnostic exactly once and no other
// error or warning.
func checkDiagnostics(t *testing.T, r cliRun, want []wantDiag) {
	t.Helper()
	for _, severity := range []string{"error", "warning"} {
		got := r.bySeverity(severity)
		var patterns []*regexp.Regexp
		for _, w := range want {
			if w.severity == severity {
				patterns = append(patterns, regexp.MustCompile(w.pattern))
			}
		}
		for _, p := range patterns {
			n := 0
			for _, d := range got {
				if p.MatchString(d.Summary + "\n" + d.Detail) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d %s diagnostics match %q, want 1", n, severity, p)
			}
		}
		if len(got) != len(patterns) {
			t.Errorf("%d %s diagnostics, want %d", len(got), severity, len(patterns))
			for _, d := range got {
				t.Log(d)
			}
		}
	}
}

// TestExamplesCovered fails when an example root has no case in
// exampleCases: every example that can run against the lab must run.
func TestExamplesCovered(t *testing.T) {
	tested := map[string]bool{}
	for _, tc := range exampleCases(func(s string) string { return s + ".example.test" }) {
		tested[tc.dir] = true
	}
	// Rendered only: they need real hosts or AWS. Modules run through the
	// pattern roots that call them.
	renderedOnly := []string{"provider", "data-sources", "ephemeral-resources", "actions", "modules"}
	err := filepath.WalkDir(examplesDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".tf" {
			return err
		}
		rel, err := filepath.Rel(examplesDir, filepath.Dir(path))
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		top, _, _ := strings.Cut(rel, "/")
		if !slices.Contains(renderedOnly, top) && !tested[rel] {
			t.Errorf("examples/%s has no case in exampleCases", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// copyExamples copies examples/ into a fresh directory, so module sources
// like ../../modules/x resolve and runs do not write into the repository.
func copyExamples(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(examplesDir)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// writeLabFiles points an example root at the lab: an override of its
// provider block, or for snippets without one (the function examples) the
// required_providers they need.
func writeLabFiles(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var hasProvider, hasTerraform bool
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".tf" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		hasProvider = hasProvider || regexp.MustCompile(`(?m)^provider "origin"`).Match(b)
		hasTerraform = hasTerraform || regexp.MustCompile(`(?m)^terraform \{`).Match(b)
	}
	if hasProvider {
		writeFile(t, filepath.Join(dir, "lab_override.tf"), labProviderConfig(t))
	}
	if !hasTerraform {
		writeFile(t, filepath.Join(dir, "versions.tf"), `terraform {
  required_providers {
    origin = {
      source = "originhealth/origin"
    }
  }
}
`)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// labTFVars is the lab.auto.tfvars.json `make demo` gets from cmd/originlab.
func labTFVars(t *testing.T) string {
	t.Helper()
	b, err := testLab.TFVars()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sameIDs compares two ", "-separated lists of check ids in any order.
func sameIDs(a, b string) bool {
	as, bs := strings.Split(a, ", "), strings.Split(b, ", ")
	slices.Sort(as)
	slices.Sort(bs)
	return slices.Equal(as, bs)
}

// certificatePEM is a self-signed certificate for name, valid for validity
// from now.
func certificatePEM(t *testing.T, name string, validity time.Duration) string {
	t.Helper()
	now := time.Now()
	c, err := pki.Issue(pki.Template{CommonName: name, DNSNames: []string{name}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(validity)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.PEM()
}
