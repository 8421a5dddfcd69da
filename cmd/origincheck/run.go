package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
	"github.com/originhealth/terraform-provider-origin/internal/resultview"
)

func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseArgs(args)
	if errors.Is(err, flag.ErrHelp) {
		if err := printUsage(stdout); err != nil {
			fmt.Fprintln(stderr, "origincheck: writing the help:", err)
			return exitUnknown
		}
		return exitOK
	}
	if err == nil {
		err = o.resolveFormat()
	}
	if err == nil {
		switch {
		case o.showVersion:
			if _, err := fmt.Fprintln(stdout, "origincheck", versionString()); err != nil {
				fmt.Fprintln(stderr, "origincheck: writing the version:", err)
				return exitUnknown
			}
			return exitOK
		case o.listCheck:
			if err := listChecks(stdout, o.format == formatJSON); err != nil {
				fmt.Fprintln(stderr, "origincheck: writing the catalog:", err)
				return exitUnknown
			}
			return exitOK
		}
	}
	var p *plan
	if err == nil {
		p, err = o.plan()
	}
	var opts engine.Options
	if err == nil {
		opts, err = o.engineOptions()
	}
	if err != nil {
		fmt.Fprintf(stderr, "origincheck: %s\nRun 'origincheck --help' for the flags.\n", err)
		return exitUnknown
	}

	e := engine.New(opts)
	done, finish := progress(stderr, p.targets)
	res := e.CheckDistribution(ctx, p.distribution(done))
	finish()
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "origincheck: interrupted; no result")
		return exitInterrupted
	}
	out, err := newOutcome(p, res)
	if err != nil {
		fmt.Fprintln(stderr, "origincheck: the checks could not run:", err)
		return exitUnknown
	}
	w := &stickyWriter{w: stdout}
	err = write(w, o, out, colorWanted(stdout, o.noColor))
	if err == nil {
		err = w.err
	}
	if err != nil {
		fmt.Fprintln(stderr, "origincheck: writing the output:", err)
		return exitUnknown
	}
	return exitStatus(out.worst, o.failOn)
}

// write prints out in o's format.
func write(w io.Writer, o *options, out *outcome, color bool) error {
	switch o.format {
	case formatJSON:
		return writeEnvelope(w, out)
	case formatSARIF:
		return writeSARIF(w, out)
	case formatJUnit:
		return writeJUnit(w, out)
	case formatGitHub:
		return writeGitHub(w, out)
	}
	newPrinter(w, o.verbose, color).human(out)
	return nil
}

// stickyWriter keeps the first write error, so that the text output,
// which does not check each Fprintf, still exits 3 when stdout fails.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(b []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(b)
	s.err = err
	return n, err
}

// outcome is a finished run, as every output format reads it.
type outcome struct {
	plan    *plan
	res     engine.DistributionResult
	origins []checkedOrigin
	// healthy and summary are the run's verdict: the distribution's with
	// --config, else every DOMAIN's.
	healthy bool
	summary string
	// worst is the worst grade, which makes the exit status.
	worst report.Status
}

// checkedOrigin is one target and its result.
type checkedOrigin struct {
	target
	// report is the engine's, with checks in catalog order; view is the
	// result object (resultview), printed as it is in JSON.
	report report.Report
	view   resultview.Health
	grade  report.Status
}

// label names the origin in every format: its Id and domain with
// --config, else the DOMAIN.
func (c checkedOrigin) label(fromConfig bool) string {
	if fromConfig {
		return c.id + " (" + c.spec.DomainName + ")"
	}
	return c.id
}

func newOutcome(p *plan, res engine.DistributionResult) (*outcome, error) {
	out := &outcome{plan: p, res: res, healthy: res.Healthy, worst: report.Pass}
	counts := map[report.Status]int{}
	for i, t := range p.targets {
		r, ok := res.Origins[p.key(i)]
		if !ok {
			return nil, fmt.Errorf("no result for origin %s", t.id)
		}
		view := resultview.FromResult(t.spec, r)
		view.SkipChecks = p.skipChecks
		c := checkedOrigin{target: t, report: r.Report, view: view, grade: grade(r.Report)}
		counts[c.grade]++
		// A failing origin that the distribution survives (its group
		// fails over) is a warning; the distribution's verdict decides.
		if c.grade != report.Pass {
			out.worst = worse(out.worst, report.Warn)
		}
		out.origins = append(out.origins, c)
	}
	for _, g := range res.Groups {
		s := g.Status
		if s == report.Fail && res.Healthy {
			s = report.Warn // a group no cache behaviour targets: no request fails
		}
		out.worst = worse(out.worst, s)
	}
	if !res.Healthy {
		out.worst = report.Fail
	}
	switch {
	case p.fromConfig:
		out.summary = res.Summary
	case len(out.origins) == 1:
		out.summary = out.origins[0].report.Summary
	default:
		out.summary = fmt.Sprintf("%d origins: %d healthy, %d with warnings, %d unhealthy",
			len(out.origins), counts[report.Pass], counts[report.Warn], counts[report.Fail])
	}
	return out, nil
}

