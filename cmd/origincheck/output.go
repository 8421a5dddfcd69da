package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/report"
	"github.com/originhealth/terraform-provider-origin/internal/resultview"
)

// groupView is one origin group's verdict as origin_distribution's
// origin_groups gives it.
type groupView struct {
	Healthy bool          `json:"healthy"`
	Status  report.Status `json:"status"`
	Summary string        `json:"summary"`
}

type printer struct {
	w       io.Writer
	verbose bool
	color   bool
}

func newPrinter(w io.Writer, verbose, color bool) *printer {
	return &printer{w: w, verbose: verbose, color: color}
}

// distributionView is --json's output for --config: shaped as the
// origin_distribution data source's computed attributes, with each origin
// the whole origin_health result object.
type distributionView struct {
	Healthy      bool                         `json:"healthy"`
	Summary      string                       `json:"summary"`
	Origins      map[string]resultview.Health `json:"origins"`
	OriginGroups map[string]groupView         `json:"origin_groups"`
}

func (p *printer) json(pl *plan, res engine.DistributionResult) error {
	views := make([]resultview.Health, len(pl.targets))
	for i, t := range pl.targets {
		views[i] = resultview.FromResult(t.spec, res.Origins[pl.key(i)])
		views[i].SkipChecks = pl.skipChecks
	}
	switch {
	case pl.fromConfig:
		d := distributionView{Healthy: res.Healthy, Summary: res.Summary, Origins: map[string]resultview.Health{}, OriginGroups: map[string]groupView{}}
		for i, t := range pl.targets {
			d.Origins[t.id] = views[i]
		}
		for id, g := range res.Groups {
			d.OriginGroups[id] = groupView{Healthy: g.Healthy(), Status: g.Status, Summary: g.Summary}
		}
		return writeJSON(p.w, d)
	case len(views) == 1:
		return writeJSON(p.w, views[0])
	}
	return writeJSON(p.w, views)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// ANSI colours, used only when stdout is a terminal and NO_COLOR is unset.
const (
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	green  = "\x1b[32m"
	dim    = "\x1b[2m"
	bold   = "\x1b[1m"
	reset  = "\x1b[0m"
)

func (p *printer) paint(code, s string) string {
	if !p.color {
		return s
	}
	return code + s + reset
}

func (p *printer) status(s report.Status) string {
	switch s {
	case report.Fail:
		return p.paint(red+bold, "FAIL")
	case report.Warn:
		return p.paint(yellow+bold, "WARN")
	case report.Skip:
		return p.paint(dim, "skip")
	}
	return p.paint(green, "pass")
}

// mark starts a verdict line: OK, WARN or FAIL.
func (p *printer) mark(s report.Status) string {
	if s == report.Pass {
		return p.paint(green+bold, "OK  ")
	}
	return p.status(s)
}

// human prints per origin a verdict line, the summary's notes (incomplete,
// not verified), then one line per failed or warned check with its fix
// (every check with -v); then the origin groups, and a total when there
// are several origins.
func (p *printer) human(pl *plan, res engine.DistributionResult) {
	counts := map[report.Status]int{}
	for i, t := range pl.targets {
		v := resultview.FromResult(t.spec, res.Origins[pl.key(i)])
		grade := verdict(v)
		counts[grade]++
		if i > 0 {
			fmt.Fprintln(p.w)
		}
		lines := strings.Split(v.Summary, "\n")
		label := ""
		if pl.fromConfig {
			label = t.id + ": "
		}
		fmt.Fprintf(p.w, "%s %s%s\n", p.mark(grade), label, lines[0])
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, "INCOMPLETE:") || strings.HasPrefix(l, "NOT VERIFIED") {
				fmt.Fprintf(p.w, "     %s\n", l)
			}
		}
		if t.spec.IsVPCOrigin() {
			fmt.Fprintf(p.w, "     network checks not run: CloudFront reaches this VPC origin (%s) inside the VPC\n", t.spec.VPCOriginID)
		}
		for _, id := range resultview.CheckIDs(v.Checks) {
			c := v.Checks[id]
			s := report.Status(c.Status)
			// A check the user skipped shows by default: the skip may hide a failure.
			if !p.verbose && s != report.Fail && s != report.Warn && !t.skip[report.ID(id)] {
				continue
			}
			fmt.Fprintf(p.w, "     %s %s: %s\n", p.status(s), id, deref(c.Message))
			if r := deref(c.Remediation); r != "" && (s == report.Fail || s == report.Warn) {
				fmt.Fprintf(p.w, "          fix: %s\n", r)
			}
		}
		if p.verbose {
			p.details(v)
		}
	}
	if len(pl.groups) > 0 {
		fmt.Fprintln(p.w)
	}
	for _, g := range pl.groups {
		gr := res.Groups[g.id]
		fmt.Fprintf(p.w, "%s origin group %s: %s\n", p.mark(gr.Status), g.id, gr.Summary)
	}
	if pl.fromConfig {
		head, _, _ := strings.Cut(res.Summary, "\n")
		fmt.Fprintf(p.w, "\n%s %s\n", p.mark(map[bool]report.Status{true: report.Pass, false: report.Fail}[res.Healthy]), head)
	}
	if len(pl.targets) > 1 && !pl.fromConfig {
		fmt.Fprintf(p.w, "\n%d origins: %d healthy, %d with warnings, %d unhealthy\n",
			len(pl.targets), counts[report.Pass], counts[report.Warn], counts[report.Fail])
	}
}

