package engine

import (
	"context"
	"testing"

	"go.uber.org/goleak"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
)

// TestCheckLeavesNoGoroutine: once Check returns, every goroutine it
// started (queries, dials, handshakes) has ended.
func TestCheckLeavesNoGoroutine(t *testing.T) {
	fixture.RequireRoot(t)
	l, e := startLab(t)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	for _, name := range []string{"healthy", "cname", "port_closed", "nxdomain", "expired"} {
		e.Check(context.Background(), specOf(l.Scenario(name)), nil)
	}
	e.Check(context.Background(), originspec.Spec{DomainName: "192.0.2.1"}, nil)
}
