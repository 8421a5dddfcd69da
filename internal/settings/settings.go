// Package settings turns the provider's settings (timeout, dns_resolvers,
// dns_root_servers, trusted_ca_pem, max_concurrency,
// allow_private_addresses), as a provider block or origincheck's flags give
// them, into engine.Options, falling back to the ORIGIN_* environment
// variables for each one left unset. The provider and origincheck share it,
// so both read the same values the same way; each words the problems in
// its own terms (attribute diagnostics, flag errors).
package settings

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/dnscheck"
	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/tlscheck"
)

// max_concurrency's default and upper bound: the provider's validator,
// ORIGIN_MAX_CONCURRENCY's parser and origincheck's -max-concurrency share them.
const (
	DefaultMaxConcurrency = 100
	MaxMaxConcurrency     = 1024
)

// The setting names, as provider attributes; Env gives their variables.
const (
	Timeout               = "timeout"
	DNSResolvers          = "dns_resolvers"
	DNSRootServers        = "dns_root_servers"
	TrustedCAPEM          = "trusted_ca_pem"
	MaxConcurrency        = "max_concurrency"
	AllowPrivateAddresses = "allow_private_addresses"
)

// Env maps each setting to its environment fallback.
var Env = map[string]string{
	Timeout:               "ORIGIN_TIMEOUT",
	DNSResolvers:          "ORIGIN_DNS_RESOLVERS",
	DNSRootServers:        "ORIGIN_DNS_ROOT_SERVERS",
	TrustedCAPEM:          "ORIGIN_TRUSTED_CA_PEM",
	MaxConcurrency:        "ORIGIN_MAX_CONCURRENCY",
	AllowPrivateAddresses: "ORIGIN_ALLOW_PRIVATE_ADDRESSES",
}

// OnFailureEnv, when set, overrides the on_failure of every data source
// (and ephemeral resource) for one run: ORIGIN_ON_FAILURE=ignore terraform
// destroy is never blocked by a check of an origin being torn down.
const OnFailureEnv = "ORIGIN_ON_FAILURE"

// OnFailureValues are on_failure's values, the default first.
var OnFailureValues = []string{"error", "warn", "ignore"}

// OnFailureOverride is ORIGIN_ON_FAILURE's value (lookup is os.LookupEnv in
// use): "" when it is unset or empty, else one of OnFailureValues, or a
// Problem saying what to write instead.
func OnFailureOverride(lookup func(string) (string, bool)) (string, *Problem) {
	v, _ := lookup(OnFailureEnv)
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	for _, ok := range OnFailureValues {
		if v == ok {
			return v, nil
		}
	}
	return "", &Problem{Setting: "on_failure", From: OnFailureEnv, Detail: fmt.Sprintf(
		"%q is not one of %s: it overrides on_failure of every origin_health and origin_distribution for this run; "+
			"use ignore to plan or destroy past failing checks (ORIGIN_ON_FAILURE=ignore terraform destroy), or unset it", v, strings.Join(OnFailureValues, ", "))}
}

// Settings are the values given explicitly; nil means not given, so the
// environment variable (then the default) applies. An empty list that was
// given stays given: it does not fall back.
type Settings struct {
	Timeout               *string
	DNSResolvers          *[]string
	DNSRootServers        *[]string
	TrustedCAPEM          *string
	MaxConcurrency        *int
	AllowPrivateAddresses *bool
}

// Problem is a setting whose value cannot be used.
type Problem struct {
	// Setting is the setting's name (Timeout, ...).
	Setting string
	// From is "" for an explicit value, else the environment variable the
	// value came from.
	From string
	// Detail says what is wrong and how to write it.
	Detail string
	// Secret marks a problem whose source must not be quoted back (a
	// private key in trusted_ca_pem): report it without pointing at the
	// value's location, whose source lines Terraform would print.
	Secret bool
}

// Summary is "Invalid <setting>", with " (from ENV)" when the value came
// from the environment.
func (p Problem) Summary() string {
	if p.From == "" {
		return "Invalid " + p.Setting
	}
	return "Invalid " + p.Setting + " (from " + p.From + ")"
}

