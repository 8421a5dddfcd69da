package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// testMainEnv makes the test binary run as origincheck itself (TestMain),
// so that the README's CI scripts call the code under test.
const testMainEnv = "ORIGINCHECK_TEST_AS_MAIN"

// ciExample is the YAML block after "<!-- ci-example: NAME -->" in the
// README.
func ciExample(t *testing.T, name string) map[string]any {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)<!-- ci-example: " + regexp.QuoteMeta(name) + " -->\n```yaml\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatalf("README has no ci-example %s", name)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(m[1], &doc); err != nil {
		t.Fatalf("ci-example %s: %v", name, err)
	}
	return doc
}

// ciScripts are the shell scripts of a CI example, in order: GitHub
// Actions' run: steps, GitLab CI's script: lines (each its own script, as
// GitLab runs them), install steps left out.
func ciScripts(t *testing.T, name string) []string {
	t.Helper()
	doc := ciExample(t, name)
	var scripts []string
	keep := func(s string) {
		if !strings.Contains(s, "go install") {
			scripts = append(scripts, s)
		}
	}
	switch name {
	case "github-actions":
		jobs, _ := doc["jobs"].(map[string]any)
		for _, job := range jobs {
			steps, _ := job.(map[string]any)["steps"].([]any)
			for _, step := range steps {
				if run, ok := step.(map[string]any)["run"].(string); ok {
					keep(run)
				}
			}
		}
	case "gitlab-ci":
		for _, job := range []string{"distribution-config", "origincheck"} {
			j, _ := doc[job].(map[string]any)
			lines, _ := j["script"].([]any)
			if len(lines) == 0 {
				t.Fatalf("gitlab-ci job %s has no script", job)
			}
			for _, l := range lines {
				s, ok := l.(string)
				if !ok {
					t.Fatalf("gitlab-ci job %s: script line %v is not a string", job, l)
				}
				keep(s)
			}
		}
	}
	if len(scripts) == 0 {
		t.Fatalf("ci-example %s: no script", name)
	}
	return scripts
}

// TestREADMECIExamples runs the README's GitHub Actions and GitLab CI jobs
// against the lab, with a fake aws printing a saved get-distribution-config
// output and origincheck being this test binary: a distribution with a
// warning only passes (--fail-on fail), one that would fail fails, and
// both write a valid SARIF or JUnit file.
func TestREADMECIExamples(t *testing.T) {
	labFlags := labArgs(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		example, output string
		validate        func([]byte) error
	}{
		{"github-actions", "origincheck.sarif", func(b []byte) error { return validateJSON(t, sarifSchemaFile, b) }},
		{"gitlab-ci", "origincheck.xml", validateJUnit},
	} {
		scripts := ciScripts(t, tc.example)
		for _, dist := range []struct {
			file string
			ok   bool
			// names is an origin the output must name.
			names string
		}{{"get-distribution-config.json", true, "expiring.example.test"}, {"distribution.json", false, "disordered.example.test"}} {
			t.Run(tc.example+"/"+dist.file, func(t *testing.T) {
				saved, err := filepath.Abs(filepath.Join("testdata", dist.file))
				if err != nil {
					t.Fatal(err)
				}
				dir, bin := t.TempDir(), t.TempDir()
				writeScript(t, filepath.Join(bin, "aws"), `[ "$1 $2 $3 $4" = "cloudfront get-distribution-config --id E123EXAMPLE" ] || { echo "aws: unexpected $*" >&2; exit 255; }
cat `+shellQuote(saved)+"\n")
				writeScript(t, filepath.Join(bin, "origincheck"), testMainEnv+"=1 exec "+shellQuote(self)+" "+shellJoin(labFlags)+` "$@"`+"\n")
				failed := false
				for _, script := range scripts {
					cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
					cmd.Dir = dir
					cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin", "DISTRIBUTION_ID=E123EXAMPLE", "HOME=" + dir}
					var stderr bytes.Buffer
					cmd.Stderr = &stderr
					err := cmd.Run()
					if err != nil {
						var exit *exec.ExitError
						if !errors.As(err, &exit) || exit.ExitCode() != exitCritical || dist.ok {
							t.Fatalf("%s: %v\n%s", script, err, stderr.String())
						}
						failed = true
						break
					}
				}
				if failed == dist.ok {
					t.Errorf("job failed %v, want %v", failed, !dist.ok)
				}
				out, err := os.ReadFile(filepath.Join(dir, tc.output))
				if err != nil {
					t.Fatalf("%s not written: %v", tc.output, err)
				}
				if err := tc.validate(out); err != nil {
					t.Errorf("%s: %v", tc.output, err)
				}
				if !bytes.Contains(out, []byte(dist.names)) {
					t.Errorf("%s does not name %s", tc.output, dist.names)
				}
			})
		}
	}
}

func writeScript(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func shellJoin(args []string) string {
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = shellQuote(a)
	}
	return strings.Join(quoted, " ")
}
