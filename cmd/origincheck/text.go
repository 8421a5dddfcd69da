package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/originhealth/terraform-provider-origin/internal/report"
	"github.com/originhealth/terraform-provider-origin/internal/resultview"
)

type printer struct {
	w       io.Writer
	verbose bool
	color   bool
}

func newPrinter(w io.Writer, verbose, color bool) *printer {
	return &printer{w: w, verbose: verbose, color: color}
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

// level is a check's label: FAIL, WARN, note (not verified from this
// machine), skip or pass.
func (p *printer) level(l string) string {
	if l == levelNote {
		return p.paint(dim, "note")
	}
	return p.status(report.Status(l))
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
func (p *printer) human(out *outcome) {
	pl, res := out.plan, out.res
	for i, o := range out.origins {
		if i > 0 {
			fmt.Fprintln(p.w)
		}
		lines := strings.Split(o.report.Summary, "\n")
		label := ""
		if pl.fromConfig {
			label = o.id + ": "
		}
		fmt.Fprintf(p.w, "%s %s%s\n", p.mark(o.grade), label, lines[0])
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, "INCOMPLETE:") || strings.HasPrefix(l, "NOT VERIFIED") {
				fmt.Fprintf(p.w, "     %s\n", l)
			}
		}
		if o.spec.IsVPCOrigin() {
			fmt.Fprintf(p.w, "     network checks not run: CloudFront reaches this VPC origin (%s) inside the VPC\n", o.spec.VPCOriginID)
		}
		for _, c := range o.report.Checks {
			s := c.Status
			// A check the user skipped shows by default: the skip may hide a failure.
			if !p.verbose && s != report.Fail && s != report.Warn && !o.skip[c.ID] {
				continue
			}
			fmt.Fprintf(p.w, "     %s %s: %s\n", p.level(findingLevel(c)), c.ID, c.Message)
			if c.Remediation != "" && (s == report.Fail || s == report.Warn) {
				fmt.Fprintf(p.w, "          fix: %s\n", c.Remediation)
			}
		}
		if p.verbose {
			p.details(o.view)
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
	if len(out.origins) > 1 && !pl.fromConfig {
		fmt.Fprintf(p.w, "\n%s\n", out.summary)
	}
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

// colorWanted: never with --no-color or NO_COLOR set; always with
// FORCE_COLOR or CLICOLOR_FORCE set (not to 0); else on a terminal whose
// TERM is not dumb.
func colorWanted(w io.Writer, noColor bool) bool {
	set := func(name string) bool {
		v, ok := lookupEnv(name)
		return ok && v != ""
	}
	force := func(name string) bool {
		v, ok := lookupEnv(name)
		return ok && v != "" && v != "0" && !strings.EqualFold(v, "false")
	}
	switch {
	case noColor, set("NO_COLOR"):
		return false
	case force("FORCE_COLOR"), force("CLICOLOR_FORCE"):
		return true
	}
	if v, _ := lookupEnv("TERM"); v == "dumb" {
		return false
	}
	return isTerminal(w)
}

// isTerminal: w is a terminal (not merely a character device: /dev/null
// is one too).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
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
