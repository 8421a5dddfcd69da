// Command origincheck runs the checks of data "origin_health" from a shell:
// for a 502 happening now, for CDK and CloudFormation users, and for CI
// outside Terraform. It uses the same engine, check catalog and result
// object as the provider.
//
//	origincheck [flags] DOMAIN...
//	origincheck [flags] --config distribution-config.json
//	origincheck --list-checks [--json]
//
// Exit status: 0 healthy, 1 warnings only, 2 a check failed (CloudFront
// would answer 502), 3 usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/netip"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/httpcheck"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
	"github.com/originhealth/terraform-provider-origin/internal/resultview"
	"github.com/originhealth/terraform-provider-origin/internal/settings"
)

// version is set by goreleaser through -ldflags "-X main.version=...".
var version = "dev"

// Exit statuses.
const (
	exitHealthy  = 0
	exitWarnings = 1
	exitFailed   = 2
	exitUsage    = 3
)

// lookupEnv reads the ORIGIN_* fallbacks and NO_COLOR; tests replace it.
var lookupEnv = os.LookupEnv

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := runContext(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole command, minus the signal handling.
func run(args []string, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdout, stderr)
}

// usageError is a problem with the command line or its input files: exit 3.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// listFlag is a comma-separated list flag; repeating the flag appends.
type listFlag struct {
	values []string
	set    bool
}

func (l *listFlag) String() string { return strings.Join(l.values, ",") }
func (l *listFlag) Set(s string) error {
	l.values = append(l.values, settings.SplitList(s)...)
	l.set = true
	return nil
}

// headerFlag collects NAME:VALUE request headers.
type headerFlag map[string]string

func (h *headerFlag) String() string { return fmt.Sprintf("%d headers", len(*h)) }
func (h *headerFlag) Set(s string) error {
	name, value, ok := strings.Cut(s, ":")
	if !ok || strings.TrimSpace(name) == "" {
		return fmt.Errorf("%q is not NAME:VALUE", s)
	}
	if *h == nil {
		*h = headerFlag{}
	}
	(*h)[strings.TrimSpace(name)] = strings.TrimSpace(value)
	return nil
}

// httpFlags are the flags that make up http_request.
var httpFlags = []string{"http-request", "http-request-path", "http-request-method", "http-request-header", "origin-read-timeout", "origin-keepalive-timeout", "measure-keepalive"}

// request is the http_request the flags ask for, nil when none did.
// With --config, origin carries the origin's own path, custom headers and
// timeouts, which the flags' path joins and their values override.
func (o *options) request(origin *configOrigin) *originspec.HTTPRequest {
	if !slices.ContainsFunc(httpFlags, func(f string) bool { return o.set[f] }) {
		return nil
	}
	r := originspec.HTTPRequest{Path: o.httpPath, Method: o.httpMethod, Headers: map[string]string{},
		ReadTimeout: o.readTimeout, KeepaliveTimeout: o.keepaliveTimeout, MeasureKeepalive: o.measureKeepalive}
	if origin != nil {
		r.Path = originspec.JoinOriginPath(origin.originPath, r.Path)
		maps.Copy(r.Headers, origin.headers)
		if !o.set["origin-read-timeout"] && origin.readTimeout > 0 {
			r.ReadTimeout = origin.readTimeout
		}
		if !o.set["origin-keepalive-timeout"] && origin.keepaliveTimeout > 0 {
			r.KeepaliveTimeout = origin.keepaliveTimeout
		}
	}
	maps.Copy(r.Headers, o.httpHeaders)
	r = r.Normalize()
	return &r
}

// options is the parsed command line.
type options struct {
	// origin_health arguments.
	policy, hostHeader, ipAddressType, reachableFrom, clientCertificateARN string
	httpPort, httpsPort, connectionAttempts, connectionTimeout, expiryDays int
	sslProtocols, skipChecks                                               listFlag
	// http_request: sent when any of these flags is given.
	httpRequest                   bool
	httpPath, httpMethod          string
	httpHeaders                   headerFlag
	readTimeout, keepaliveTimeout int
	measureKeepalive              bool
	// Provider settings.
	timeout, trustedCAFile   string
	resolvers, rootServers   listFlag
	allowPrivate             bool
	maxConcurrency           int
	config                   string
	json, verbose, listCheck bool
	showVersion              bool

	domains []string
	// set holds the names of the flags given.
	set map[string]bool
}

