// Command checkcatalog writes the check catalog guide template from the
// catalog defined in internal/report; `make generate` runs it before
// tfplugindocs renders templates/ into docs/.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

func main() {
	out := flag.String("out", "templates/guides/check-catalog.md.tmpl", "file to write")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := report.WriteCatalogMarkdown(f); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
