package netgate

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryDialGoesThroughTheGate: no package of the provider but this one
// opens a connection itself (net.Dialer, net.Dial*, tls.Dial*, miekg's
// Client.Dial/Exchange), so that a new stage cannot forget the policy.
// Test files and the fixtures, which are the servers, are exempt.
func TestEveryDialGoesThroughTheGate(t *testing.T) {
	root := filepath.Join("..", "..")
	forbidden := map[string]bool{"Dial": true, "DialContext": true, "DialTimeout": true, "DialTCP": true, "DialUDP": true, "DialWithDialer": true, "Exchange": true, "ExchangeContext": true}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		slash := filepath.ToSlash(path)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && d.Name() != "." && d.Name() != ".." || strings.HasSuffix(slash, "internal/fixture") || strings.HasSuffix(slash, "internal/netgate") || d.Name() == "tools" || d.Name() == "bench" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if forbidden[n.Sel.Name] {
					t.Errorf("%s: calls %s; dial through netgate.Dial, which applies allow_private_addresses", slash, n.Sel.Name)
				}
			case *ast.CompositeLit:
				if sel, ok := n.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Dialer" {
					t.Errorf("%s: builds a Dialer; dial through netgate.Dial", slash)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
