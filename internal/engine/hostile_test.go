package engine

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/hostile"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// hostileTimeout is short so that the cases that use it all up stay cheap.
const hostileTimeout = 3 * time.Second

// TestCheckHostilePeers: against every hostile peer the check ends within
// the timeout (plus scheduling slack) and names what the peer did.
func TestCheckHostilePeers(t *testing.T) {
	fixture.RequireRoot(t)
	l, err := hostile.Start()
	if err != nil {
		t.Fatalf("hostile lab: %v", err)
	}
	t.Cleanup(l.Close)
	e := labEngine(t, l.CAPEM, l.RootServers, Options{Timeout: hostileTimeout})

	// All checks run at once, as in a plan, whatever go test's -parallel:
	// most cases spend their time waiting for a deadline.
	type outcome struct {
		res     Result
		elapsed time.Duration
	}
	outcomes := make([]outcome, len(l.Cases))
	var wg sync.WaitGroup
	for i, c := range l.Cases {
		wg.Go(func() {
			start := time.Now()
			res := e.Check(context.Background(), c.Spec(), nil)
			outcomes[i] = outcome{res, time.Since(start)}
		})
	}
	wg.Wait()

	for i, c := range l.Cases {
		t.Run(c.Name, func(t *testing.T) {
			res, elapsed := outcomes[i].res, outcomes[i].elapsed
			t.Logf("%s in %s\n%s", c.Name, elapsed.Round(10*time.Millisecond), res.Report.Summary)
			if elapsed > hostileTimeout+time.Second {
				t.Errorf("took %s, more than timeout %s + 1s", elapsed, hostileTimeout)
			}
			// A case marked KnownBug is an expected failure: it passes while
			// the assertions fail as the mark says, and fails once they pass.
			c.Expect(t, func(t hostile.T) { assertHostileVerdict(t, c, res) })
		})
	}
}

// assertHostileVerdict asserts what c's verdict says of res: healthy (and
// the note), or each listed check failing or warning with the
// diagnostic, and the chain length.
func assertHostileVerdict(t hostile.T, c hostile.Case, res Result) {
	t.Helper()
	if c.Healthy() {
		if !res.Report.Healthy {
			t.Errorf("unhealthy, want healthy:\n%s", res.Report.Summary)
		}
		if c.Notes != "" {
			if got := find(t, res.Report, c.Notes); !regexp.MustCompile(c.Diagnostic).MatchString(got.Message) {
				t.Errorf("%s: %s %q, want a message matching %q", c.Notes, got.Status, got.Message, c.Diagnostic)
			}
		}
	}
	for _, id := range c.Fails {
		got := find(t, res.Report, id)
		if got.Status != report.Fail || !regexp.MustCompile(c.Diagnostic).MatchString(got.Message) {
			t.Errorf("%s: %s %q, want fail matching %q", id, got.Status, got.Message, c.Diagnostic)
		}
	}
	for _, id := range c.Warns {
		if got := find(t, res.Report, id); got.Status != report.Warn || !regexp.MustCompile(c.Diagnostic).MatchString(got.Message) {
			t.Errorf("%s: %s %q, want warn matching %q", id, got.Status, got.Message, c.Diagnostic)
		}
	}
	if c.ChainLength != 0 && (res.TLS == nil || res.TLS.Certificate.ChainLength != c.ChainLength) {
		t.Errorf("TLS summary %+v, want a chain of %d", res.TLS, c.ChainLength)
	}
}

// fataler is what find needs of a test: a *testing.T, or the hostile.T a
// known bug's assertions run against.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

func find(t fataler, r report.Report, id report.ID) report.Check {
	t.Helper()
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no check %s", id)
	return report.Check{}
}

// TestConnectionTimeoutBoundsHandshake: a handshake slower than the
// origin's connection_timeout fails as CloudFront would (it gives up and
// answers 504), naming the setting, before the check's own deadline.
func TestConnectionTimeoutBoundsHandshake(t *testing.T) {
	fixture.RequireRoot(t)
	l, err := hostile.Start()
	if err != nil {
		t.Fatalf("hostile lab: %v", err)
	}
	t.Cleanup(l.Close)
	e := labEngine(t, l.CAPEM, l.RootServers, Options{Timeout: hostileTimeout})
	var slowLoris hostile.Case
	for _, c := range l.Cases {
		if c.Name == "tls_slow_loris" {
			slowLoris = c
		}
	}
	res := e.Check(context.Background(), originspec.Spec{DomainName: slowLoris.DomainName, ConnectionTimeout: 1}, nil)
	got := find(t, res.Report, report.TLSHandshakeFailed)
	if got.Status != report.Fail || !strings.Contains(got.Message, "no TLS handshake answer within connection_timeout (1s)") || res.Incomplete != "" {
		t.Errorf("%s: %s %q (incomplete %q), want a failure naming connection_timeout", got.ID, got.Status, got.Message, res.Incomplete)
	}
}
