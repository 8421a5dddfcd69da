package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMELayoutNamesEveryPackage: the README's Layout section names
// every package of the module, so a new one comes with its line. Fixture
// packages are named by their last element under internal/fixture.
func TestREADMELayoutNamesEveryPackage(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start, end := strings.Index(readme, "## Layout\n"), strings.Index(readme, "## Changelog\n")
	if start < 0 || end < start {
		t.Fatal("README.md has no Layout section before Changelog")
	}
	layout := readme[start:end]
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() || path == "." {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
			return filepath.SkipDir // another module (tools/)
		}
		if gos, _ := filepath.Glob(filepath.Join(path, "*.go")); len(gos) == 0 {
			return nil
		}
		name := filepath.ToSlash(path)
		if rest, ok := strings.CutPrefix(name, "internal/fixture/"); ok {
			name = rest
		}
		if !strings.Contains(layout, "`"+name+"`") {
			t.Errorf("README.md's Layout does not name package %s", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
