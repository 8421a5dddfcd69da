package provider

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// This file drives the terraform (or OpenTofu) CLI itself, for what
// plugin-testing cannot assert: warnings, exit codes, whole example
// directories with modules. The provider runs in the test process and the
// CLI attaches to it (TF_REATTACH_PROVIDERS), so no binary has to be built
// or installed and the race detector sees the provider's code.

// cliDiagnostic is one diagnostic of `terraform plan -json` (machine-readable UI).
type cliDiagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Address  string `json:"address"`
}

func (d cliDiagnostic) String() string {
	return fmt.Sprintf("%s: %s (%s)\n%s", d.Severity, d.Summary, d.Address, d.Detail)
}

// cliRun is the outcome of one CLI command.
type cliRun struct {
	ExitCode    int
	Diagnostics []cliDiagnostic
	Output      string
}

// bySeverity returns the diagnostics of one severity ("error" or "warning").
func (r cliRun) bySeverity(severity string) []cliDiagnostic {
	var out []cliDiagnostic
	for _, d := range r.Diagnostics {
		if d.Severity == severity {
			out = append(out, d)
		}
	}
	return out
}

// cli runs the CLI in one working directory against an in-process provider.
type cli struct {
	path string
	env  []string
	dir  string
}

// newCLI starts the provider for this test and returns a CLI bound to dir.
// It skips the test without TF_ACC (requireAcceptance); with TF_ACC and no
// CLI, TestMain has already failed the package (acceptanceCLI).
func newCLI(t *testing.T, dir string) *cli {
	t.Helper()
	requireAcceptance(t)
	path := acceptanceCLIPath
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	reattach := serveProvider(t, host+"/originhealth/origin")
	env := append(os.Environ(),
		"TF_REATTACH_PROVIDERS="+reattach,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
	)
	return &cli{path: path, env: env, dir: dir}
}

// cliVersion is the CLI's version ("1.5.7") and whether it is OpenTofu,
// read once.
var cliVersion = sync.OnceValues(func() (string, bool) {
	out, _ := exec.Command(acceptanceCLIPath, "version").Output()
	v := regexp.MustCompile(`v(\d+\.\d+\.\d+)`).FindStringSubmatch(string(out))
	if v == nil {
		return "", false
	}
	return v[1], strings.Contains(string(out), "OpenTofu")
})

// cliHasFunctions reports whether the CLI calls provider-defined functions:
// Terraform >= 1.8, OpenTofu >= 1.7.
func cliHasFunctions() bool {
	v, tofu := cliVersion()
	var major, minor int
	if _, err := fmt.Sscanf(v, "%d.%d", &major, &minor); err != nil {
		return true // unknown: let the test say
	}
	if tofu {
		return major > 1 || minor >= 7
	}
	return major > 1 || minor >= 8
}

// serveProvider serves the provider in-process until the test ends and
// returns the TF_REATTACH_PROVIDERS value that makes the CLI use it as addr.
func serveProvider(t *testing.T, addr string) string {
	t.Helper()
	ctx := t.Context() // canceled when the test ends: the server stops
	configCh := make(chan *plugin.ReattachConfig)
	closeCh := make(chan struct{})
	serveErr := make(chan error, 1)
	go func() {
		serveErr <- tf6server.Serve(addr, ProtocolServer("test"),
			tf6server.WithDebug(ctx, configCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithoutLogStderrOverride())
	}()
	var rc *plugin.ReattachConfig
	select {
	case rc = <-configCh:
	case err := <-serveErr:
		t.Fatalf("serving the provider: %v", err)
	}
	t.Cleanup(func() { <-closeCh })
	type reattachAddr struct{ Network, String string }
	type reattachConfig struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            reattachAddr
	}
	b, err := json.Marshal(map[string]reattachConfig{addr: {
		Protocol:        string(rc.Protocol),
		ProtocolVersion: rc.ProtocolVersion,
		Pid:             rc.Pid,
		Test:            rc.Test,
		Addr:            reattachAddr{Network: rc.Addr.Network(), String: rc.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// run executes one CLI command; a non-zero exit is returned, not fatal.
func (c *cli) run(t *testing.T, args ...string) cliRun {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), c.path, append([]string{"-chdir=" + c.dir}, args...)...)
	cmd.Env = c.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	r := cliRun{Output: stdout.String() + stderr.String()}
	switch {
	case errors.As(err, &exit):
		r.ExitCode = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s %s: %v", c.path, strings.Join(args, " "), err)
	}
	return r
}

// init runs `init`, failing the test when it fails.
func (c *cli) init(t *testing.T) {
	t.Helper()
	if r := c.run(t, "init", "-input=false", "-no-color"); r.ExitCode != 0 {
		t.Fatalf("init failed (exit %d):\n%s", r.ExitCode, r.Output)
	}
}

// plan runs `plan -json` and collects its diagnostics.
func (c *cli) plan(t *testing.T, args ...string) cliRun {
	t.Helper()
	r := c.run(t, append([]string{"plan", "-input=false", "-json", "-lock=false"}, args...)...)
	r.Diagnostics = parseDiagnostics(t, r.Output)
	return r
}

// parseDiagnostics reads the diagnostic messages of the machine-readable UI.
// Lines that are not JSON (none are expected) are ignored.
func parseDiagnostics(t *testing.T, output string) []cliDiagnostic {
	t.Helper()
	var diags []cliDiagnostic
	sc := bufio.NewScanner(strings.NewReader(output))
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		var msg struct {
			Type       string        `json:"type"`
			Diagnostic cliDiagnostic `json:"diagnostic"`
		}
		if json.Unmarshal(sc.Bytes(), &msg) == nil && msg.Type == "diagnostic" {
			diags = append(diags, msg.Diagnostic)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return diags
}

// outputs applies the configuration (local state in the test's directory)
// and returns `output -json` as name -> value.
func (c *cli) outputs(t *testing.T, args ...string) map[string]any {
	t.Helper()
	if r := c.run(t, append([]string{"apply", "-input=false", "-auto-approve", "-no-color", "-lock=false"}, args...)...); r.ExitCode != 0 {
		t.Fatalf("apply failed (exit %d):\n%s", r.ExitCode, r.Output)
	}
	r := c.run(t, "output", "-json", "-no-color")
	if r.ExitCode != 0 {
		t.Fatalf("output failed (exit %d):\n%s", r.ExitCode, r.Output)
	}
	var raw map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal([]byte(r.Output), &raw); err != nil {
		t.Fatalf("output -json: %v\n%s", err, r.Output)
	}
	out := map[string]any{}
	for k, v := range raw {
		out[k] = v.Value
	}
	return out
}
