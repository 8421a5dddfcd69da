package provider

import (
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

var _ function.Function = ConfigProblemsFunction{}

// ConfigProblemsFunction is provider::origin::config_problems:
// the configuration checks of origin_health, offline, on an object shaped
// like an aws_cloudfront_distribution origin block.
type ConfigProblemsFunction struct{}

// NewConfigProblemsFunction returns the function.
func NewConfigProblemsFunction() function.Function { return ConfigProblemsFunction{} }

func (ConfigProblemsFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "config_problems"
}

func (ConfigProblemsFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Lists what CloudFront would reject or answer 502 for in an origin's static configuration",
		MarkdownDescription: "Takes an object shaped like an `aws_cloudfront_distribution` `origin` block " +
			"(`domain_name`, `connection_attempts`, `connection_timeout`, optional `custom_origin_config { http_port, https_port, origin_protocol_policy, " +
			"origin_ssl_protocols, ip_address_type, origin_mtls_config { client_certificate_arn } }`, " +
			"optional `custom_header { name, value }`) " +
			"and returns one string per problem — IP literal, port CloudFront does not allow, S3 website endpoint over HTTPS, " +
			"protocol CloudFront does not offer, custom header CloudFront cannot add (`Host`, `Cookie`, `X-Amz-*`, …), " +
			"`ip_address_type` other than `ipv4`/`ipv6`/`dualstack`, `connection_attempts` outside 1–3, `connection_timeout` outside 1–10, " +
			"an `origin_mtls_config` whose certificate is not an ACM ARN in us-east-1 or that is set on an http-only origin — " +
			"each with its check id and fix. An empty list means no problem. Needs no network. " +
			"Returns unknown while any of those values is unknown (custom header values are never read), " +
			"so it never raises a false alarm during plan.\n\n" +
			"`config.custom_header` is checked only here: `origin_health` takes no custom headers. " +
			"A custom header named `Host` is rejected by CloudFront; to reach the origin with another Host, forward the " +
			"viewer's `Host` with an origin request policy and pass it to `origin_health` as `host_header`, " +
			"which checks that the certificate covers it.",
		Parameters: []function.Parameter{
			function.DynamicParameter{
				Name: "origin",
				// Unknown values reach Run, which judges what is known: a
				// custom header value known only after apply (a secret) must
				// not make the whole result unknown.
				AllowUnknownValues:  true,
				MarkdownDescription: "An `origin` block of `aws_cloudfront_distribution` (extra attributes are ignored; `custom_origin_config` may be an object or a one-element list, as the AWS provider exposes it).",
			},
		},
		Return: function.ListReturn{ElementType: types.StringType},
	}
}

func (ConfigProblemsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var arg types.Dynamic
	resp.Error = req.Arguments.Get(ctx, &arg)
	if resp.Error != nil {
		return
	}
	if arg.IsUnknown() || arg.IsUnderlyingValueUnknown() {
		resp.Error = resp.Result.Set(ctx, types.ListUnknown(types.StringType))
		return
	}
	raw, err := arg.UnderlyingValue().ToTerraformValue(ctx)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	spec, headers, known, err := specFromOriginBlock(raw)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	if !known {
		resp.Error = resp.Result.Set(ctx, types.ListUnknown(types.StringType))
		return
	}
	spec.CustomHeaders = headers
	resp.Error = resp.Result.Set(ctx, configProblems(spec.Normalize()))
}

// configProblems runs the configuration checks and words each failure as
// "id: what was seen. consequence Fix: remediation".
func configProblems(spec originspec.Spec) []string {
	b := report.NewBuilder()
	originspec.Check(spec, b)
	problems := []string{}
	for _, c := range b.Build(spec.DomainName, nil).Checks {
		if c.Category == report.CategoryConfig && c.Status == report.Fail {
			problems = append(problems, fmt.Sprintf("%s: %s Fix: %s", c.ID, c.Message, c.Remediation))
		}
	}
	return problems
}

