package provider

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
)

// terraformPathEnv names the CLI the acceptance tests run, as
// plugin-testing reads it.
const terraformPathEnv = "TF_ACC_TERRAFORM_PATH"

// acceptanceCLIPath is the CLI acceptanceCLI found; TestMain sets it, and
// TF_ACC_TERRAFORM_PATH to it, so that plugin-testing and the tests that
// drive the CLI themselves (cli_test.go) run the same one.
var acceptanceCLIPath string

// acceptanceCLI decides which terraform-compatible CLI the acceptance
// tests run: TF_ACC_TERRAFORM_PATH, or else terraform on PATH (what
// plugin-testing would pick). With neither the tests cannot run, and the
// error says how to give them one: TestMain fails the package with it
// rather than letting the CLI tests skip (or plugin-testing download a
// terraform of its choice).
func acceptanceCLI(getenv func(string) string, lookPath func(string) (string, error)) (string, error) {
	if p := getenv(terraformPathEnv); p != "" {
		found, err := lookPath(p)
		if err != nil {
			return "", fmt.Errorf("TF_ACC=1 with %s=%s, which is not an executable: %w; point it at a terraform or tofu binary, or run `make testacc`, which finds or builds one (scripts/terraform.sh)", terraformPathEnv, p, err)
		}
		return found, nil
	}
	found, err := lookPath("terraform")
	if err == nil {
		return found, nil
	}
	hint := ""
	if v := getenv("TF_ACC_TERRAFORM_VERSION"); v != "" {
		hint = fmt.Sprintf(" (TF_ACC_TERRAFORM_VERSION=%s is not enough: the tests in cli_test.go run the binary themselves)", v)
	}
	return "", fmt.Errorf("TF_ACC=1 but no terraform CLI to run the acceptance tests with: %s is not set and terraform is not on PATH (%w)%s; set %s=/path/to/terraform (or to tofu, with TF_ACC_PROVIDER_HOST=registry.opentofu.org), or run `make testacc`, which finds or builds one (scripts/terraform.sh)",
		terraformPathEnv, errors.Unwrap(err), hint, terraformPathEnv)
}

// requireAcceptance is the one place an acceptance test decides whether it
// runs: without TF_ACC it skips (plain `go test`); without root it fails,
// or skips with ORIGIN_ALLOW_SKIP=1 (fixture.RequireRoot). TestMain has
// already failed the package when TF_ACC is set and there is no CLI, or
// the lab did not start.
func requireAcceptance(t testing.TB) {
	t.Helper()
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc)")
	}
	fixture.RequireRoot(t)
}

// TestAcceptanceCLI: TF_ACC_TERRAFORM_PATH wins, terraform on PATH is the
// fallback, and with neither (or a path that is not a program) the error
// says how to set TF_ACC_TERRAFORM_PATH or to run make testacc.
func TestAcceptanceCLI(t *testing.T) {
	lookPath := func(onPath ...string) func(string) (string, error) {
		return func(file string) (string, error) {
			for _, p := range onPath {
				if file == p || "/usr/bin/"+file == p {
					return p, nil
				}
			}
			return "", &exec.Error{Name: file, Err: exec.ErrNotFound}
		}
	}
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	tests := []struct {
		name      string
		getenv    func(string) string
		lookPath  func(string) (string, error)
		want      string
		inMessage []string
	}{
		{name: "TF_ACC_TERRAFORM_PATH", getenv: env(terraformPathEnv, "/opt/tofu"), lookPath: lookPath("/opt/tofu", "/usr/bin/terraform"), want: "/opt/tofu"},
		{name: "terraform on PATH", getenv: env(), lookPath: lookPath("/usr/bin/terraform"), want: "/usr/bin/terraform"},
		{name: "no CLI fails with the fix", getenv: env(), lookPath: lookPath(),
			inMessage: []string{"TF_ACC=1 but no terraform CLI", "TF_ACC_TERRAFORM_PATH=/path/to/terraform", "make testacc"}},
		{name: "TF_ACC_TERRAFORM_VERSION alone fails", getenv: env("TF_ACC_TERRAFORM_VERSION", "1.9.0"), lookPath: lookPath(),
			inMessage: []string{"TF_ACC_TERRAFORM_VERSION=1.9.0 is not enough", "make testacc"}},
		{name: "TF_ACC_TERRAFORM_PATH not a program fails", getenv: env(terraformPathEnv, "/nowhere/terraform"), lookPath: lookPath("/usr/bin/terraform"),
			inMessage: []string{"TF_ACC_TERRAFORM_PATH=/nowhere/terraform, which is not an executable", "make testacc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := acceptanceCLI(tt.getenv, tt.lookPath)
			if tt.want != "" {
				if err != nil || got != tt.want {
					t.Fatalf("= %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("= %q, want an error", got)
			}
			for _, s := range tt.inMessage {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
		})
	}
}
