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
// opens a connection itself (net.Dial*, tls.Dial*, a net.Dialer, a
// tls.Dialer, a miekg dns.Client that dials), so that a new stage cannot
// forget the policy. Test files and the fixtures, which are the servers,
// are exempt; netroute only asks the kernel for a route (a UDP connect
// sends nothing).
func TestEveryDialGoesThroughTheGate(t *testing.T) {
	root := filepath.Join("..", "..")
	dialers := map[string]bool{"net.Dialer": true, "tls.Dialer": true}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		slash := filepath.ToSlash(path)
		if d.IsDir() {
			for _, skip := range []string{"internal/fixture", "internal/netgate", "internal/netroute", "internal/bench", "tools", ".git", ".bin"} {
				if strings.HasSuffix(slash, skip) {
					return filepath.SkipDir
				}
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
				if pkg, ok := n.X.(*ast.Ident); ok && (pkg.Name == "net" || pkg.Name == "tls") && strings.HasPrefix(n.Sel.Name, "Dial") && n.Sel.Name != "Dialer" {
					t.Errorf("%s: calls %s.%s; dial through netgate.Dial, which applies allow_private_addresses", slash, pkg.Name, n.Sel.Name)
				}
				if pkg, ok := n.X.(*ast.Ident); ok && dialers[pkg.Name+"."+n.Sel.Name] {
					t.Errorf("%s: uses a %s.%s; dial through netgate.Dial", slash, pkg.Name, n.Sel.Name)
				}
			case *ast.CallExpr:
				// miekg's Client dials by itself in Exchange and Dial.
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Exchange" || sel.Sel.Name == "ExchangeContext" || sel.Sel.Name == "DialContext") {
					t.Errorf("%s: calls %s, which dials by itself; dial through netgate.Dial", slash, sel.Sel.Name)
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
