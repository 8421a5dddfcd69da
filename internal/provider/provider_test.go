package provider

import (
	"fmt"
	"net/netip"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/netns"
)

// testLab is the fixture lab the acceptance tests plan against; started
// once per test binary, only when TF_ACC is set.
var testLab *lab.Lab

func TestMain(m *testing.M) {
	// A copy of this binary run in a network namespace (netns.Enter)
	// builds its own fixtures.
	if os.Getenv(resource.EnvTfAcc) != "" && os.Getenv(netns.ChildEnv) == "" {
		l, err := lab.Start()
		if err != nil {
			fmt.Fprintln(os.Stderr, "starting the fixture lab (needs root for ports 53 and 443 on 127.0.0.0/8):", err)
			os.Exit(1)
		}
		testLab = l
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
	if testLab == nil {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc)")
	}
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