// originFlags are the flags a CloudFront distribution config already
// gives per origin; with --config they would contradict it.
var originFlags = []string{
	"origin-protocol-policy", "http-port", "https-port", "origin-ssl-protocols", "ip-address-type",
	"connection-attempts", "connection-timeout", "client-certificate-arn",
}

func newFlagSet(o *options) *flag.FlagSet {
	fs := flag.NewFlagSet("origincheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	// origin_health's arguments.
	fs.StringVar(&o.policy, "origin-protocol-policy", originspec.DefaultPolicy, "`POLICY`: http-only, https-only or match-viewer (both ports)")
	fs.IntVar(&o.httpPort, "http-port", originspec.DefaultHTTPPort, "`PORT` CloudFront uses for HTTP (80, 443 or 1024-65535)")
	fs.IntVar(&o.httpsPort, "https-port", originspec.DefaultHTTPSPort, "`PORT` CloudFront uses for HTTPS (80, 443 or 1024-65535)")
	fs.Var(&o.sslProtocols, "origin-ssl-protocols", "`LIST` of protocols CloudFront offers, comma-separated: SSLv3,TLSv1,TLSv1.1,TLSv1.2 (default TLSv1.2)")
	fs.StringVar(&o.hostHeader, "host-header", "", "`HOST` CloudFront forwards (viewer Host or origin custom header): sent as SNI, the certificate must cover it")
	fs.StringVar(&o.ipAddressType, "ip-address-type", originspec.IPv4, "`TYPE`: ipv4, ipv6 or dualstack: the address families CloudFront uses")
	fs.StringVar(&o.reachableFrom, "reachable-from", originspec.ReachableFromAnywhere, "`WHO`: anywhere, or cloudfront for an origin admitting only CloudFront's ranges")
	fs.IntVar(&o.connectionAttempts, "connection-attempts", originspec.DefaultConnectionAttempts, "`N` connection attempts, 1-3, as CloudFront's connection_attempts")
	fs.IntVar(&o.connectionTimeout, "connection-timeout", originspec.DefaultConnectionTimeout, "`SECONDS` CloudFront waits for a connection, 1-10")
	fs.StringVar(&o.clientCertificateARN, "client-certificate-arn", "", "`ARN` of the ACM client certificate CloudFront presents (origin_mtls_config)")
	fs.IntVar(&o.expiryDays, "certificate-expiry-warning-days", originspec.DefaultExpiryWarningDays, "warn when the certificate expires within `DAYS`")
	fs.Var(&o.skipChecks, "skip-checks", "`IDS` of checks to skip, comma-separated (see --list-checks)")
	// http_request's fields; any of them sends the request.
	fs.BoolVar(&o.httpRequest, "http-request", false, "send CloudFront's origin request and judge the answer (http_request with its defaults)")
	fs.StringVar(&o.httpPath, "http-request-path", originspec.DefaultHTTPPath, "`PATH` of the request (joined under OriginPath with --config)")
	fs.StringVar(&o.httpMethod, "http-request-method", "HEAD", "`METHOD`: HEAD or GET")
	fs.Var(&o.httpHeaders, "http-request-header", "`NAME:VALUE` header to send, repeatable (with --config, the origins' custom headers are sent too)")
	fs.IntVar(&o.readTimeout, "origin-read-timeout", originspec.DefaultOriginReadTimeout, "`SECONDS` to the first byte, 1-120 (with --config, the origin's own unless given)")
	fs.IntVar(&o.keepaliveTimeout, "origin-keepalive-timeout", originspec.DefaultOriginKeepaliveTimeout, "`SECONDS` CloudFront keeps an idle connection, 1-120")
	fs.BoolVar(&o.measureKeepalive, "measure-keepalive", false, "watch the idle connection for origin_keepalive_timeout after the response")
	// The provider's settings.
	fs.StringVar(&o.timeout, "timeout", "", "`DURATION`: deadline for all checks of one origin (default: what its own settings make CloudFront wait; env ORIGIN_TIMEOUT)")
	fs.Var(&o.resolvers, "dns-resolvers", "`LIST` of recursive resolvers ip[:port] to use instead of walking from the roots (env ORIGIN_DNS_RESOLVERS)")
	fs.Var(&o.rootServers, "dns-root-servers", "`LIST` of root servers ip[:port] the walk starts from (default IANA's; env ORIGIN_DNS_ROOT_SERVERS)")
	fs.StringVar(&o.trustedCAFile, "trusted-ca-pem", "", "`FILE` of PEM CA certificates trusted besides Mozilla's bundle (env ORIGIN_TRUSTED_CA_PEM holds PEM text)")
	fs.BoolVar(&o.allowPrivate, "allow-private-addresses", false, "probe loopback and private addresses instead of failing dns.private_address (env ORIGIN_ALLOW_PRIVATE_ADDRESSES)")
	fs.IntVar(&o.maxConcurrency, "max-concurrency", settings.DefaultMaxConcurrency, "`N` origins checked at once, 1-1024 (env ORIGIN_MAX_CONCURRENCY)")
	// The command's own.
	fs.StringVar(&o.config, "config", "", "`FILE` with a distribution's origins, as aws cloudfront get-distribution-config prints them (or a bare list of origins)")
	fs.BoolVar(&o.json, "json", false, "print the result object of data \"origin_health\" as JSON")
	fs.BoolVar(&o.verbose, "v", false, "list passed and skipped checks too")
	fs.BoolVar(&o.verbose, "verbose", false, "same as -v")
	fs.BoolVar(&o.listCheck, "list-checks", false, "print the check catalog and exit")
	fs.BoolVar(&o.showVersion, "version", false, "print the version and exit")
	return fs
}

const usageHead = `Usage: origincheck [flags] DOMAIN...
       origincheck [flags] --config FILE
       origincheck --list-checks [--json]

Checks origins the way a CloudFront edge reaches them (DNS from the root
servers, TCP to every address, TLS with CloudFront's SNI, protocols and
ciphers) and tells whether CloudFront would answer 502, with the fix: the
checks of the Terraform data source "origin_health", without Terraform.

Exit status: 0 healthy, 1 warnings only, 2 a check failed, 3 usage error.

List values are comma-separated (--origin-ssl-protocols TLSv1.1,TLSv1.2).
`

// usageSections orders the flags in --help.
var usageSections = []struct {
	title string
	flags []string
}{
	{"Origin (the origin_health arguments)", []string{
		"origin-protocol-policy", "http-port", "https-port", "origin-ssl-protocols", "host-header", "ip-address-type",
		"reachable-from", "connection-attempts", "connection-timeout", "client-certificate-arn",
		"certificate-expiry-warning-days", "skip-checks"}},
	{"Checker (the provider's settings; each falls back to its ORIGIN_* variable)", []string{
		"timeout", "dns-resolvers", "dns-root-servers", "trusted-ca-pem", "allow-private-addresses", "max-concurrency"}},
	{"Input and output", []string{"config", "json", "v", "list-checks", "version"}},
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, usageHead)
	fs := newFlagSet(&options{})
	for _, sec := range usageSections {
		fmt.Fprintf(w, "\n%s:\n", sec.title)
		for _, name := range sec.flags {
			f := fs.Lookup(name)
			arg, usage := flag.UnquoteUsage(f)
			dashes := "--"
			if len(name) == 1 {
				dashes = "-"
			}
			line := "  " + dashes + name
			if arg != "" {
				line += " " + arg
			}
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
				usage += " (default " + f.DefValue + ")"
			}
			fmt.Fprintf(w, "%s\n      %s\n", line, usage)
		}
	}
}

