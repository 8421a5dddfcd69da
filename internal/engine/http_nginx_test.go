package engine

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/daemon"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/dnsserver"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/loopback"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/nginx"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/pki"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestHTTPNginxInterop: Debian's nginx as the origin, through the whole
// engine. keepalive_timeout 1s closes idle connections before CloudFront's
// default 5 s (a warning: intermittent 502s), and `return 502` is the
// origin's own 502, named as nginx's.
func TestHTTPNginxInterop(t *testing.T) {
	fixture.RequireRoot(t)
	_, err := nginx.Find()
	daemon.Require(t, err)
	root, err := pki.NewRoot("HTTP Interop Root")
	if err != nil {
		t.Fatal(err)
	}
	inter, err := root.NewIntermediate("HTTP Interop Issuing CA")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		cfg     nginx.Config
		request originspec.HTTPRequest
		id      report.ID
		status  report.Status
		excerpt string
	}{
		{"keepalive-1s", nginx.Config{KeepaliveTimeout: "1s"}, originspec.HTTPRequest{MeasureKeepalive: true},
			report.HTTPKeepaliveShorter, report.Warn, "before origin_keepalive_timeout (5s)"},
		{"keepalive-default", nginx.Config{}, originspec.HTTPRequest{MeasureKeepalive: true},
			report.HTTPKeepaliveShorter, report.Pass, "longer than origin_keepalive_timeout (5s): CloudFront closes it first"},
		{"return-502", nginx.Config{Location: "return 502;"}, originspec.HTTPRequest{Method: "GET", ReadTimeout: 5},
			report.HTTPOrigin5xx, report.Fail, "the origin itself answered 502 Bad Gateway; Server: nginx"},
	}
	var records []string
	for i := range cases {
		name := cases[i].name + ".example.test"
		leaf, err := inter.NewLeaf(name)
		if err != nil {
			t.Fatal(err)
		}
		cases[i].cfg.Chain = []*pki.Cert{leaf, inter}
		addr := loopback.Addr()
		srv, err := nginx.Start(netip.AddrPortFrom(addr, 443), cases[i].cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(srv.Close)
		records = append(records, fmt.Sprintf("%s. A %s", name, addr))
	}
	h, err := dnsserver.NewHierarchy(dnsserver.ZoneSpec{Origin: "example.test.", Records: records})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	e := labEngine(t, root.PEM(), h.Roots(), Options{Timeout: 10 * time.Second})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := tc.request
			res := e.Check(context.Background(), originspec.Spec{DomainName: tc.name + ".example.test", HTTPRequest: &r}, nil)
			got := find(t, res.Report, tc.id)
			t.Logf("%s %s: %s", got.ID, got.Status, got.Message)
			if got.Status != tc.status || !strings.Contains(got.Message, tc.excerpt) {
				t.Errorf("%s: %s %q, want %s containing %q", tc.id, got.Status, got.Message, tc.status, tc.excerpt)
			}
			if res.Incomplete != "" {
				t.Errorf("incomplete: %s", res.Incomplete)
			}
		})
	}
}
