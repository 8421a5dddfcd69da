package provider

import (
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/netns"
)

// testLab is the fixture lab the acceptance tests plan against; started
// once per test binary, only when TF_ACC is set.
var testLab *lab.Lab

func TestMain(m *testing.M) {
	if os.Getenv(resource.EnvTfAcc) != "" {
		// No acceptance test can run without a CLI: fail here, with the fix.
		path, err := acceptanceCLI(os.Getenv, exec.LookPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		acceptanceCLIPath = path
		// plugin-testing runs this one too, and never downloads another.
		if err := os.Setenv(terraformPathEnv, path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		// Without root the lab cannot listen; each acceptance test then
		// fails (or skips) in requireAcceptance. A copy of this binary run
		// in a network namespace (netns.Enter) builds its own fixtures.
		if os.Getenv(netns.ChildEnv) == "" && fixture.RootProblem() == nil {
			l, err := lab.Start()
			if err != nil {
				fmt.Fprintln(os.Stderr, "starting the fixture lab:", err)
				os.Exit(1)
			}
			testLab = l
		}
	}
	code := m.Run()
	if testLab != nil {
		testLab.Close()
	}
	os.Exit(code)
}

var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"origin": func() (tfprotov6.ProviderServer, error) { return ProtocolServer("test")(), nil },
}

// labProviderConfig points the provider at the lab's root servers and CA.
func labProviderConfig(t *testing.T) string {
	t.Helper()
	requireAcceptance(t)
	return labProvider(testLab.RootServers, testLab.CAPEM, `timeout = "5s"`)
}

// labProvider is a provider block pointed at a lab's root servers and,
// unless caPEM is empty, its CA; extra are more arguments, one a line.
func labProvider(roots []netip.AddrPort, caPEM string, extra ...string) string {
	var quoted []string
	for _, r := range roots {
		quoted = append(quoted, fmt.Sprintf("%q", r.String()))
	}
	lines := []string{
		fmt.Sprintf("dns_root_servers = [%s]", strings.Join(quoted, ", ")),
		"allow_private_addresses = true # the lab lives on 127.0.0.0/8",
	}
	if caPEM != "" {
		lines = append(lines, "trusted_ca_pem = <<-EOT\n"+strings.TrimSpace(caPEM)+"\nEOT")
	}
	return "\nprovider \"origin\" {\n  " + strings.Join(append(lines, extra...), "\n  ") + "\n}\n"
}
