package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/httpcheck"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
	"github.com/originhealth/terraform-provider-origin/internal/settings"
)

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
	// format is --format, or json for --json; failOn is --fail-on.
	format, failOn string
	noColor        bool

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

// flagSet is the command's flag.FlagSet and the --help sections its flags
// were registered in, in registration order: --help is generated from it,
// so a flag cannot be missing from it.
type flagSet struct {
	*flag.FlagSet
	sections []helpSection
}

// helpSection is one group of flags in --help.
type helpSection struct {
	title string
	flags []string
}

func (f *flagSet) section(title string) {
	f.sections = append(f.sections, helpSection{title: title})
}

func (f *flagSet) add(name string) {
	s := &f.sections[len(f.sections)-1]
	s.flags = append(s.flags, name)
}

func (f *flagSet) str(p *string, name, value, usage string) {
	f.StringVar(p, name, value, usage)
	f.add(name)
}
func (f *flagSet) num(p *int, name string, value int, usage string) {
	f.IntVar(p, name, value, usage)
	f.add(name)
}
func (f *flagSet) boolean(p *bool, name string, usage string) {
	f.BoolVar(p, name, false, usage)
	f.add(name)
}
func (f *flagSet) value(v flag.Value, name, usage string) { f.Var(v, name, usage); f.add(name) }

func newFlagSet(o *options) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet("origincheck", flag.ContinueOnError)}
	fs.SetOutput(io.Discard)
	fs.section("Origin (the origin_health arguments)")
	fs.str(&o.policy, "origin-protocol-policy", originspec.DefaultPolicy, "`POLICY`: http-only, https-only or match-viewer (both ports)")
	fs.num(&o.httpPort, "http-port", originspec.DefaultHTTPPort, "`PORT` CloudFront uses for HTTP (80, 443 or 1024-65535)")
	fs.num(&o.httpsPort, "https-port", originspec.DefaultHTTPSPort, "`PORT` CloudFront uses for HTTPS (80, 443 or 1024-65535)")
	fs.value(&o.sslProtocols, "origin-ssl-protocols", "`LIST` of protocols CloudFront offers, comma-separated: SSLv3,TLSv1,TLSv1.1,TLSv1.2 (default TLSv1.2)")
	fs.str(&o.hostHeader, "host-header", "", "`HOST` CloudFront forwards (viewer Host or origin custom header): sent as SNI, the certificate must cover it")
	fs.str(&o.ipAddressType, "ip-address-type", originspec.IPv4, "`TYPE`: ipv4, ipv6 or dualstack: the address families CloudFront uses")
	fs.str(&o.reachableFrom, "reachable-from", originspec.ReachableFromAnywhere, "`WHO`: anywhere, or cloudfront for an origin admitting only CloudFront's ranges")
	fs.num(&o.connectionAttempts, "connection-attempts", originspec.DefaultConnectionAttempts, "`N` connection attempts, 1-3, as CloudFront's connection_attempts")
	fs.num(&o.connectionTimeout, "connection-timeout", originspec.DefaultConnectionTimeout, "`SECONDS` CloudFront waits for a connection, 1-10")
	fs.str(&o.clientCertificateARN, "client-certificate-arn", "", "`ARN` of the ACM client certificate CloudFront presents (origin_mtls_config)")
	fs.num(&o.expiryDays, "certificate-expiry-warning-days", originspec.DefaultExpiryWarningDays, "warn when the certificate expires within `DAYS`")
	fs.value(&o.skipChecks, "skip-checks", "`IDS` of checks to skip, comma-separated (see --list-checks)")
	fs.section("HTTP request (http_request: any of these sends CloudFront's origin request)")
	fs.boolean(&o.httpRequest, "http-request", "send CloudFront's origin request and judge the answer (http_request with its defaults)")
	fs.str(&o.httpPath, "http-request-path", originspec.DefaultHTTPPath, "`PATH` of the request (joined under OriginPath with --config)")
	fs.str(&o.httpMethod, "http-request-method", "HEAD", "`METHOD`: HEAD or GET")
	fs.value(&o.httpHeaders, "http-request-header", "`NAME:VALUE` header to send, repeatable (with --config, the origins' custom headers are sent too)")
	fs.num(&o.readTimeout, "origin-read-timeout", originspec.DefaultOriginReadTimeout, "`SECONDS` to the first byte, 1-120 (with --config, the origin's own unless given)")
	fs.num(&o.keepaliveTimeout, "origin-keepalive-timeout", originspec.DefaultOriginKeepaliveTimeout, "`SECONDS` CloudFront keeps an idle connection, 1-120")
	fs.boolean(&o.measureKeepalive, "measure-keepalive", "watch the idle connection for origin_keepalive_timeout after the response")
	fs.section("Checker (the provider's settings; each falls back to its ORIGIN_* variable)")
	fs.str(&o.timeout, "timeout", "", "`DURATION`: deadline for all checks of one origin (default: what its own settings make CloudFront wait; env ORIGIN_TIMEOUT)")
	fs.value(&o.resolvers, "dns-resolvers", "`LIST` of recursive resolvers ip[:port] to use instead of walking from the roots (env ORIGIN_DNS_RESOLVERS)")
	fs.value(&o.rootServers, "dns-root-servers", "`LIST` of root servers ip[:port] the walk starts from (default IANA's; env ORIGIN_DNS_ROOT_SERVERS)")
	fs.str(&o.trustedCAFile, "trusted-ca-pem", "", "`FILE` of PEM CA certificates trusted besides Mozilla's bundle (env ORIGIN_TRUSTED_CA_PEM holds PEM text)")
	fs.boolean(&o.allowPrivate, "allow-private-addresses", "probe loopback and private addresses instead of failing dns.private_address (env ORIGIN_ALLOW_PRIVATE_ADDRESSES)")
	fs.num(&o.maxConcurrency, "max-concurrency", settings.DefaultMaxConcurrency, "`N` origins checked at once, 1-1024 (env ORIGIN_MAX_CONCURRENCY)")
	fs.section("Input")
	fs.str(&o.config, "config", "", "`FILE` with a distribution's origins, JSON or YAML: aws cloudfront get-distribution-config's output, a bare list of origins, or a CloudFormation template")
	fs.section("Output and exit status")
	fs.str(&o.format, "format", "", "`FORMAT`: text, json, sarif (SARIF 2.1.0), junit (JUnit XML) or github (workflow annotations) (default text; github when GITHUB_ACTIONS=true)")
	fs.boolean(&o.json, "json", "same as --format json (with --list-checks: every field of the catalog)")
	fs.str(&o.failOn, "fail-on", failOnWarn, "`LEVEL`: warn (warnings exit 1) or fail (warnings exit 0; only a failure is non-zero)")
	fs.boolean(&o.noColor, "no-color", "no colour in the text output (also NO_COLOR; FORCE_COLOR or CLICOLOR_FORCE forces it off a terminal)")
	fs.boolean(&o.verbose, "v", "list passed and skipped checks too, and the addresses, name servers and TLS details")
	fs.boolean(&o.verbose, "verbose", "same as -v")
	fs.boolean(&o.listCheck, "list-checks", "print the check catalog and exit")
	fs.boolean(&o.showVersion, "version", "print the version and exit")
	return fs
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

