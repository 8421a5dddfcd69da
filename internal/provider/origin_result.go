package provider

import (
	"fmt"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
	"github.com/originhealth/terraform-provider-origin/internal/resultview"
)

// This file holds what origin_health and origin_distribution share about
// one origin's result: its schema, its model, and its diagnostics.

// originResultModel is one origin's result, the same shape in
// origin_health (top level) and origin_distribution (origins[origin_id]).
// Its objects are resultview's, the one mapping from the engine's result
// that origincheck --json prints too.
type originResultModel struct {
	Healthy     types.Bool                  `tfsdk:"healthy"`
	Summary     types.String                `tfsdk:"summary"`
	Checks      map[string]resultview.Check `tfsdk:"checks"`
	Addresses   []string                    `tfsdk:"addresses"`
	CNAMEChain  []string                    `tfsdk:"cname_chain"`
	Nameservers []resultview.Nameserver     `tfsdk:"nameservers"`
	TLS         *resultview.TLS             `tfsdk:"tls"`
	HTTP        *resultview.HTTP            `tfsdk:"http"`
}

// newOriginResult is the model of spec's result, as detail (the data
// source's detail argument, detailOf) keeps it.
func newOriginResult(spec originspec.Spec, res engine.Result, detail resultview.Detail) originResultModel {
	return originResultOf(resultview.FromResultDetail(spec, res, detail))
}

// originResultOf is the model of a result resultview built; origin_health
// has built it already for its arguments' effective values.
func originResultOf(v resultview.Health) originResultModel {
	return originResultModel{
		Healthy: types.BoolValue(v.Healthy), Summary: types.StringValue(v.Summary),
		Checks: v.Checks, Addresses: v.Addresses, CNAMEChain: v.CNAMEChain, Nameservers: v.Nameservers, TLS: v.TLS, HTTP: v.HTTP,
	}
}

func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
}

// originResultAttributes is the schema of originResultModel.
func originResultAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"healthy": schema.BoolAttribute{Computed: true, MarkdownDescription: "True when every check finished and none failed. False when a check failed, when the checks did not all finish (the warning says what was not judged), or when the origin was not checked (a value it needs is not known yet)."},
		"summary": computedString("One line for the verdict, then one line per failure and warning with its fix, then what could not be verified from this machine; fit for a `check` block's `error_message`."),
		"checks": schema.MapNestedAttribute{
			Computed: true,
			MarkdownDescription: "Every check, keyed by its stable dotted id (`checks[\"tls.expired\"].status`); the check catalog guide lists the ids. " +
				"A warning or failure (or one that `skip_checks` hid) has all four attributes; a check that passed, or did not run because it does not apply, keeps `category` and `status` only, and its `message` with `detail = \"full\"`.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"category": computedString("`config`, `dns`, `tcp`, `tls` or `http`."),
				"status":   computedString("`pass`, `warn`, `fail` or `skip`."),
				"message": computedString("What was seen, where, and what CloudFront would do (for `skip`, why the check did not run). Null for a check that passed or did not run " +
					"unless `detail = \"full\"`; measured times (a time to first byte, how long a connection stayed idle) only with `detail = \"full\"`."),
				"remediation": computedString("How to fix it; null when the check passed, and for a check that did not run unless `detail = \"full\"`."),
			}},
		},
		"addresses": schema.ListAttribute{
			ElementType: types.StringType, Computed: true,
			MarkdownDescription: "Every A/AAAA address the origin name resolves to, including those of a family `ip_address_type` does not use (listed, not probed).",
		},
		"cname_chain": schema.ListAttribute{
			ElementType: types.StringType, Computed: true,
			MarkdownDescription: "The names DNS followed, the origin first, then each CNAME target in turn (one name when there is no CNAME): the chain through a load balancer's, S3's or a CDN's zones that `nameservers` and the `dns` checks speak of.",
		},
		"nameservers": schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: "The authoritative name servers asked: those of the origin's zone first, then of the other zones on the way (delegated subdomains, CNAME targets), with the status of each. Empty when resolving through `dns_resolvers`.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"name":    computedString("Name server host name."),
				"address": computedString("Address asked."),
				"zone":    computedString("Zone it serves."),
				"status":  computedString("`ok`, or what went wrong (`timeout`, `refused`, `lame`, ...)."),
				"detail":  computedString("What the server answered."),
			}},
		},
		"http": HTTPResultSchema(),
		"tls": schema.SingleNestedAttribute{
			Computed:            true,
			MarkdownDescription: "What the TLS handshake negotiated; null when no handshake completed.",
			Attributes: map[string]schema.Attribute{
				"version":      computedString("Negotiated protocol, e.g. `TLSv1.2`."),
				"cipher_suite": computedString("Negotiated cipher suite, by its OpenSSL name as AWS documents it (e.g. `ECDHE-RSA-AES128-GCM-SHA256`)."),
				"certificate": schema.SingleNestedAttribute{
					Computed:            true,
					MarkdownDescription: "The leaf certificate the origin sent.",
					Attributes: map[string]schema.Attribute{
						"subject":        computedString("Subject distinguished name."),
						"sans":           schema.ListAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: "Subject Alternative Names: DNS names, then IP addresses."},
						"issuer":         computedString("Issuer distinguished name."),
						"not_after":      computedString("Expiry, RFC 3339."),
						"days_remaining": schema.Int64Attribute{Computed: true, MarkdownDescription: "Days until expiry, rounded down: 0 during the last 24 hours, negative exactly when expired (-1 during the first 24 hours after expiry)."},
						"chain_length":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Certificates the origin sent, leaf included."},
						"key_type":       computedString("`RSA` or `ECDSA` (or what else was found)."),
						"key_bits":       schema.Int64Attribute{Computed: true, MarkdownDescription: "Key size in bits."},
					},
				},
			},
		},
	}
}

