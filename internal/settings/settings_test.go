package settings

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/dnscheck"
)

func env(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

func TestOptionsDefaultsAndFallbacks(t *testing.T) {
	opts, problems := Settings{}.Options(env(nil))
	if len(problems) > 0 || opts.Timeout != 0 || opts.MaxConcurrency != DefaultMaxConcurrency || opts.AllowPrivateAddresses || len(opts.DNS.RootServers) == 0 {
		t.Fatalf("defaults: %+v %v", opts, problems)
	}

	vars := map[string]string{
		"ORIGIN_TIMEOUT": "3s", "ORIGIN_DNS_ROOT_SERVERS": "192.0.2.53, 192.0.2.54:5353", "ORIGIN_DNS_RESOLVERS": "",
		"ORIGIN_MAX_CONCURRENCY": "7", "ORIGIN_ALLOW_PRIVATE_ADDRESSES": "true",
	}
	opts, problems = Settings{}.Options(env(vars))
	if len(problems) > 0 || opts.Timeout != 3*time.Second || opts.MaxConcurrency != 7 || !opts.AllowPrivateAddresses ||
		len(opts.DNS.RootServers) != 2 || opts.DNS.RootServers[1].Port() != 5353 || len(opts.DNS.Resolvers) != 0 {
		t.Fatalf("from the environment: %+v %v", opts, problems)
	}

	// Explicit values win, an explicit empty list included.
	timeout, none, n, allow := "1m", []string{}, 2, false
	opts, problems = Settings{Timeout: &timeout, DNSRootServers: &none, MaxConcurrency: &n, AllowPrivateAddresses: &allow}.Options(env(vars))
	if len(problems) > 0 || opts.Timeout != time.Minute || opts.MaxConcurrency != 2 || opts.AllowPrivateAddresses {
		t.Fatalf("explicit: %+v %v", opts, problems)
	}
	if len(opts.DNS.RootServers) != len(dnscheck.DefaultRootServers()) {
		t.Errorf("an explicit empty dns_root_servers means the IANA roots, not the environment's: %v", opts.DNS.RootServers)
	}
}

func TestOptionsProblems(t *testing.T) {
	bad := "10"
	_, problems := Settings{Timeout: &bad}.Options(env(map[string]string{
		"ORIGIN_DNS_RESOLVERS": "ns.example", "ORIGIN_MAX_CONCURRENCY": "0", "ORIGIN_ALLOW_PRIVATE_ADDRESSES": "yes please",
		"ORIGIN_TRUSTED_CA_PEM": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
	}))
	got := map[string]Problem{}
	for _, p := range problems {
		got[p.Setting] = p
	}
	for setting, want := range map[string]string{
		Timeout:               "Invalid timeout",
		DNSResolvers:          "Invalid dns_resolvers (from ORIGIN_DNS_RESOLVERS)",
		MaxConcurrency:        "Invalid max_concurrency (from ORIGIN_MAX_CONCURRENCY)",
		AllowPrivateAddresses: "Invalid allow_private_addresses (from ORIGIN_ALLOW_PRIVATE_ADDRESSES)",
		TrustedCAPEM:          "Invalid trusted_ca_pem (from ORIGIN_TRUSTED_CA_PEM)",
	} {
		if p, ok := got[setting]; !ok || p.Summary() != want {
			t.Errorf("%s: %+v, want summary %q", setting, p, want)
		}
	}
	if p := got[TrustedCAPEM]; !p.Secret || strings.Contains(p.Detail, "AAAA") || !strings.Contains(p.Detail, "remove the key") {
		t.Errorf("a private key in trusted_ca_pem: %+v", p)
	}
	if _, err := TrustedRoots("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"); !errors.Is(err, ErrPrivateKey) {
		t.Errorf("TrustedRoots: %v, want ErrPrivateKey", err)
	}
}

// TestOnFailureOverride: ORIGIN_ON_FAILURE unset or empty overrides
// nothing, a value of on_failure overrides, anything else is a Problem
// naming the variable.
func TestOnFailureOverride(t *testing.T) {
	tests := []struct {
		name, value string
		set         bool
		want        string
		problem     bool
	}{
		{name: "unset"},
		{name: "empty", set: true},
		{name: "ignore", value: "ignore", set: true, want: "ignore"},
		{name: "warn, spaces", value: " warn ", set: true, want: "warn"},
		{name: "error", value: "error", set: true, want: "error"},
		{name: "typo", value: "ingore", set: true, problem: true},
		{name: "case", value: "IGNORE", set: true, problem: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lookup := func(name string) (string, bool) {
				if name != OnFailureEnv {
					t.Errorf("looked up %s", name)
				}
				return tt.value, tt.set
			}
			got, p := OnFailureOverride(lookup)
			if got != tt.want || (p != nil) != tt.problem {
				t.Fatalf("OnFailureOverride = %q, %+v; want %q, problem %v", got, p, tt.want, tt.problem)
			}
			if p != nil && (p.Summary() != "Invalid on_failure (from ORIGIN_ON_FAILURE)" || !strings.Contains(p.Detail, strconv.Quote(tt.value))) {
				t.Errorf("problem %q: %q", p.Summary(), p.Detail)
			}
		})
	}
}
