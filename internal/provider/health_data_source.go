package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
	"github.com/originhealth/terraform-provider-origin/internal/resultview"
	"github.com/originhealth/terraform-provider-origin/internal/settings"
)

// on_failure values.
const (
	onFailureError  = "error"
	onFailureWarn   = "warn"
	onFailureIgnore = "ignore"
)

// onFailureEnvNote ends on_failure's description in every data source.
const onFailureEnvNote = "The environment variable `ORIGIN_ON_FAILURE` (`error`, `warn` or `ignore`), when set, overrides it for one run, " +
	"in every data source: `ORIGIN_ON_FAILURE=ignore terraform destroy` is not blocked by the checks of an origin being torn down."

// effectiveOnFailure is configured (a data source's on_failure, its
// default filled in) unless ORIGIN_ON_FAILURE overrides it for this run.
// A bad ORIGIN_ON_FAILURE fails the provider's Configure; should one reach
// here, configured stands.
func effectiveOnFailure(configured string) string {
	if v, problem := settings.OnFailureOverride(os.LookupEnv); problem == nil && v != "" {
		return v
	}
	return configured
}

var _ datasource.DataSourceWithConfigure = (*HealthDataSource)(nil)

// HealthDataSource is data "origin_health".
type HealthDataSource struct {
	engine *engine.Engine
}

// NewHealthDataSource returns the origin_health data source.
func NewHealthDataSource() datasource.DataSource { return &HealthDataSource{} }

type healthModel struct {
	ID                           types.String      `tfsdk:"id"`
	DomainName                   types.String      `tfsdk:"domain_name"`
	OriginProtocolPolicy         types.String      `tfsdk:"origin_protocol_policy"`
	HTTPPort                     types.Int64       `tfsdk:"http_port"`
	HTTPSPort                    types.Int64       `tfsdk:"https_port"`
	OriginSSLProtocols           []string          `tfsdk:"origin_ssl_protocols"`
	HostHeader                   types.String      `tfsdk:"host_header"`
	OnFailure                    types.String      `tfsdk:"on_failure"`
	CertificateExpiryWarningDays types.Int64       `tfsdk:"certificate_expiry_warning_days"`
	SkipChecks                   []string          `tfsdk:"skip_checks"`
	IPAddressType                types.String      `tfsdk:"ip_address_type"`
	ConnectionAttempts           types.Int64       `tfsdk:"connection_attempts"`
	ConnectionTimeout            types.Int64       `tfsdk:"connection_timeout"`
	OriginMTLSConfig             *mtlsModel        `tfsdk:"origin_mtls_config"`
	ReachableFrom                types.String      `tfsdk:"reachable_from"`
	HTTPRequest                  *HTTPRequestModel `tfsdk:"http_request"`
	Detail                       types.String      `tfsdk:"detail"`

	// The results, as origin_distribution's origins[origin_id] has them.
	originResultModel
}

// mtlsModel is origin_mtls_config, as in aws_cloudfront_distribution.
type mtlsModel struct {
	ClientCertificateARN types.String `tfsdk:"client_certificate_arn"`
}

func (d *HealthDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_health"
}