// specFromOriginBlock reads the attributes origin_health checks, and the
// custom header names, from an origin block value, reporting known=false
// when any of them is unknown.
func specFromOriginBlock(v tftypes.Value) (spec originspec.Spec, headers []string, known bool, err error) {
	if !v.IsKnown() {
		return spec, nil, false, nil
	}
	origin, err := attributes(v, "origin")
	if err != nil {
		return spec, nil, true, err
	}
	r := reader{known: true}
	spec.DomainName = r.str(origin["domain_name"], "domain_name")
	if dn, ok := origin["domain_name"]; r.err == nil && (!ok || dn.Type() == nil || dn.IsNull()) {
		r.err = fmt.Errorf("origin has no domain_name")
	}
	custom := r.block(origin["custom_origin_config"], "custom_origin_config")
	if custom != nil {
		spec.ProtocolPolicy = r.str(custom["origin_protocol_policy"], "custom_origin_config.origin_protocol_policy")
		spec.HTTPPort = r.integer(custom["http_port"], "custom_origin_config.http_port")
		spec.HTTPSPort = r.integer(custom["https_port"], "custom_origin_config.https_port")
		spec.SSLProtocols = r.strs(custom["origin_ssl_protocols"], "custom_origin_config.origin_ssl_protocols")
		spec.IPAddressType = r.str(custom["ip_address_type"], "custom_origin_config.ip_address_type")
		if mtls := r.block(custom["origin_mtls_config"], "custom_origin_config.origin_mtls_config"); mtls != nil {
			spec.ClientCertificateDeclared = true
			spec.ClientCertificateARN = r.str(mtls["client_certificate_arn"], "custom_origin_config.origin_mtls_config.client_certificate_arn")
		}
	}
	spec.ConnectionAttempts = r.integer(origin["connection_attempts"], "connection_attempts")
	spec.ConnectionTimeout = r.integer(origin["connection_timeout"], "connection_timeout")
	headers = r.headerNames(origin["custom_header"])
	return spec, headers, r.known, r.err
}

// reader pulls typed values out of a tftypes tree, remembering the first
// error and whether anything it read was unknown.
type reader struct {
	known bool
	err   error
}

func (r *reader) usable(v tftypes.Value) bool {
	if r.err != nil || v.Type() == nil || v.IsNull() {
		return false
	}
	if !v.IsFullyKnown() {
		r.known = false
		return false
	}
	return true
}

func (r *reader) str(v tftypes.Value, name string) string {
	var s string
	if r.usable(v) {
		if err := v.As(&s); err != nil {
			r.err = fmt.Errorf("%s must be a string", name)
		}
	}
	return s
}

func (r *reader) integer(v tftypes.Value, name string) int {
	if !r.usable(v) {
		return 0
	}
	var f big.Float
	if err := v.As(&f); err != nil {
		r.err = fmt.Errorf("%s must be a number", name)
		return 0
	}
	n, acc := f.Int64()
	if acc != big.Exact || n < 0 || n > 1<<20 {
		r.err = fmt.Errorf("%s must be a whole number, got %s", name, f.String())
	}
	return int(n)
}

func (r *reader) strs(v tftypes.Value, name string) []string {
	if !r.usable(v) {
		return nil
	}
	var elems []tftypes.Value
	if err := v.As(&elems); err != nil {
		r.err = fmt.Errorf("%s must be a list of strings", name)
		return nil
	}
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		out = append(out, r.str(e, name))
	}
	return out
}

// headerNames reads the names of custom_header blocks (a set or list of
// {name, value} objects). Only names must be known: values are often secrets
// known after apply.
func (r *reader) headerNames(v tftypes.Value) []string {
	if r.err != nil || v.Type() == nil || v.IsNull() {
		return nil
	}
	if !v.IsKnown() {
		r.known = false
		return nil
	}
	var elems []tftypes.Value
	if err := v.As(&elems); err != nil {
		r.err = fmt.Errorf("custom_header must be a list or set of {name, value} objects")
		return nil
	}
	var names []string
	for _, e := range elems {
		if !e.IsKnown() {
			r.known = false
			continue
		}
		h, err := attributes(e, "custom_header")
		if err != nil {
			r.err = err
			return nil
		}
		if name := r.str(h["name"], "custom_header.name"); name != "" {
			names = append(names, name)
		}
	}
	return names
}

// block reads a nested block that the AWS provider exposes as a list of at
// most one object, but that users may also pass as a plain object.
func (r *reader) block(v tftypes.Value, name string) map[string]tftypes.Value {
	if !r.usable(v) {
		return nil
	}
	if v.Type().Is(tftypes.List{}) || v.Type().Is(tftypes.Set{}) || v.Type().Is(tftypes.Tuple{}) {
		var elems []tftypes.Value
		_ = v.As(&elems)
		if len(elems) == 0 {
			return nil
		}
		if len(elems) > 1 {
			r.err = fmt.Errorf("%s has %d blocks; CloudFront allows one", name, len(elems))
			return nil
		}
		v = elems[0]
	}
	m, err := attributes(v, name)
	if err != nil {
		r.err = err
	}
	return m
}

// attributes returns the attributes of a known object or map value.
func attributes(v tftypes.Value, name string) (map[string]tftypes.Value, error) {
	if v.Type() == nil || v.IsNull() {
		return nil, fmt.Errorf("%s is null", name)
	}
	if !v.Type().Is(tftypes.Object{}) && !v.Type().Is(tftypes.Map{}) {
		return nil, fmt.Errorf("%s must be an object (an origin block), got %s", name, strings.ToLower(v.Type().String()))
	}
	var m map[string]tftypes.Value
	if err := v.As(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}