// detailAttribute is detail, an argument of both data sources.
func detailAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		// Computed: the read fills in the default, which an ephemeral
		// resource may only do for a computed attribute.
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{stringvalidator.OneOf(resultview.Details...)},
		MarkdownDescription: "How much of each check `checks` keeps. `problems` (default): a check that did not pass keeps its `category`, `status`, " +
			"`message` and `remediation`, a passing check its `category` and `status` only, and no measured time is kept (messages leave them out, " +
			"`http.time_to_first_byte_ms` is null), so an unchanged origin reads back the same state on every refresh and the state stays small. " +
			"`full`: every message, with the times measured, and `http.time_to_first_byte_ms`. `summary` and the diagnostics report every finding either way.",
	}
}

// onFailureAttribute is on_failure, an argument of both data sources;
// what says what error fails. Computed: the read writes back the
// configured value with its default filled in, which an ephemeral resource
// may only do for a computed attribute.
func onFailureAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{stringvalidator.OneOf(onFailureError, onFailureWarn, onFailureIgnore)},
		MarkdownDescription: "`error` (default) fails the plan " + what + ", `warn` turns those into warnings, `ignore` only sets the attributes. " + onFailureEnvNote,
	}
}

// expiryWarningDaysAttribute is certificate_expiry_warning_days, an
// argument of both data sources, computed as on_failure is.
func expiryWarningDaysAttribute(which string) schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional:   true,
		Computed:   true,
		Validators: []validator.Int64{int64validator.Between(0, 3650)},
		MarkdownDescription: fmt.Sprintf("Warn (check `tls.expiring_soon`) when %s expires within this many days. Default %d.",
			which, originspec.DefaultExpiryWarningDays),
	}
}

// detailOf is a detail argument's value, the default when null.
func detailOf(v types.String) resultview.Detail {
	if v.IsNull() || v.IsUnknown() || v.ValueString() == "" {
		return resultview.DetailProblems
	}
	return resultview.Detail(v.ValueString())
}

// withAttributes returns the union of attribute maps.
func withAttributes(sets ...map[string]schema.Attribute) map[string]schema.Attribute {
	all := map[string]schema.Attribute{}
	for _, s := range sets {
		maps.Copy(all, s)
	}
	return all
}