func (d *HealthDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Checks an origin the way a CloudFront edge reaches it — DNS from the root servers, TCP to every address, " +
			"TLS with CloudFront's SNI and protocols, and with `http_request` the request CloudFront would forward — and fails the plan (or warns) " +
			"when CloudFront would answer with an error (HTTP 502, 504). " +
			"The arguments mirror `aws_cloudfront_distribution`'s `origin` and `custom_origin_config`, so the same values can be passed.",
		Attributes: withAttributes(originResultAttributes(), map[string]schema.Attribute{
			"id": computedString("The origin domain name, normalized."),
			"domain_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Origin domain name, as in the distribution's `origin.domain_name`. An IP address is itself a finding: CloudFront rejects it.",
			},
			"origin_protocol_policy": schema.StringAttribute{
				Optional: true, Computed: true,
				Validators:          []validator.String{stringvalidator.OneOf(originspec.Policies...)},
				MarkdownDescription: "`http-only`, `https-only` (default) or `match-viewer` (both ports are checked).",
			},
			"http_port": schema.Int64Attribute{
				Optional: true, Computed: true,
				Validators:          []validator.Int64{int64validator.Between(1, 65535)},
				MarkdownDescription: "Port CloudFront uses for HTTP. Default 80. CloudFront allows 80, 443 and 1024-65535.",
			},
			"https_port": schema.Int64Attribute{
				Optional: true, Computed: true,
				Validators:          []validator.Int64{int64validator.Between(1, 65535)},
				MarkdownDescription: "Port CloudFront uses for HTTPS. Default 443. CloudFront allows 80, 443 and 1024-65535.",
			},
			"origin_ssl_protocols": schema.ListAttribute{
				ElementType: types.StringType, Optional: true, Computed: true,
				Validators:          []validator.List{listvalidator.ValueStringsAre(sslProtocolValidator)},
				MarkdownDescription: "Protocols CloudFront may use to the origin: a subset of `SSLv3`, `TLSv1`, `TLSv1.1`, `TLSv1.2`. Default `[\"TLSv1.2\"]`.",
			},
			"host_header": schema.StringAttribute{
				Optional:            true,
				Validators:          []validator.String{hostValidator},
				MarkdownDescription: "The Host value CloudFront forwards (the viewer's Host when the cache policy forwards it, or an origin custom header). CloudFront sends it as SNI and the certificate must cover it or `domain_name`.",
			},
			"on_failure":                      onFailureAttribute("on a failed check"),
			"detail":                          detailAttribute(),
			"certificate_expiry_warning_days": expiryWarningDaysAttribute("the certificate"),
			"skip_checks": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				Validators:          []validator.List{listvalidator.ValueStringsAre(checkIDValidator)},
				MarkdownDescription: "Check ids to skip; each still appears in `checks` with status `skip`. See the check catalog guide for ids.",
			},
			"ip_address_type": schema.StringAttribute{
				Optional: true, Computed: true,
				Validators: []validator.String{stringvalidator.OneOf(originspec.IPAddressTypes...)},
				MarkdownDescription: "The address families CloudFront uses for this origin, as in `custom_origin_config.ip_address_type`: " +
					"`ipv4` (default: A records only), `ipv6` (AAAA only) or `dualstack` (both). Only those addresses are probed; " +
					"the others are listed in `addresses` without being judged. A family in use with no address fails " +
					"`dns.no_ipv4_address` / `dns.no_ipv6_address` (a warning under `dualstack`).",
			},
			"connection_attempts": schema.Int64Attribute{
				Optional: true, Computed: true,
				Validators:          []validator.Int64{int64validator.Between(originspec.MinConnectionAttempts, originspec.MaxConnectionAttempts)},
				MarkdownDescription: "How many times CloudFront tries to connect (1-3, default 3), as the origin's `connection_attempts`. Used to say when CloudFront would give up with 504.",
			},
			"connection_timeout": schema.Int64Attribute{
				Optional: true, Computed: true,
				Validators: []validator.Int64{int64validator.Between(originspec.MinConnectionTimeout, originspec.MaxConnectionTimeout)},
				MarkdownDescription: "Seconds CloudFront waits for a connection (1-10, default 10), as the origin's `connection_timeout`. " +
					"A TCP connect slower than this fails the port check, as CloudFront would give up (504).",
			},
			"origin_mtls_config": schema.SingleNestedAttribute{
				Optional: true,
				MarkdownDescription: "Set when CloudFront presents a client certificate to this origin (`custom_origin_config.origin_mtls_config`). " +
					"Without it, an origin that requires a client certificate fails `tls.client_certificate_required`; with it, the requirement is " +
					"expected, and the server certificate is judged as usual (whether the origin trusts CloudFront's client certificate cannot be checked from here).",
				Attributes: map[string]schema.Attribute{
					"client_certificate_arn": schema.StringAttribute{
						Required:            true,
						MarkdownDescription: "ARN of the client certificate in ACM (us-east-1), as in `origin_mtls_config.client_certificate_arn`.",
					},
				},
			},
			"reachable_from": schema.StringAttribute{
				Optional: true, Computed: true,
				Validators: []validator.String{stringvalidator.OneOf(originspec.ReachableFromValues...)},
				MarkdownDescription: "Not an AWS argument. `anywhere` (default), or `cloudfront` for an origin that admits only CloudFront's " +
					"address ranges (the `com.amazonaws.global.cloudfront.origin-facing` prefix list, a firewall). Then a port that is filtered " +
					"or times out from here is not verified (status `skip`, listed under NOT VERIFIED in `summary`) rather than failed, a refused " +
					"port still fails, and a port that answers from here warns `tcp.reachable_without_cloudfront`: the origin can be reached " +
					"without CloudFront. DNS is checked as usual.",
			},
			"http_request": HTTPRequestSchema(),
		}),
	}
}

