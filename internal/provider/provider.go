// Package provider is the Terraform surface of terraform-provider-origin:
// it maps schema to the engine and the engine's report back to state and
// diagnostics. The probing itself lives in the engine packages.
package provider

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/settings"
)

const defaultMaxConcurrency = settings.DefaultMaxConcurrency

var _ provider.ProviderWithFunctions = (*OriginProvider)(nil)

// OriginProvider is the "origin" provider.
type OriginProvider struct {
	version string
	// engine is the one Configure made, for protocolServer's reads that
	// do not go through the framework.
	engine atomic.Pointer[engine.Engine]
	// armed is the engine ValidateDataResourceConfig may start checks on
	// (validation_gate.go).
	armed validationGate
	// decoded are the distribution configurations validation decoded
	// for the reads that follow (distribution_decode_once.go).
	decoded decodedConfigs
}

type providerModel struct {
	Timeout        types.String `tfsdk:"timeout"`
	DNSResolvers   types.List   `tfsdk:"dns_resolvers"`
	DNSRootServers types.List   `tfsdk:"dns_root_servers"`
	TrustedCAPEM   types.String `tfsdk:"trusted_ca_pem"`
	MaxConcurrency types.Int64  `tfsdk:"max_concurrency"`
	// AllowPrivateAddresses is allow_private_addresses.
	AllowPrivateAddresses types.Bool `tfsdk:"allow_private_addresses"`
}

func (p *OriginProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "origin"
	resp.Version = p.version
}

func (p *OriginProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	serverList := []validator.List{listvalidator.ValueStringsAre(serverValidator)}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Checks, during `terraform plan`, whether a custom origin would make CloudFront answer HTTP 502, " +
			"by resolving, connecting to and handshaking with it as a CloudFront edge would. Every argument is optional.",
		Attributes: map[string]schema.Attribute{
			"timeout": schema.StringAttribute{
				Optional:            true,
				Validators:          []validator.String{durationValidator},
				MarkdownDescription: "Deadline for all checks of one origin once it has a check slot, as a duration (`\"10s\"`, `\"1m\"`). Unset, each origin gets what its own settings make CloudFront wait: 6 s for DNS, `connection_timeout` for the connect and again for the TLS handshake, with `http_request` twice `origin_read_timeout` and the keep-alive watch, and 2 s more (28 s with the defaults). An origin cut short has `healthy = false` and a warning saying what was not judged; only a check that did finish and failed is an error. Environment: `ORIGIN_TIMEOUT`.",
			},
			"dns_resolvers": schema.ListAttribute{
				ElementType:         types.StringType,
				Optional:            true,
				Validators:          serverList,
				MarkdownDescription: "Recursive resolvers (`ip[:port]`) to resolve through instead of walking the delegation from the root servers. The delegation checks are then not done. Environment: `ORIGIN_DNS_RESOLVERS` (comma-separated).",
			},
			"dns_root_servers": schema.ListAttribute{
				ElementType:         types.StringType,
				Optional:            true,
				Validators:          serverList,
				MarkdownDescription: "Root servers (`ip[:port]`) the iterative walk starts from. Default: the IANA root hints. Set it for private DNS or tests. Environment: `ORIGIN_DNS_ROOT_SERVERS` (comma-separated).",
			},
			"trusted_ca_pem": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "PEM certificates added as trust anchors to the Mozilla bundle CloudFront trusts (private PKI, tests). CloudFront itself would not trust them. Environment: `ORIGIN_TRUSTED_CA_PEM`.",
			},
			"max_concurrency": schema.Int64Attribute{
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 1024)},
				MarkdownDescription: fmt.Sprintf("Origins checked in parallel across all `origin_health` and `origin_distribution` data sources. Default %d. Environment: `ORIGIN_MAX_CONCURRENCY`.", defaultMaxConcurrency),
			},
			"allow_private_addresses": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "When false (the default), an origin resolving to a loopback, private (RFC 1918, ULA), shared (100.64.0.0/10), " +
					"link-local or otherwise non-public address fails check `dns.private_address` and is not connected to: CloudFront reaches custom " +
					"origins over the internet, and the fix is a VPC origin. Set it to true for labs, tests and private networks, where such " +
					"addresses are probed. Environment: `ORIGIN_ALLOW_PRIVATE_ADDRESSES` (`true`/`false`).",
			},
		},
	}
}

func (p *OriginProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	unknown, cfg := unknownArguments(cfg)
	opts, diags := engineOptions(ctx, cfg)
	resp.Diagnostics.Append(diags...)
	if _, p := settings.OnFailureOverride(os.LookupEnv); p != nil {
		resp.Diagnostics.AddError(p.Summary(), p.Detail)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if len(unknown) > 0 {
		opts.Deferred = deferredReason(unknown) // provider_unknown.go
	}
	e := engine.New(opts)
	resp.DataSourceData = e
	if previous := p.engine.Swap(e); previous != nil {
		previous.Close() // a reattached provider's previous command
	}
	if opts.Deferred == "" {
		p.armed.arm(e)
	}
}

// engineOptions reads each attribute, falling back to its ORIGIN_*
// environment variable (internal/settings, which origincheck shares), and
// reports a bad value on the attribute.
func engineOptions(ctx context.Context, cfg providerModel) (engine.Options, diag.Diagnostics) {
	var diags diag.Diagnostics
	var s settings.Settings
	s.Timeout = stringSetting(cfg.Timeout)
	s.DNSResolvers = listSetting(ctx, cfg.DNSResolvers, &diags)
	s.DNSRootServers = listSetting(ctx, cfg.DNSRootServers, &diags)
	s.TrustedCAPEM = stringSetting(cfg.TrustedCAPEM)
	if !cfg.MaxConcurrency.IsNull() {
		n := int(cfg.MaxConcurrency.ValueInt64())
		s.MaxConcurrency = &n
	}
	if !cfg.AllowPrivateAddresses.IsNull() && !cfg.AllowPrivateAddresses.IsUnknown() {
		allow := cfg.AllowPrivateAddresses.ValueBool()
		s.AllowPrivateAddresses = &allow
	}

	opts, problems := s.Options(os.LookupEnv)
	opts.Logger = newEngineLogger()
	for _, p := range problems {
		if p.Secret {
			// Not on the attribute: terraform would quote its source
			// lines, printing the key into the plan output and CI logs.
			diags.AddError(p.Summary(), p.Detail)
			continue
		}
		diags.AddAttributeError(path.Root(p.Setting), p.Summary(), p.Detail)
	}
	return opts, diags
}

// stringSetting is the attribute's value, or nil for the environment
// variable's (settings reads it).
func stringSetting(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	s := v.ValueString()
	return &s
}

func listSetting(ctx context.Context, v types.List, diags *diag.Diagnostics) *[]string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	var values []string
	diags.Append(v.ElementsAs(ctx, &values, false)...)
	return &values
}

func (p *OriginProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (p *OriginProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewHealthDataSource, NewDistributionDataSource}
}

func (p *OriginProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		NewConfigProblemsFunction,
		NewCertificateCoversFunction,
		NewDaysUntilExpiryFunction,
	}
}
