package provider

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/pki"
)

// privateKeyPEM returns a fresh private key, PEM-encoded as users paste it.
func privateKeyPEM(t *testing.T) string {
	t.Helper()
	c, err := pki.SelfSigned("key.example.test")
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(c.Key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// pemBody is the base64 of a PEM block, the part that must never leak.
func pemBody(s string) []string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); len(l) > 40 && !strings.HasPrefix(l, "-----") {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestTrustedCAPEMErrorsDoNotEchoKeys: a private key pasted into
// trusted_ca_pem is refused without the key appearing in the diagnostic.
func TestTrustedCAPEMErrorsDoNotEchoKeys(t *testing.T) {
	key := privateKeyPEM(t)
	for _, text := range []string{key, key[:len(key)/2], "-----BEGIN CERTIFICATE-----\n" + strings.Join(pemBody(key), "\n") + "\n-----END CERTIFICATE-----\n"} {
		_, diags := engineOptions(context.Background(), providerModel{TrustedCAPEM: types.StringValue(text)})
		if !diags.HasError() {
			t.Fatalf("accepted %q", text)
		}
		for _, d := range diags {
			for _, line := range pemBody(key) {
				if strings.Contains(d.Detail()+d.Summary(), line[:32]) {
					t.Fatalf("diagnostic echoes key material: %s: %s", d.Summary(), d.Detail())
				}
			}
		}
	}
}

// TestAccPrivacy_DebugLogsHoldNoSecrets plans with TF_LOG=DEBUG, the
// terraform CLI and the provider logging to one file, and checks that the
// file holds the probes' records but no trust anchor body and no private
// key, including one pasted into trusted_ca_pem by mistake.
func TestAccPrivacy_DebugLogsHoldNoSecrets(t *testing.T) {
	cfg := labProviderConfig(t) + `data "origin_health" "t" { domain_name = "healthy.example.test" }` + "\n"
	key := privateKeyPEM(t)
	heredoc := regexp.MustCompile(`trusted_ca_pem\s*= <<-EOT\n`)
	withKey := heredoc.ReplaceAllLiteralString(cfg, "trusted_ca_pem = <<-EOT\n"+key)
	logFile := filepath.Join(t.TempDir(), "tf.log")
	t.Setenv("TF_LOG", "DEBUG")
	t.Setenv("TF_ACC_LOG", "DEBUG")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: withKey, PlanOnly: true, ExpectError: regexp.MustCompile(wrapped(`It holds a private key`))},
			{Config: cfg, Check: resource.TestCheckResourceAttr("data.origin_health.t", "healthy", "true")},
		},
	})
	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	log := shipped(string(raw))
	if !strings.Contains(log, "dns query") || !strings.Contains(log, "tls certificate") {
		t.Fatalf("the log (%d bytes) lacks the provider's debug records: the test would prove nothing", len(raw))
	}
	if strings.Contains(log, "PRIVATE KEY-----") {
		t.Error("the debug log holds a PEM private key header")
	}
	for name, body := range map[string][]string{"private key": pemBody(key), "trusted_ca_pem": pemBody(testLab.CAPEM)} {
		for _, line := range body {
			if strings.Contains(log, line) {
				t.Errorf("the debug log holds %s material: %s", name, line)
				break
			}
		}
	}
}

// shipped keeps the records of the provider and terraform, dropping the
// test harness's own (sdk.helper_resource logs the test configuration it
// writes, key included: that is the test's input, not our output).
// A record starts with its timestamp; the lines after it continue it.
var recordStart = regexp.MustCompile(`^\d{4}-\d\d-\d\dT`)

func shipped(log string) string {
	var out []string
	keep := true
	for _, line := range strings.Split(log, "\n") {
		if recordStart.MatchString(line) {
			keep = !strings.Contains(line, "] sdk.helper_resource:")
		}
		if keep {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// Secrets of http_request: a token in the path's query and a header value.
const (
	queryToken  = "s3cr3t-value"
	headerValue = "h3ader-s3cr3t-91c2"
)

// TestAccPrivacy_HTTPRequestSecrets plans http_request with a token in the
// query and a secret header value, at TF_LOG=DEBUG, against a failing
// origin (its error diagnostic, through ErrorCheck) and a warning one (its
// state): neither secret shows in a diagnostic, a computed attribute or
// the log, and the query shows as "?…". The arguments themselves stay as
// written: Terraform stores a data source's arguments in state as given.
func TestAccPrivacy_HTTPRequestSecrets(t *testing.T) {
	data := func(scenario, onFailure string) string {
		return fmt.Sprintf(`
data "origin_health" "t" {
  domain_name = %q
  on_failure  = %q
  http_request = {
    path                = "/health?token=%s"
    headers             = { X-Origin-Verify = %q }
    origin_read_timeout = 1
  }
}
`, testLab.Scenario(scenario).DomainName, onFailure, queryToken, headerValue)
	}
	leaks := func(where, text string) error {
		for _, secret := range []string{queryToken, headerValue} {
			if strings.Contains(text, secret) {
				return fmt.Errorf("%s holds the secret %q", where, secret)
			}
		}
		return nil
	}
	logFile := filepath.Join(t.TempDir(), "tf.log")
	t.Setenv("TF_LOG", "DEBUG")
	t.Setenv("TF_ACC_LOG", "DEBUG")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	var diagnostics string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		// The failing step's error is every diagnostic terraform printed.
		ErrorCheck: func(err error) error {
			diagnostics = err.Error()
			if !strings.Contains(diagnostics, "check http.origin_5xx failed") {
				return err // not the failure this test makes
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: labProviderConfig(t) + data("http_alb_502", "error"), PlanOnly: true},
			{
				Config: labProviderConfig(t) + data("http_origin_500", "error"),
				Check: func(s *terraform.State) error {
					attrs := s.RootModule().Resources["data.origin_health.t"].Primary.Attributes
					if attrs["http_request.path"] != "/health?token="+queryToken {
						return fmt.Errorf("http_request.path = %q, want the argument as written", attrs["http_request.path"])
					}
					for k, v := range attrs {
						if strings.HasPrefix(k, "http_request.") {
							continue // the arguments, as the user wrote them
						}
						if err := leaks("state attribute "+k, v); err != nil {
							return err
						}
					}
					if !strings.Contains(attrs["summary"], "HEAD https://"+testLab.Scenario("http_origin_500").DomainName+"/health?…") {
						return fmt.Errorf("summary does not show the path as /health?…:\n%s", attrs["summary"])
					}
					return nil
				},
			},
		},
	})
	if !strings.Contains(diagnostics, "/health?…") {
		t.Errorf("the failing plan's diagnostics do not show the path as /health?…:\n%s", diagnostics)
	}
	if err := leaks("the diagnostics", diagnostics); err != nil {
		t.Errorf("%v:\n%s", err, diagnostics)
	}
	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	log := shipped(string(raw))
	if !strings.Contains(log, "http response") {
		t.Fatalf("the log (%d bytes) lacks the HTTP stage's debug records: the test would prove nothing", len(raw))
	}
	if err := leaks("the debug log", log); err != nil {
		t.Error(err)
	}
}
