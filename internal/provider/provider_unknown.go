package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/originhealth/terraform-provider-origin/internal/settings"
)

// Provider arguments unknown at plan time.
//
// Terraform configures the provider during plan with the values it knows
// then: an argument set from a resource that is created in the same apply
// (trusted_ca_pem = tls_self_signed_cert.ca.cert_pem on the first plan) is
// unknown. Checking with the argument's ORIGIN_* variable or default in its
// place would judge the origin against the wrong trust store, resolvers or
// addresses, and report false failures (or false passes). So the engine
// is made Deferred: the data sources report every origin not checked,
// with a warning naming the argument, and send nothing. A data source
// read during plan cannot hold unknown values (Terraform rejects them), so
// the results are known: healthy false, every check skipped with the
// reason. The next plan, with the value known, checks.

// unknownArguments lists the provider arguments whose value (or a list
// element of it) is unknown, by name, and returns cfg with them null.
func unknownArguments(cfg providerModel) ([]string, providerModel) {
	var names []string
	unknown := func(name string, v attr.Value) bool {
		u := v.IsUnknown()
		if l, ok := v.(types.List); ok && !u {
			for _, e := range l.Elements() {
				u = u || e.IsUnknown()
			}
		}
		if u {
			names = append(names, name)
		}
		return u
	}
	if unknown(settings.Timeout, cfg.Timeout) {
		cfg.Timeout = types.StringNull()
	}
	if unknown(settings.DNSResolvers, cfg.DNSResolvers) {
		cfg.DNSResolvers = types.ListNull(types.StringType)
	}
	if unknown(settings.DNSRootServers, cfg.DNSRootServers) {
		cfg.DNSRootServers = types.ListNull(types.StringType)
	}
	if unknown(settings.TrustedCAPEM, cfg.TrustedCAPEM) {
		cfg.TrustedCAPEM = types.StringNull()
	}
	if unknown(settings.MaxConcurrency, cfg.MaxConcurrency) {
		cfg.MaxConcurrency = types.Int64Null()
	}
	if unknown(settings.AllowPrivateAddresses, cfg.AllowPrivateAddresses) {
		cfg.AllowPrivateAddresses = types.BoolNull()
	}
	return names, cfg
}

// deferredReason is the engine's Deferred text for the unknown arguments.
func deferredReason(names []string) string {
	noun := "argument " + names[0] + " is"
	if len(names) > 1 {
		noun = "arguments " + strings.Join(names, ", ") + " are"
	}
	return "the provider " + noun + " unknown during this plan (set from a value Terraform knows only after apply)"
}

// deferredWarning is the warning a data source gives when its engine is
// Deferred; label names the origin or the distribution.
func deferredWarning(label, why string) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddWarning(label+": not checked, a provider argument is unknown", fmt.Sprintf(
		"Nothing was checked: %s. Checking with the ORIGIN_* environment variable or the default in its place could judge the origin against "+
			"the wrong trust store, resolvers or address rules, and report failures CloudFront would not have (or miss ones it would), "+
			"so healthy is false, every check is skipped with this reason, and nothing was sent to the origin. What CloudFront would do is not judged in this plan.\n\n"+
			"Fix: apply, then plan again: once the value is known the checks run. Or set the argument from a value known at plan time "+
			"(file(\"ca.pem\"), a variable).", why))
	return diags
}
