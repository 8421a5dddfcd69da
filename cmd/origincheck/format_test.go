package main

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestFormats writes each format against the lab and compares it with its
// golden file; TestGoldenOutputsAreValid validates those files.
func TestFormats(t *testing.T) {
	labFlags := labArgs(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"healthy.json", []string{"--json", "healthy.example.test"}, exitOK},
		{"several.json", []string{"--format", "json", "healthy.example.test", "closed.example.test", "expiring.example.test"}, exitCritical},
		{"distribution.json", []string{"--format", "json", "--config", "testdata/distribution.json"}, exitCritical},
		{"distribution.sarif", []string{"--format", "sarif", "--config", "testdata/distribution.json"}, exitCritical},
		{"distribution.junit", []string{"--format", "junit", "--config", "testdata/distribution.json"}, exitCritical},
		{"distribution.github", []string{"--format", "github", "--config", "testdata/distribution.json"}, exitCritical},
		{"several.sarif", []string{"--format", "sarif", "healthy.example.test", "disordered.example.test", "expiring.example.test"}, exitCritical},
		{"several.junit", []string{"--format", "junit", "healthy.example.test", "disordered.example.test", "expiring.example.test"}, exitCritical},
		{"warn_expiring.github", []string{"--format", "github", "expiring.example.test"}, exitWarning},
		{"warn_expiring.fail_on_fail", []string{"--fail-on", "fail", "expiring.example.test"}, exitOK},
		{"distribution.yaml", []string{"--config", "testdata/distribution.yaml"}, exitCritical},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := runArgs(append(slices.Clone(labFlags), tc.args...)...)
			if o.code != tc.code || o.stderr != "" {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", o.code, tc.code, o.stdout, o.stderr)
			}
			golden(t, tc.name, o.stdout)
		})
	}
}

// TestGoldenOutputsAreValid: every JSON golden file is valid against
// docs/origincheck.schema.json, every SARIF one against SARIF 2.1.0's
// schema, every JUnit one against the structure GitLab and Jenkins read.
func TestGoldenOutputsAreValid(t *testing.T) {
	files, err := filepath.Glob("testdata/*.golden")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, f := range files {
		kind := strings.TrimSuffix(filepath.Ext(strings.TrimSuffix(f, ".golden")), "")
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		switch kind {
		case ".json":
			err = validateJSON(t, envelopeSchemaFile, data)
		case ".sarif":
			err = validateJSON(t, sarifSchemaFile, data)
		case ".junit":
			err = validateJUnit(data)
		default:
			continue
		}
		seen[kind]++
		if err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	for _, kind := range []string{".json", ".sarif", ".junit"} {
		if seen[kind] == 0 {
			t.Errorf("no testdata/*%s.golden to validate", kind)
		}
	}
}

// TestEnvelopeSchemaChecksShapes: the schema takes checks as a list of
// objects with their id or as an object keyed by id, and refuses others.
func TestEnvelopeSchemaChecksShapes(t *testing.T) {
	data, err := os.ReadFile("testdata/healthy.json.golden")
	if err != nil {
		t.Fatal(err)
	}
	asList := string(data)
	start := strings.Index(asList, `"checks": `)
	end := strings.Index(asList, `"addresses":`)
	if start < 0 || end < start {
		t.Fatal("healthy.json.golden has no checks")
	}
	with := func(checks string) string { return asList[:start] + `"checks": ` + checks + ",\n      " + asList[end:] }
	for _, tc := range []struct {
		name, checks string
		valid        bool
	}{
		{"map", `{"tls.expired": {"category": "tls", "status": "pass"}, "dns.nxdomain": {"category": "dns", "status": "fail", "message": "m", "remediation": "r"}}`, true},
		{"list", `[{"id": "tls.expired", "category": "tls", "status": "pass", "message": "", "remediation": ""}]`, true},
		{"list without id", `[{"category": "tls", "status": "pass"}]`, false},
		{"bad status", `{"tls.expired": {"category": "tls", "status": "ok"}}`, false},
		{"bad key", `{"Expired": {"category": "tls", "status": "pass"}}`, false},
		{"string", `"none"`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := validateJSON(t, envelopeSchemaFile, []byte(with(tc.checks)))
			if (err == nil) != tc.valid {
				t.Errorf("valid = %v, want %v: %v", err == nil, tc.valid, err)
			}
		})
	}
}

