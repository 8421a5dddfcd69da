// Command originlab runs the fixture lab for `make demo`: real DNS servers
// (root, test., example.test.) and TLS origins on loopback addresses, one
// per scenario. It writes the Terraform variables that point the provider
// at the lab (lab.auto.tfvars.json), the lab's CA (lab-ca.pem) and the
// origincheck flags that point it at the lab (origincheck.flags), prints
// "ready", and stops on SIGINT/SIGTERM.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
)

func main() {
	out := flag.String("out", ".", "directory to write lab.auto.tfvars.json into")
	flag.Parse()

	l, err := lab.Start()
	if err != nil {
		log.Fatalf("originlab: %v (the lab listens on 127.0.0.0/8 ports 53 and 443: run as root)", err)
	}
	defer l.Close()

	data, err := l.TFVars()
	if err != nil {
		log.Fatal(err)
	}
	path := filepath.Join(*out, "lab.auto.tfvars.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		log.Fatal(err)
	}
	caPath := filepath.Join(*out, "lab-ca.pem")
	if err := os.WriteFile(caPath, []byte(l.CAPEM), 0o644); err != nil {
		log.Fatal(err)
	}
	var roots []string
	for _, r := range l.RootServers {
		roots = append(roots, r.String())
	}
	if abs, err := filepath.Abs(caPath); err == nil {
		caPath = abs
	}
	flags := fmt.Sprintf("--dns-root-servers %s --trusted-ca-pem %s --allow-private-addresses", strings.Join(roots, ","), caPath)
	if err := os.WriteFile(filepath.Join(*out, "origincheck.flags"), []byte(flags+"\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "originlab: %d origins in zone %s, root servers %v; variables in %s\n",
		len(l.Scenarios), lab.Zone, l.RootServers, path)
	fmt.Fprintf(os.Stderr, "originlab: origincheck %s healthy.%s\n", flags, lab.Zone)
	fmt.Println("ready")

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
}