func (d *HealthDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.engine = configuredEngine(req, resp)
}

func (d *HealthDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m healthModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.engine == nil {
		resp.Diagnostics.AddError("Provider not configured", "The origin provider was not configured before origin_health was read; please report this bug.")
		return
	}

	spec := originspec.Spec{
		DomainName:         m.DomainName.ValueString(),
		ProtocolPolicy:     m.OriginProtocolPolicy.ValueString(),
		HTTPPort:           int(m.HTTPPort.ValueInt64()),
		HTTPSPort:          int(m.HTTPSPort.ValueInt64()),
		SSLProtocols:       m.OriginSSLProtocols,
		HostHeader:         m.HostHeader.ValueString(),
		ExpiryWarningDays:  int(m.CertificateExpiryWarningDays.ValueInt64()),
		IPAddressType:      m.IPAddressType.ValueString(),
		ConnectionAttempts: int(m.ConnectionAttempts.ValueInt64()),
		ConnectionTimeout:  int(m.ConnectionTimeout.ValueInt64()),
		ReachableFrom:      m.ReachableFrom.ValueString(),
		HTTPRequest:        m.HTTPRequest.Spec(""),
	}
	if m.OriginMTLSConfig != nil {
		spec.ClientCertificateDeclared = true
		spec.ClientCertificateARN = m.OriginMTLSConfig.ClientCertificateARN.ValueString()
	}
	if m.CertificateExpiryWarningDays.IsNull() {
		spec.ExpiryWarningDays = originspec.DefaultExpiryWarningDays
	}
	spec = spec.Normalize()
	skip := map[report.ID]bool{}
	for _, id := range m.SkipChecks {
		skip[report.ID(id)] = true
	}

	if why := d.engine.Deferred(); why != "" {
		resp.Diagnostics.Append(deferredWarning("Origin "+spec.DomainName, why)...)
	}
	res := d.engine.Check(ctx, spec, skip)

	onFailure := m.OnFailure.ValueString()
	if onFailure == "" {
		onFailure = onFailureError
	}
	m.fill(spec, onFailure, res)
	onFailure = effectiveOnFailure(onFailure)
	place := findingPlace{label: "Origin " + res.Report.Origin, path: func(attr string) (path.Path, bool) { return path.Root(attr), attr != "" }}
	resp.Diagnostics.Append(diagnostics(res.Report, spec, onFailure, place)...)
	resp.Diagnostics.Append(incomplete(res, onFailure, place)...)
	resp.Diagnostics.Append(setState(ctx, &resp.State, &m)...)
}

// fill writes the effective arguments and the results into m, from the
// result object resultview builds (origincheck --json prints the same).
// The arguments the user left null stay null (host_header,
// origin_mtls_config, skip_checks are not written back); detail is written
// back as on_failure is, with its default. on_failure is the configured
// one: ORIGIN_ON_FAILURE changes how this run reacts, not the state.
func (m *healthModel) fill(spec originspec.Spec, onFailure string, res engine.Result) {
	v := resultview.FromResultDetail(spec, res, detailOf(m.Detail))
	m.ID = types.StringValue(v.ID)
	m.OriginProtocolPolicy = types.StringValue(v.OriginProtocolPolicy)
	m.HTTPPort = types.Int64Value(v.HTTPPort)
	m.HTTPSPort = types.Int64Value(v.HTTPSPort)
	m.OriginSSLProtocols = v.OriginSSLProtocols
	m.OnFailure = types.StringValue(onFailure)
	m.CertificateExpiryWarningDays = types.Int64Value(v.CertificateExpiryWarningDays)
	m.IPAddressType = types.StringValue(v.IPAddressType)
	m.ConnectionAttempts = types.Int64Value(v.ConnectionAttempts)
	m.ConnectionTimeout = types.Int64Value(v.ConnectionTimeout)
	m.ReachableFrom = types.StringValue(v.ReachableFrom)
	m.Detail = types.StringValue(string(detailOf(m.Detail)))
	m.originResultModel = originResultOf(v)
}