// target is one origin to check.
type target struct {
	// id is the CloudFront origin id with --config, else the DOMAIN argument.
	id   string
	spec originspec.Spec
	skip map[report.ID]bool
}

// plan is what to check: the origins, and with --config the groups.
type plan struct {
	targets    []target
	groups     []originGroup
	behaviors  []engine.CacheBehavior
	fromConfig bool
	// configFile is --config's path.
	configFile string
	skipChecks []string
}

func (o *options) plan() (*plan, error) {
	switch {
	case o.config != "" && len(o.domains) > 0:
		return nil, usagef("give DOMAIN arguments or --config, not both (got --config %s and %s)", o.config, strings.Join(o.domains, " "))
	case o.config == "" && len(o.domains) == 0:
		return nil, usagef("no origin to check: give one or more DOMAIN arguments (origincheck origin.example.com) or --config FILE")
	}
	if err := o.validate(); err != nil {
		return nil, err
	}
	skip := map[report.ID]bool{}
	for _, id := range o.skipChecks.values {
		skip[report.ID(id)] = true
	}
	p := &plan{skipChecks: o.skipChecks.values}

	if o.config != "" {
		var given []string
		for _, name := range originFlags {
			if o.set[name] {
				given = append(given, "--"+name)
			}
		}
		if len(given) > 0 {
			return nil, usagef("%s: with --config each origin's settings come from the file; remove %s", strings.Join(given, ", "), strings.Join(given, ", "))
		}
		data, err := os.ReadFile(o.config)
		if err != nil {
			return nil, usagef("--config: %v", err)
		}
		dist, err := parseDistribution(data)
		if err != nil {
			return nil, usagef("--config %s: %v", o.config, err)
		}
		p.fromConfig = true
		p.configFile = o.config
		p.groups = dist.groups
		p.behaviors = dist.behaviors
		for _, origin := range dist.origins {
			t := target{id: origin.id, spec: origin.spec, skip: skip}
			t.spec.HTTPRequest = o.request(&origin)
			t.spec.HostHeader = o.hostHeader
			t.spec.ReachableFrom = o.reachableFrom
			t.spec.ExpiryWarningDays = o.expiryDays
			p.targets = append(p.targets, t)
		}
		return p, nil
	}

	for _, d := range o.domains {
		if a, err := netip.ParseAddr(strings.Trim(strings.TrimSpace(d), "[]")); err == nil {
			return nil, usagef("DOMAIN %q is an IP address: CloudFront origins are host names (check config.ip_literal); give the DNS name CloudFront's origin domain_name has", a.String())
		}
		if problem := originspec.DomainProblem(d); problem != "" {
			return nil, usagef("DOMAIN %q %s", d, flagWords.Replace(problem))
		}
	}
	for _, d := range dedupe(o.domains) {
		spec := originspec.Spec{
			DomainName:         d,
			ProtocolPolicy:     o.policy,
			HTTPPort:           o.httpPort,
			HTTPSPort:          o.httpsPort,
			HostHeader:         o.hostHeader,
			ExpiryWarningDays:  o.expiryDays,
			IPAddressType:      o.ipAddressType,
			ConnectionAttempts: o.connectionAttempts,
			ConnectionTimeout:  o.connectionTimeout,
			ReachableFrom:      o.reachableFrom,
			HTTPRequest:        o.request(nil),
		}
		if o.sslProtocols.set {
			spec.SSLProtocols = append([]string{}, o.sslProtocols.values...)
		}
		if o.set["client-certificate-arn"] {
			spec.ClientCertificateDeclared = true
			spec.ClientCertificateARN = o.clientCertificateARN
		}
		p.targets = append(p.targets, target{id: d, spec: spec, skip: skip})
	}
	return p, nil
}

func dedupe(list []string) []string {
	var out []string
	for _, s := range list {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// distribution is what the engine checks: every target, by its index
// (DOMAIN arguments may repeat), and with --config the origin groups.
// checked is called with each target's index as it finishes.
func (p *plan) distribution(checked func(int)) engine.Distribution {
	d := engine.Distribution{Checked: checked, Behaviors: p.behaviors}
	for i, t := range p.targets {
		d.Origins = append(d.Origins, engine.DistributionOrigin{ID: p.key(i), Spec: t.spec, Skip: t.skip})
	}
	for _, g := range p.groups {
		d.Groups = append(d.Groups, engine.OriginGroup{ID: g.id, Members: g.members, FailoverStatusCodes: g.statusCodes})
	}
	return d
}

// key is target i's id in the engine's results: the origin Id with
// --config (groups name them), else its position.
func (p *plan) key(i int) string {
	if p.fromConfig {
		return p.targets[i].id
	}
	return strconv.Itoa(i)
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
