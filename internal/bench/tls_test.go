package bench

import (
	"context"
	"net/netip"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/loopback"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/pki"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/tlsserver"
	"github.com/originhealth/terraform-provider-origin/internal/report"
	"github.com/originhealth/terraform-provider-origin/internal/tlscheck"
)

// BenchmarkVerdict times the CloudFront verdict on one healthy TLS origin
// three ways, against the same server in the same run: internal/tlscheck's
// check, sslscan, and testssl.sh, the tools people reach for instead.
// The tools are skipped when not installed (scripts/bench.sh installs them).
func BenchmarkVerdict(b *testing.B) {
	root, err := pki.NewRoot("Bench Root")
	if err != nil {
		b.Fatal(err)
	}
	const name = "origin.bench.test"
	leaf, err := root.NewLeaf(name)
	if err != nil {
		b.Fatal(err)
	}
	cert := leaf.TLS()
	srv, err := tlsserver.Start(netip.AddrPortFrom(loopback.Addr(), 443), tlsserver.Config{Certificate: &cert})
	if err != nil {
		b.Fatalf("TLS fixture (needs root for port 443): %v", err)
	}
	b.Cleanup(srv.Close)
	roots, err := tlscheck.AddPEM(tlscheck.MozillaRoots(), root.PEM())
	if err != nil {
		b.Fatal(err)
	}
	addr := srv.Addr.String()

	b.Run("tool=origin", func(b *testing.B) {
		for b.Loop() {
			rb := report.NewBuilder()
			s := tlscheck.Check(context.Background(), []netip.Addr{srv.Addr.Addr()}, tlscheck.Params{DomainName: name, Port: 443, Protocols: []string{"TLSv1.2"}, Roots: roots}, rb)
			if s == nil {
				b.Fatalf("no handshake:\n%s", rb.Build(name, nil).Summary)
			}
		}
	})
	b.Run("tool=sslscan", func(b *testing.B) {
		tool(b, "sslscan", "--no-colour", "--sni-name="+name, addr)
	})
	b.Run("tool=testssl", func(b *testing.B) {
		bin := "testssl"
		if _, err := exec.LookPath(bin); err != nil {
			bin = "testssl.sh"
		}
		tool(b, bin, "--quiet", "--color", "0", "--warnings", "off", "--ip", srv.Addr.Addr().String(), name+":443")
	})
}

// tool runs a scanner on every iteration, as a user would, and checks
// that it saw the origin's protocol.
func tool(b *testing.B, bin string, args ...string) {
	path, err := exec.LookPath(bin)
	if err != nil {
		b.Skipf("%s is not installed", bin)
	}
	for b.Loop() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		out, err := exec.CommandContext(ctx, path, args...).CombinedOutput()
		cancel()
		if err != nil && len(out) == 0 {
			b.Fatalf("%s: %v", bin, err)
		}
		if !strings.Contains(string(out), "TLSv1.2") && !strings.Contains(string(out), "TLS 1.2") {
			b.Fatalf("%s did not report TLS 1.2:\n%s", bin, out)
		}
	}
}