// flagDashes writes the flag package's -name as --name.
var flagDashes = strings.NewReplacer(": -", ": --", "flag -", "flag --")

// flagWords turns the attribute names in originspec's wording into flags.
var flagWords = strings.NewReplacer("http_port/https_port", "--http-port/--https-port")

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

// Output formats.
const (
	formatText   = "text"
	formatJSON   = "json"
	formatSARIF  = "sarif"
	formatJUnit  = "junit"
	formatGitHub = "github"
)

var formats = []string{formatText, formatJSON, formatSARIF, formatJUnit, formatGitHub}

// resolveFormat settles --format, --json and --fail-on: --json is
// --format json; without either, github inside GitHub Actions, else text.
func (o *options) resolveFormat() error {
	if !slices.Contains(failOnValues, o.failOn) {
		return usagef("--fail-on %q: use one of %s", o.failOn, strings.Join(failOnValues, ", "))
	}
	switch {
	case o.json && o.format != "" && o.format != formatJSON:
		return usagef("--json and --format %s: --json is --format json; give one", o.format)
	case o.json:
		o.format = formatJSON
	case o.format == "":
		o.format = formatText
		if v, _ := lookupEnv("GITHUB_ACTIONS"); v == "true" {
			o.format = formatGitHub
		}
	case !slices.Contains(formats, o.format):
		return usagef("--format %q: use one of %s", o.format, strings.Join(formats, ", "))
	}
	if o.listCheck && o.format != formatText && o.format != formatJSON && o.set["format"] {
		return usagef("--list-checks --format %s: the catalog prints as text or json", o.format)
	}
	return nil
}
