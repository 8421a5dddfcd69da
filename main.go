// Command terraform-provider-origin is a Terraform provider that tells,
// during plan, whether CloudFront would answer HTTP 502 for an origin.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/originhealth/terraform-provider-origin/internal/provider"
)

// The check catalog guide is generated from internal/report; `make generate`
// then renders templates/ and examples/ into docs/ with tfplugindocs.
//go:generate go run ./cmd/checkcatalog -out templates/guides/check-catalog.md.tmpl

// version is set by goreleaser / make build through -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	} else {
		provider.SilenceUncollectedLogs()
	}
	err := tf6server.Serve("registry.terraform.io/originhealth/origin", provider.ProtocolServer(version), opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}