// Options resolves s against the environment (lookup is os.LookupEnv in
// use) and returns the engine options, with a Problem per unusable value.
// The Logger is left for the caller to set.
func (s Settings) Options(lookup func(string) (string, bool)) (engine.Options, []Problem) {
	var problems []Problem
	bad := func(setting, from string, err error) {
		problems = append(problems, Problem{Setting: setting, From: from, Detail: err.Error()})
	}
	str := func(v *string, setting string) (value, from string, ok bool) {
		if v != nil {
			return *v, "", true
		}
		if e, set := lookup(Env[setting]); set {
			return e, Env[setting], true
		}
		return "", "", false
	}
	list := func(v *[]string, setting string) (values []string, from string) {
		if v != nil {
			return *v, ""
		}
		e, _ := lookup(Env[setting])
		return SplitList(e), Env[setting]
	}
	// No timeout unless set: each origin then gets what its own settings
	// make CloudFront wait (engine.Options.Timeout).
	opts := engine.Options{MaxConcurrency: DefaultMaxConcurrency}

	if v, from, ok := str(s.Timeout, Timeout); ok {
		d, err := ParseTimeout(v)
		if err != nil {
			bad(Timeout, from, err)
		}
		opts.Timeout = d
	}

	resolvers, from := list(s.DNSResolvers, DNSResolvers)
	addrs, err := ParseServers(resolvers)
	if err != nil {
		bad(DNSResolvers, from, err)
	}
	opts.DNS.Resolvers = addrs

	roots, from := list(s.DNSRootServers, DNSRootServers)
	addrs, err = ParseServers(roots)
	if err != nil {
		bad(DNSRootServers, from, err)
	}
	opts.DNS.RootServers = addrs
	if len(opts.DNS.RootServers) == 0 {
		opts.DNS.RootServers = dnscheck.DefaultRootServers()
	}

	opts.Roots = tlscheck.MozillaRoots()
	if v, from, ok := str(s.TrustedCAPEM, TrustedCAPEM); ok && strings.TrimSpace(v) != "" {
		pool, err := TrustedRoots(v)
		if err != nil {
			problems = append(problems, Problem{Setting: TrustedCAPEM, From: from, Detail: err.Error(), Secret: errors.Is(err, ErrPrivateKey)})
		}
		opts.Roots = pool
	}

	if s.MaxConcurrency != nil {
		opts.MaxConcurrency = *s.MaxConcurrency
	} else if v, set := lookup(Env[MaxConcurrency]); set && v != "" {
		n, err := ParseMaxConcurrency(v)
		if err != nil {
			bad(MaxConcurrency, Env[MaxConcurrency], err)
		}
		opts.MaxConcurrency = n
	}

	if s.AllowPrivateAddresses != nil {
		opts.AllowPrivateAddresses = *s.AllowPrivateAddresses
	} else if v, set := lookup(Env[AllowPrivateAddresses]); set && v != "" {
		allow, err := strconv.ParseBool(v)
		if err != nil {
			bad(AllowPrivateAddresses, Env[AllowPrivateAddresses], fmt.Errorf("%q is not true or false", v))
		}
		opts.AllowPrivateAddresses = allow
	}
	return opts, problems
}

// SplitList splits a comma-separated list, dropping blanks.
func SplitList(s string) []string {
	var values []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			values = append(values, v)
		}
	}
	return values
}

// ParseTimeout parses a positive Go duration such as "10s" or "1m30s".
func ParseTimeout(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration: use a number with a unit, such as \"10s\" or \"1m30s\"", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q must be greater than zero, such as \"10s\"", s)
	}
	return d, nil
}

// ParseMaxConcurrency parses a whole number between 1 and 1024.
func ParseMaxConcurrency(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxMaxConcurrency {
		return n, fmt.Errorf("%q is not a whole number between 1 and %d", s, MaxMaxConcurrency)
	}
	return n, nil
}

// ParseServer parses "ip", "ip:port" or "[ipv6]:port"; the port defaults to
// 53. IPv6 zones are refused: they do not survive being written back.
func ParseServer(s string) (netip.AddrPort, error) {
	if a, err := netip.ParseAddr(s); err == nil && a.Zone() == "" {
		return netip.AddrPortFrom(a, 53), nil
	}
	host, port, err := net.SplitHostPort(s)
	if err == nil {
		a, aerr := netip.ParseAddr(host)
		p, perr := strconv.ParseUint(port, 10, 16)
		if aerr == nil && perr == nil && p > 0 && a.Zone() == "" {
			return netip.AddrPortFrom(a, uint16(p)), nil
		}
	}
	return netip.AddrPort{}, fmt.Errorf("%q is not an IP address with an optional port: use \"192.0.2.53\", \"192.0.2.53:5353\" or \"[2001:db8::53]:53\" (host names are not accepted: they would need DNS to find DNS)", s)
}

// ParseServers parses each entry with ParseServer.
func ParseServers(list []string) ([]netip.AddrPort, error) {
	out := make([]netip.AddrPort, 0, len(list))
	for _, s := range list {
		ap, err := ParseServer(strings.TrimSpace(s))
		if err != nil {
			return nil, err
		}
		out = append(out, ap)
	}
	return out, nil
}

// ErrPrivateKey marks PEM text that holds a private key.
var ErrPrivateKey = errors.New("holds a private key")

// TrustedRoots is the Mozilla bundle plus the CA certificates in pemText.
// The pool returned on error is still the best that could be read. An
// error for text holding a private key wraps ErrPrivateKey and says to
// remove the key; it never quotes the text.
func TrustedRoots(pemText string) (*x509.CertPool, error) {
	pool, err := tlscheck.AddPEM(tlscheck.MozillaRoots(), pemText)
	if err != nil && strings.Contains(pemText, "PRIVATE KEY-----") {
		return pool, privateKeyError{err}
	}
	return pool, err
}

type privateKeyError struct{ err error }

func (e privateKeyError) Error() string {
	return e.err.Error() + ". It holds a private key, which never belongs in trusted_ca_pem: remove the key (and rotate it if this configuration was shared); give only the CA certificates."
}

func (e privateKeyError) Is(target error) bool { return target == ErrPrivateKey }
func (e privateKeyError) Unwrap() error        { return e.err }
