package main

import (
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestGoreleaserArchives guards the release layout without goreleaser: the
// registry's zips and SHA256SUMS hold the provider only, and origincheck
// ships in archives of its own.
func TestGoreleaserArchives(t *testing.T) {
	data, err := os.ReadFile(".goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Version int
		Builds  []struct {
			ID     string
			Main   string
			Binary string
		}
		Archives []struct {
			ID           string
			IDs          []string `yaml:"ids"`
			Formats      []string
			NameTemplate string `yaml:"name_template"`
			Files        []string
		}
		Checksum struct {
			IDs          []string `yaml:"ids"`
			NameTemplate string   `yaml:"name_template"`
		}
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Version != 2 {
		t.Errorf("version %d, want 2", cfg.Version)
	}
	builds := map[string]string{}
	for _, b := range cfg.Builds {
		builds[b.ID] = b.Main + " -> " + b.Binary
	}
	if builds["terraform-provider-origin"] != " -> {{ .ProjectName }}_v{{ .Version }}" || builds["origincheck"] != "./cmd/origincheck -> origincheck" || len(builds) != 2 {
		t.Errorf("builds: %v", builds)
	}
	archives := map[string][]string{}
	for _, a := range cfg.Archives {
		// An archive without files: gets goreleaser's default (LICENSE*,
		// README*, CHANGELOG*); one that lists files must name LICENSE (MPL-2.0
		// travels with the binaries).
		if a.Files != nil && !slices.Contains(a.Files, "LICENSE") {
			t.Errorf("archive %s lists files %v without LICENSE", a.ID, a.Files)
		}
		archives[a.ID] = append(append([]string{a.NameTemplate}, a.Formats...), a.IDs...)
	}
	if want := []string{"{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}", "zip", "terraform-provider-origin"}; !slices.Equal(archives["terraform-provider-origin"], want) {
		t.Errorf("provider archive %v, want %v (the registry's zips: name, zip, the provider binary only)", archives["terraform-provider-origin"], want)
	}
	if want := []string{"origincheck_{{ .Version }}_{{ .Os }}_{{ .Arch }}", "tar.gz", "origincheck"}; !slices.Equal(archives["origincheck"], want) {
		t.Errorf("origincheck archive %v, want %v", archives["origincheck"], want)
	}
	if !slices.Equal(cfg.Checksum.IDs, []string{"terraform-provider-origin"}) || cfg.Checksum.NameTemplate != "{{ .ProjectName }}_{{ .Version }}_SHA256SUMS" {
		t.Errorf("checksum: %+v (SHA256SUMS lists the provider zips only: terraform records every line in .terraform.lock.hcl)", cfg.Checksum)
	}
}