// configuredEngine is the provider's engine for a data source, nil while
// the provider is not configured yet (validation).
func configuredEngine(req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) *engine.Engine {
	if req.ProviderData == nil {
		return nil
	}
	e, ok := req.ProviderData.(*engine.Engine)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("expected *engine.Engine, got %T; please report this bug", req.ProviderData))
	}
	return e
}

// findingPlace says where an origin's findings go in a data source.
type findingPlace struct {
	// label names the origin in diagnostic summaries.
	label string
	// path is where an argument of the origin lives ("domain_name",
	// "https_port", ...), or false when this data source has none. For
	// "" it is where a finding about no argument goes (a DNS or TCP
	// finding, checks that did not finish): the origin's domain_name in
	// origin_distribution (origin[i].domain_name), false in origin_health,
	// whose origin is the whole configuration.
	path func(attr string) (path.Path, bool)
	// covered, when not "", says why failures are warnings: the origin
	// group fails over to a member that serves.
	covered string
}

// diagnostics turns failed checks into errors (or warnings, per on_failure)
// and warned checks into warnings, each naming the cause and the fix, on
// the argument to change when there is one.
func diagnostics(r report.Report, spec originspec.Spec, onFailure string, place findingPlace) diag.Diagnostics {
	var diags diag.Diagnostics
	if onFailure == onFailureIgnore {
		return diags
	}
	for _, c := range r.Checks {
		if c.Status != report.Fail && c.Status != report.Warn {
			continue
		}
		summary := fmt.Sprintf("%s: check %s failed", place.label, c.ID)
		if c.Status == report.Warn {
			summary = fmt.Sprintf("%s: check %s warns", place.label, c.ID)
		}
		detail := strings.TrimSpace(c.Message) + "\n\nFix: " + c.Remediation
		asError := c.Status == report.Fail && onFailure == onFailureError && place.covered == ""
		if c.Status == report.Fail && place.covered != "" {
			detail += "\n\nNot an error for the distribution: " + place.covered + "."
		}
		var paths []path.Path
		for _, a := range attributesOf(c.ID, spec) {
			if p, ok := place.path(a); ok {
				paths = append(paths, p)
			}
		}
		if p, ok := place.path(""); ok && len(paths) == 0 {
			paths = append(paths, p)
		}
		switch {
		case len(paths) > 0:
			for _, p := range paths {
				if asError {
					diags.AddAttributeError(p, summary, detail)
				} else {
					diags.AddAttributeWarning(p, summary, detail)
				}
			}
		case asError:
			diags.AddError(summary, detail)
		default:
			diags.AddWarning(summary, detail)
		}
	}
	return diags
}

// attributesOf names the arguments a finding is about: the catalog's, or
// for the port check, which of the two ports is outside CloudFront's range.
func attributesOf(id report.ID, spec originspec.Spec) []string {
	if id != report.ConfigPortOutOfRange {
		if def, _ := report.Lookup(id); def.Attribute != "" {
			return []string{def.Attribute}
		}
		return nil
	}
	var attrs []string
	for _, p := range []struct {
		attr string
		port int
	}{{"http_port", spec.HTTPPort}, {"https_port", spec.HTTPSPort}} {
		if !originspec.PortAllowed(p.port) {
			attrs = append(attrs, p.attr)
		}
	}
	return attrs
}

// incomplete reports checks the deadline or a cancellation cut short: a
// warning saying what was not judged. It never errors by itself: a check
// that did finish and failed is the error.
func incomplete(res engine.Result, onFailure string, place findingPlace) diag.Diagnostics {
	var diags diag.Diagnostics
	if res.Incomplete == "" || onFailure == onFailureIgnore {
		return diags
	}
	summary := place.label + ": checks did not finish"
	detail := "Not every check of this origin finished: " + res.Incomplete + ". A stage cut short reports what had not answered by then, " +
		"and the later stages did not run: they are not judged.\n\nFix: leave the provider's timeout unset (each origin then gets what its own " +
		"connection_timeout and origin_read_timeout make CloudFront wait) or raise it if the origin is merely slow, or fix the slowness the other findings show."
	if p, ok := place.path(""); ok {
		diags.AddAttributeWarning(p, summary, detail)
	} else {
		diags.AddWarning(summary, detail)
	}
	return diags
}