// TestExitPolicy: the exit status for each worst grade under each
// --fail-on.
func TestExitPolicy(t *testing.T) {
	for _, tc := range []struct {
		worst  report.Status
		failOn string
		want   int
	}{
		{report.Pass, failOnWarn, exitOK},
		{report.Skip, failOnWarn, exitOK},
		{report.Warn, failOnWarn, exitWarning},
		{report.Fail, failOnWarn, exitCritical},
		{report.Pass, failOnFail, exitOK},
		{report.Skip, failOnFail, exitOK},
		{report.Warn, failOnFail, exitOK},
		{report.Fail, failOnFail, exitCritical},
	} {
		if got := exitStatus(tc.worst, tc.failOn); got != tc.want {
			t.Errorf("worst %s, --fail-on %s: exit %d, want %d", tc.worst, tc.failOn, got, tc.want)
		}
	}
}

// TestGrade: an origin warns for a warning about itself, not for one this
// machine could not verify.
func TestGrade(t *testing.T) {
	b := report.NewBuilder()
	b.Pass(report.DNSNXDomain, "", "resolves")
	unverifiedOnly := b.Build("a.example.com", nil)
	b = report.NewBuilder()
	b.Unverified(report.TCPHTTPSPortClosed, report.Warn, "[2001:db8::1]:443", "no IPv6 route from this machine")
	unverified := b.Build("a.example.com", nil)
	b = report.NewBuilder()
	b.Warn(report.TLSExpiringSoon, "", "expires in 3 days")
	warned := b.Build("a.example.com", nil)
	b = report.NewBuilder()
	b.Fail(report.TLSChainOrder, "", "out of order")
	failed := b.Build("a.example.com", nil)
	for _, tc := range []struct {
		name string
		r    report.Report
		want report.Status
	}{
		{"healthy", unverifiedOnly, report.Pass},
		{"not verified from this machine", unverified, report.Pass},
		{"warning", warned, report.Warn},
		{"failure", failed, report.Fail},
	} {
		if got := grade(tc.r); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	if c := unverified.Checks[slices.IndexFunc(unverified.Checks, func(c report.Check) bool { return c.ID == report.TCPHTTPSPortClosed })]; findingLevel(c) != levelNote {
		t.Errorf("unverified check level %s, want note", findingLevel(c))
	}
}

// TestHelpListsEveryFlag fails for any flag missing from --help.
func TestHelpListsEveryFlag(t *testing.T) {
	o := runArgs("--help")
	if o.code != exitOK {
		t.Fatalf("--help: exit %d", o.code)
	}
	fs := newFlagSet(&options{})
	inSections := 0
	for _, s := range fs.sections {
		inSections += len(s.flags)
	}
	n := 0
	fs.VisitAll(func(f *flag.Flag) {
		n++
		dashes := "--"
		if len(f.Name) == 1 {
			dashes = "-"
		}
		if !strings.Contains(o.stdout, "\n  "+dashes+f.Name+" ") && !strings.Contains(o.stdout, "\n  "+dashes+f.Name+"\n") {
			t.Errorf("--help does not list %s%s", dashes, f.Name)
		}
	})
	if inSections != n {
		t.Errorf("%d flags defined, %d in help sections", n, inSections)
	}
	for _, want := range []string{"0    OK", "1    WARNING", "2    CRITICAL", "3    UNKNOWN", "130  interrupted", "--format FORMAT", "--fail-on LEVEL", "--no-color", "--http-request-header NAME:VALUE"} {
		if !strings.Contains(o.stdout, want) {
			t.Errorf("--help does not say %q", want)
		}
	}
}

// TestColorWanted: --no-color and NO_COLOR win, FORCE_COLOR and
// CLICOLOR_FORCE force colour off a terminal, /dev/null is no terminal.
func TestColorWanted(t *testing.T) {
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	if isTerminal(devNull) {
		t.Errorf("%s is a terminal", os.DevNull)
	}
	for _, tc := range []struct {
		name    string
		env     map[string]string
		noColor bool
		want    bool
	}{
		{"not a terminal", nil, false, false},
		{"FORCE_COLOR", map[string]string{"FORCE_COLOR": "1"}, false, true},
		{"FORCE_COLOR=0", map[string]string{"FORCE_COLOR": "0"}, false, false},
		{"CLICOLOR_FORCE", map[string]string{"CLICOLOR_FORCE": "1"}, false, true},
		{"NO_COLOR wins", map[string]string{"FORCE_COLOR": "1", "NO_COLOR": "1"}, false, false},
		{"--no-color wins", map[string]string{"FORCE_COLOR": "1"}, true, false},
		{"empty NO_COLOR", map[string]string{"NO_COLOR": "", "FORCE_COLOR": "1"}, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			withEnv(t, tc.env)
			if got := colorWanted(devNull, tc.noColor); got != tc.want {
				t.Errorf("colour %v, want %v", got, tc.want)
			}
		})
	}
}

