package provider

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// declaredMethods lists the methods declared on the type named recv in
// this package's non-test files. Reflection cannot tell them apart: a
// struct embedding an interface has every method of it by promotion.
func declaredMethods(t *testing.T, recv string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]string{}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 {
				continue
			}
			typ := fn.Recv.List[0].Type
			if star, ok := typ.(*ast.StarExpr); ok {
				typ = star.X
			}
			if id, ok := typ.(*ast.Ident); ok && id.Name == recv {
				declared[fn.Name.Name] = name
			}
		}
	}
	return declared
}

// TestProtocolServerForwardsEveryRPC: every method of
// tfprotov6.ProviderServer (the embedded ResourceServer, DataSourceServer,
// FunctionServer and EphemeralResourceServer included) is declared on
// protocolServer itself, answering or forwarding it, so a terraform-plugin-go
// that adds an RPC fails here rather than being forwarded unseen by the
// embedded interface. So are the optional servers' RPCs that the
// framework's server implements (actions), unless listed in notForwarded.
func TestProtocolServerForwardsEveryRPC(t *testing.T) {
	declared := declaredMethods(t, "protocolServer")
	if len(declared) == 0 {
		t.Fatal("no method declared on protocolServer: the parse found nothing")
	}
	// The optional servers tf6server asks a ProviderServer for (by type
	// assertion), and why one the framework implements is not forwarded.
	optional := map[string]reflect.Type{
		"ActionServer":       reflect.TypeFor[tfprotov6.ActionServer](),
		"ListResourceServer": reflect.TypeFor[tfprotov6.ListResourceServer](),
		"StateStoreServer":   reflect.TypeFor[tfprotov6.StateStoreServer](),
	}
	notForwarded := map[string]string{
		"ListResourceServer": "the provider has no list resources",
		"StateStoreServer":   "the provider has no state stores",
	}
	srv, ok := ProtocolServer("test")().(protocolServer)
	if !ok {
		t.Fatalf("ProtocolServer returns a %T, not a protocolServer", ProtocolServer("test")())
	}
	framework := reflect.TypeOf(srv.ProviderServer)
	mustDeclare := map[string]string{}
	iface := reflect.TypeFor[tfprotov6.ProviderServer]()
	for i := range iface.NumMethod() {
		mustDeclare[iface.Method(i).Name] = "tfprotov6.ProviderServer"
	}
	for name, typ := range optional {
		if _, skip := notForwarded[name]; skip || !framework.Implements(typ) {
			continue
		}
		for i := range typ.NumMethod() {
			mustDeclare[typ.Method(i).Name] = "tfprotov6." + name
		}
	}
	var missing []string
	for m, from := range mustDeclare {
		if _, ok := declared[m]; !ok {
			missing = append(missing, m+" (of "+from+")")
		}
	}
	slices.Sort(missing)
	for _, m := range missing {
		t.Errorf("protocolServer does not declare %s: forward it explicitly (protocol_server_forward.go), or answer it", m)
	}
	for name, why := range notForwarded {
		if !framework.Implements(optional[name]) {
			t.Errorf("notForwarded lists %s (%s), which the framework's server does not implement: remove it", name, why)
		}
	}
}
