package tcpcheck

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/loopback"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

func TestCheck(t *testing.T) {
	ln, _, listening, err := loopback.Listen("tcp", 443)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	closed := loopback.Addr() // nothing listens here

	cases := []struct {
		name   string
		addrs  []netip.Addr
		want   report.Status
		opened int
	}{
		{"open", []netip.Addr{listening}, report.Pass, 1},
		{"refused", []netip.Addr{closed}, report.Fail, 0},
		{"one of two closed", []netip.Addr{listening, closed}, report.Fail, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			b := report.NewBuilder()
			open := Check(ctx, tc.addrs, []Port{{443, report.TCPHTTPSPortClosed}}, nil, b)
			if len(open[443]) != tc.opened {
				t.Errorf("open = %v, want %d addresses", open, tc.opened)
			}
			c := find(t, b.Build("o", nil), report.TCPHTTPSPortClosed)
			if c.Status != tc.want {
				t.Errorf("status %s (%s), want %s", c.Status, c.Message, tc.want)
			}
			if tc.want == report.Fail && !strings.Contains(c.Message, closed.String()+":443") {
				t.Errorf("message %q does not name the closed address", c.Message)
			}
		})
	}
}

func find(t *testing.T, r report.Report, id report.ID) report.Check {
	t.Helper()
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no check %s", id)
	return report.Check{}
}