func withEnv(t *testing.T, env map[string]string) {
	t.Helper()
	saved := lookupEnv
	lookupEnv = func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	t.Cleanup(func() { lookupEnv = saved })
}

// TestFormatSelection: GITHUB_ACTIONS=true makes github the default;
// --format and --fail-on refuse what they do not know.
func TestFormatSelection(t *testing.T) {
	labFlags := labArgs(t)
	withEnv(t, map[string]string{"GITHUB_ACTIONS": "true", "FORCE_COLOR": "1"})
	o := runArgs(append(slices.Clone(labFlags), "disordered.example.test")...)
	if o.code != exitCritical || !strings.Contains(o.stdout, "::error title=tls.chain_order on disordered.example.test::") || strings.Contains(o.stdout, "\x1b[") {
		t.Errorf("GITHUB_ACTIONS=true: exit %d\n%s", o.code, o.stdout)
	}
	o = runArgs(append(slices.Clone(labFlags), "--format", "text", "disordered.example.test")...)
	if !strings.Contains(o.stdout, "\x1b[31m") {
		t.Errorf("--format text with FORCE_COLOR: no colour\n%s", o.stdout)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xml", "a.example.com"}, `--format "xml": use one of text, json, sarif, junit, github`},
		{[]string{"--json", "--format", "sarif", "a.example.com"}, "--json is --format json"},
		{[]string{"--fail-on", "never", "a.example.com"}, `--fail-on "never": use one of warn, fail`},
		{[]string{"--list-checks", "--format", "sarif"}, "the catalog prints as text or json"},
	} {
		o := runArgs(tc.args...)
		if o.code != exitUnknown || !strings.Contains(o.stderr, tc.want) || o.stdout != "" {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, o.code, o.stderr, tc.want)
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestWriteErrorIsUnknown: an output that cannot be written exits 3 in
// every format, saying why.
func TestWriteErrorIsUnknown(t *testing.T) {
	labFlags := labArgs(t)
	for _, f := range append(slices.Clone(formats), "--help", "--list-checks", "--version") {
		t.Run(f, func(t *testing.T) {
			args := append(slices.Clone(labFlags), "--format", f, "disordered.example.test")
			if strings.HasPrefix(f, "--") {
				args = []string{f}
			}
			var stderr strings.Builder
			if code := run(args, failingWriter{}, &stderr); code != exitUnknown || !strings.Contains(stderr.String(), "no space left on device") {
				t.Errorf("exit %d, stderr %q", code, stderr.String())
			}
		})
	}
}

// TestInterrupted: a run whose context is cancelled (SIGINT) exits 130
// and prints no result.
func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr strings.Builder
	code := runContext(ctx, append(labArgs(t), "healthy.example.test"), &stdout, &stderr)
	if code != exitInterrupted || stdout.String() != "" || !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}
