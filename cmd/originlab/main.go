// Command originlab runs the fixture lab for `make demo`: real DNS servers
// (root, test., example.test.) and TLS origins on loopback addresses, one
// per scenario. It writes the Terraform variables that point the provider
// at the lab, prints "ready", and stops on SIGINT/SIGTERM.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

type origin struct {
	DomainName           string  `json:"domain_name"`
	HostHeader           *string `json:"host_header,omitempty"`
	OriginProtocolPolicy *string `json:"origin_protocol_policy,omitempty"`
	Expect               string  `json:"expect"`
}

type tfvars struct {
	DNSRootServers []string          `json:"dns_root_servers"`
	TrustedCAPEM   string            `json:"trusted_ca_pem"`
	Origins        map[string]origin `json:"origins"`
}

func main() {
	out := flag.String("out", ".", "directory to write lab.auto.tfvars.json into")
	flag.Parse()

	l, err := lab.Start()
	if err != nil {
		log.Fatalf("originlab: %v (the lab listens on 127.0.0.0/8 ports 53 and 443: run as root)", err)
	}
	defer l.Close()

	vars := tfvars{TrustedCAPEM: l.CAPEM, Origins: map[string]origin{}}
	for _, r := range l.RootServers {
		vars.DNSRootServers = append(vars.DNSRootServers, r.String())
	}
	for _, s := range l.Scenarios {
		o := origin{DomainName: s.DomainName, Expect: expectation(s)}
		if s.HostHeader != "" {
			o.HostHeader = &s.HostHeader
		}
		if s.ProtocolPolicy != "" {
			o.OriginProtocolPolicy = &s.ProtocolPolicy
		}
		vars.Origins[s.Name] = o
	}
	data, err := json.MarshalIndent(vars, "", "  ")
	if err != nil {
		log.Fatal(err)
	}
	path := filepath.Join(*out, "lab.auto.tfvars.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "originlab: %d origins in zone %s, root servers %s; variables in %s\n",
		len(l.Scenarios), lab.Zone, strings.Join(vars.DNSRootServers, ", "), path)
	fmt.Println("ready")

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
}

// expectation words what CloudFront would do, for the demo's output: the
// failing ids in catalog order, as the verdict lists them.
func expectation(s lab.Scenario) string {
	var ids []string
	for _, d := range report.All() {
		if slices.Contains(s.Fails, d.ID) {
			ids = append(ids, string(d.ID))
		}
	}
	if len(ids) == 0 {
		return "healthy"
	}
	return strings.Join(ids, ", ")
}