// deref is *s, "" for nil.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// details prints, with -v, what was resolved and negotiated.
func (p *printer) details(v resultview.Health) {
	if len(v.CNAMEChain) > 1 {
		fmt.Fprintf(p.w, "     cname chain: %s\n", strings.Join(v.CNAMEChain, " → "))
	}
	if len(v.Addresses) > 0 {
		fmt.Fprintf(p.w, "     addresses: %s\n", strings.Join(v.Addresses, ", "))
	}
	for _, ns := range v.Nameservers {
		fmt.Fprintf(p.w, "     nameserver: %s %s (zone %s): %s\n", ns.Name, ns.Address, ns.Zone, ns.Status)
	}
	if t := v.TLS; t != nil {
		c := t.Certificate
		fmt.Fprintf(p.w, "     tls: %s %s; certificate %s, issuer %s, %s %d bits, chain of %d, expires %s (%d days)\n",
			t.Version, t.CipherSuite, c.Subject, c.Issuer, c.KeyType, c.KeyBits, c.ChainLength, c.NotAfter, c.DaysRemaining)
	}
}

// colorWanted: colour on a terminal only, and never with NO_COLOR set.
func colorWanted(w io.Writer) bool {
	if v, set := lookupEnv("NO_COLOR"); set && v != "" {
		return false
	}
	return isTerminal(w)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressDelay is how long checks run before the progress line appears.
const progressDelay = time.Second

// progress shows, on a terminal stderr only, which origins are still being
// checked once a check takes longer than progressDelay. It returns the
// function to call as each target finishes, and finish, which clears the
// line before the results are printed.
func progress(stderr io.Writer, targets []target) (done func(int), finish func()) {
	if !isTerminal(stderr) {
		return func(int) {}, func() {}
	}
	var mu sync.Mutex
	pending := make(map[int]bool, len(targets))
	for i := range targets {
		pending[i] = true
	}
	stop, cleared := make(chan struct{}), make(chan struct{})
	start := time.Now()
	go func() {
		defer close(cleared)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		shown := false
		for {
			select {
			case <-stop:
				if shown {
					fmt.Fprint(stderr, "\r\x1b[K")
				}
				return
			case <-tick.C:
			}
			if time.Since(start) < progressDelay {
				continue
			}
			mu.Lock()
			var names []string
			for i, t := range targets {
				if pending[i] {
					names = append(names, t.id)
				}
			}
			mu.Unlock()
			line := fmt.Sprintf("checking %s… %.0fs", strings.Join(names, ", "), time.Since(start).Seconds())
			if len(names) > 3 {
				line = fmt.Sprintf("checking %d origins (%s, …)… %.0fs", len(names), strings.Join(names[:3], ", "), time.Since(start).Seconds())
			}
			fmt.Fprint(stderr, "\r\x1b[K"+line)
			shown = true
		}
	}()
	done = func(i int) {
		mu.Lock()
		defer mu.Unlock()
		delete(pending, i)
	}
	return done, func() { close(stop); <-cleared }
}