// parseArgs parses flags and DOMAIN arguments in any order; "--" ends the
// flags.
func parseArgs(args []string) (*options, error) {
	o := &options{set: map[string]bool{}}
	fs := newFlagSet(o)
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%s", flagDashes.Replace(err.Error()))
		}
		left := fs.Args()
		if consumed := len(rest) - len(left); consumed > 0 && rest[consumed-1] == "--" {
			o.domains = append(o.domains, left...)
			break
		}
		if len(left) == 0 {
			break
		}
		o.domains = append(o.domains, left[0])
		rest = left[1:]
	}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	return o, nil
}

func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseArgs(args)
	if errors.Is(err, flag.ErrHelp) {
		printUsage(stdout)
		return exitHealthy
	}
	if err == nil {
		switch {
		case o.showVersion:
			fmt.Fprintln(stdout, "origincheck", versionString())
			return exitHealthy
		case o.listCheck:
			if err := listChecks(stdout, o.json); err != nil {
				fmt.Fprintln(stderr, "origincheck:", err)
				return exitUsage
			}
			return exitHealthy
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
		return exitUsage
	}

	e := engine.New(opts)
	done, finish := progress(stderr, p.targets)
	res := e.CheckDistribution(ctx, p.distribution(done))
	finish()

	out := newPrinter(stdout, o.verbose, colorWanted(stdout))
	if o.json {
		err = out.json(p, res)
	} else {
		out.human(p, res)
	}
	if err != nil {
		fmt.Fprintln(stderr, "origincheck:", err)
		return exitUsage
	}
	return exitCode(p, res)
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
	fromConfig bool
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
		p.groups = dist.groups
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

// flagDashes writes the flag package's -name as --name.
var flagDashes = strings.NewReplacer(": -", ": --", "flag -", "flag --")

// flagWords turns the attribute names in originspec's wording into flags.
var flagWords = strings.NewReplacer("http_port/https_port", "--http-port/--https-port")

func dedupe(list []string) []string {
	var out []string
	for _, s := range list {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// validate applies the data source's argument validators to the flags:
// a value Terraform would refuse at validation is a usage error here.
func (o *options) validate() error {
	oneOf := func(flagName, v string, allowed []string) error {
		if slices.Contains(allowed, v) {
			return nil
		}
		return usagef("--%s %q: use one of %s", flagName, v, strings.Join(allowed, ", "))
	}
	between := func(flagName string, v, lo, hi int) error {
		if v >= lo && v <= hi {
			return nil
		}
		return usagef("--%s %d: use a number from %d to %d", flagName, v, lo, hi)
	}
	var errs []error
	errs = append(errs,
		oneOf("origin-protocol-policy", o.policy, originspec.Policies),
		oneOf("ip-address-type", o.ipAddressType, originspec.IPAddressTypes),
		oneOf("reachable-from", o.reachableFrom, originspec.ReachableFromValues),
		between("http-port", o.httpPort, 1, 65535),
		between("https-port", o.httpsPort, 1, 65535),
		between("connection-attempts", o.connectionAttempts, originspec.MinConnectionAttempts, originspec.MaxConnectionAttempts),
		between("connection-timeout", o.connectionTimeout, originspec.MinConnectionTimeout, originspec.MaxConnectionTimeout),
		between("certificate-expiry-warning-days", o.expiryDays, 0, 3650),
	)
	if o.set["max-concurrency"] {
		errs = append(errs, between("max-concurrency", o.maxConcurrency, 1, settings.MaxMaxConcurrency))
	}
	if problem := originspec.HostProblem(o.hostHeader); problem != "" {
		errs = append(errs, usagef("--host-header %q %s: give the host name CloudFront forwards, such as www.example.com", o.hostHeader, problem))
	}
	errs = append(errs,
		oneOf("http-request-method", o.httpMethod, originspec.HTTPMethods),
		between("origin-read-timeout", o.readTimeout, originspec.MinOriginReadTimeout, originspec.MaxOriginReadTimeout),
		between("origin-keepalive-timeout", o.keepaliveTimeout, originspec.MinOriginKeepaliveTimeout, originspec.MaxOriginKeepaliveTimeout),
	)
	if problem := originspec.PathProblem(o.httpPath); problem != "" {
		errs = append(errs, usagef("--http-request-path %q %s", originspec.DisplayPath(o.httpPath), problem))
	}
	for name, value := range o.httpHeaders {
		if why := httpcheck.ValidHeader(name, value); why != "" {
			errs = append(errs, usagef("--http-request-header %q: %s", name, why)) // the value may be secret
		}
	}
	if o.set["client-certificate-arn"] && strings.TrimSpace(o.clientCertificateARN) == "" {
		errs = append(errs, usagef("--client-certificate-arn is empty: give the ACM certificate's ARN, arn:aws:acm:us-east-1:<account>:certificate/<id>"))
	}
	for _, id := range o.skipChecks.values {
		if _, ok := report.Lookup(report.ID(id)); !ok {
			errs = append(errs, usagef("--skip-checks: %q is not a check id (origincheck --list-checks prints them)", id))
		}
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// engineOptions maps the provider-setting flags to engine.Options through
// internal/settings, as the provider block does, ORIGIN_* fallbacks included.
func (o *options) engineOptions() (engine.Options, error) {
	var s settings.Settings
	if o.set["timeout"] {
		s.Timeout = &o.timeout
	}
	if o.resolvers.set {
		s.DNSResolvers = &o.resolvers.values
	}
	if o.rootServers.set {
		s.DNSRootServers = &o.rootServers.values
	}
	if o.set["trusted-ca-pem"] {
		data, err := os.ReadFile(o.trustedCAFile)
		if err != nil {
			return engine.Options{}, usagef("--trusted-ca-pem: %v", err)
		}
		pemText := string(data)
		s.TrustedCAPEM = &pemText
	}
	if o.set["max-concurrency"] {
		s.MaxConcurrency = &o.maxConcurrency
	}
	if o.set["allow-private-addresses"] {
		s.AllowPrivateAddresses = &o.allowPrivate
	}
	opts, problems := s.Options(lookupEnv)
	if len(problems) > 0 {
		p := problems[0]
		where := "--" + strings.ReplaceAll(p.Setting, "_", "-")
		if p.From != "" {
			where = p.From
		}
		if p.Setting == settings.TrustedCAPEM && p.From == "" {
			where += " " + o.trustedCAFile
		}
		return opts, usagef("%s: %s", where, p.Detail)
	}
	return opts, nil
}

// distribution is what the engine checks: every target, by its index
// (DOMAIN arguments may repeat), and with --config the origin groups.
// checked is called with each target's index as it finishes.
func (p *plan) distribution(checked func(int)) engine.Distribution {
	d := engine.Distribution{Checked: checked}
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

// verdict grades one result: its worst check.
func verdict(v resultview.Health) report.Status {
	switch {
	case !v.Healthy:
		return report.Fail
	case slices.ContainsFunc(slices.Collect(maps.Values(v.Checks)), func(c resultview.Check) bool { return c.Status == string(report.Warn) }):
		return report.Warn
	}
	return report.Pass
}

// exitCode is the worst verdict: a failure when the distribution (or a
// DOMAIN) would answer 502, else warnings when any origin or group warns.
func exitCode(p *plan, res engine.DistributionResult) int {
	worst := report.Pass
	raise := func(s report.Status) {
		if s == report.Fail || (s == report.Warn && worst == report.Pass) {
			worst = s
		}
	}
	if !res.Healthy {
		raise(report.Fail)
	}
	for i, t := range p.targets {
		if v := verdict(resultview.FromResult(t.spec, res.Origins[p.key(i)])); v != report.Pass {
			raise(report.Warn) // a failure that counts made res unhealthy above
		}
	}
	for _, g := range res.Groups {
		raise(g.Status)
	}
	switch worst {
	case report.Fail:
		return exitFailed
	case report.Warn:
		return exitWarnings
	}
	return exitHealthy
}

// listChecks prints the catalog: id, category and title, or with asJSON
// every field of each definition.
func listChecks(w io.Writer, asJSON bool) error {
	defs := report.All()
	if asJSON {
		type def struct {
			ID          string `json:"id"`
			Category    string `json:"category"`
			Title       string `json:"title"`
			Cause       string `json:"cause"`
			Consequence string `json:"consequence"`
			Remediation string `json:"remediation"`
			Attribute   string `json:"attribute,omitempty"`
			// The status CloudFront returns when the check fails; none for
			// a configuration CloudFront rejects.
			CloudFrontAnswers int `json:"cloudfront_answers,omitempty"`
		}
		list := make([]def, 0, len(defs))
		for _, d := range defs {
			list = append(list, def{string(d.ID), string(d.Category), d.Title, string(d.Cause), d.Consequence, d.Remediation, d.Attribute, d.Answers})
		}
		return writeJSON(w, list)
	}
	width := 0
	for _, d := range defs {
		width = max(width, len(d.ID))
	}
	for _, d := range defs {
		if _, err := fmt.Fprintf(w, "%-*s  %-6s  %s\n", width, d.ID, d.Category, d.Title); err != nil {
			return err
		}
	}
	return nil
}

func versionString() string {
	if version != "dev" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version // go install ...@version
	}
	return version
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
