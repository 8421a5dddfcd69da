package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/originhealth/terraform-provider-origin/internal/cflimits"
	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

var (
	_ datasource.DataSourceWithConfigure      = (*DistributionDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*DistributionDataSource)(nil)
)

// DistributionDataSource is data "origin_distribution": every origin and
// origin group of one distribution, in blocks shaped like
// aws_cloudfront_distribution's, checked in one read.
type DistributionDataSource struct {
	engine *engine.Engine
}

// NewDistributionDataSource returns the origin_distribution data source.
func NewDistributionDataSource() datasource.DataSource { return &DistributionDataSource{} }

type distributionModel struct {
	ID                           types.String                 `tfsdk:"id"`
	Origins                      []distOriginModel            `tfsdk:"origin"`
	OriginGroups                 []distGroupModel             `tfsdk:"origin_group"`
	DefaultCacheBehavior         types.List                   `tfsdk:"default_cache_behavior"`
	OrderedCacheBehavior         types.List                   `tfsdk:"ordered_cache_behavior"`
	OnFailure                    types.String                 `tfsdk:"on_failure"`
	Detail                       types.String                 `tfsdk:"detail"`
	CertificateExpiryWarningDays types.Int64                  `tfsdk:"certificate_expiry_warning_days"`
	SkipChecks                   []string                     `tfsdk:"skip_checks"`
	Healthy                      types.Bool                   `tfsdk:"healthy"`
	Summary                      types.String                 `tfsdk:"summary"`
	Results                      map[string]originResultModel `tfsdk:"origins"`
	GroupResults                 map[string]groupResultModel  `tfsdk:"origin_groups"`
	Unreached                    []string                     `tfsdk:"unreached_origin_ids"`
	ThroughCloudFront            []throughCloudFrontModel     `tfsdk:"through_cloudfront"`
	CloudFront                   *cloudFrontResultModel       `tfsdk:"cloudfront"`
}

// distributionResultModel is what a read adds to the configuration: the
// computed attributes of distributionModel.
type distributionResultModel struct {
	ID           types.String                 `tfsdk:"id"`
	Healthy      types.Bool                   `tfsdk:"healthy"`
	Summary      types.String                 `tfsdk:"summary"`
	Results      map[string]originResultModel `tfsdk:"origins"`
	GroupResults map[string]groupResultModel  `tfsdk:"origin_groups"`
	Unreached    []string                     `tfsdk:"unreached_origin_ids"`
	CloudFront   *cloudFrontResultModel       `tfsdk:"cloudfront"`
}

// distOriginModel is an origin block, as aws_cloudfront_distribution's,
// plus the checks' own per-origin arguments.
type distOriginModel struct {
	OriginID                  types.String              `tfsdk:"origin_id"`
	DomainName                types.String              `tfsdk:"domain_name"`
	OriginPath                types.String              `tfsdk:"origin_path"`
	ConnectionAttempts        types.Int64               `tfsdk:"connection_attempts"`
	ConnectionTimeout         types.Int64               `tfsdk:"connection_timeout"`
	OriginAccessControlID     types.String              `tfsdk:"origin_access_control_id"`
	ResponseCompletionTimeout types.Int64               `tfsdk:"response_completion_timeout"`
	CustomHeaders             []customHeaderModel       `tfsdk:"custom_header"`
	CustomOriginConfig        []customOriginConfigModel `tfsdk:"custom_origin_config"`
	S3OriginConfig            []s3OriginConfigModel     `tfsdk:"s3_origin_config"`
	VPCOriginConfig           []vpcOriginConfigModel    `tfsdk:"vpc_origin_config"`
	OriginShield              []originShieldModel       `tfsdk:"origin_shield"`

	HostHeader    types.String      `tfsdk:"host_header"`
	ReachableFrom types.String      `tfsdk:"reachable_from"`
	SkipChecks    []string          `tfsdk:"skip_checks"`
	HTTPRequest   *HTTPRequestModel `tfsdk:"http_request"`
}

type customHeaderModel struct {
	Name  types.String `tfsdk:"name"`
	Value types.String `tfsdk:"value"`
}

type customOriginConfigModel struct {
	HTTPPort               types.Int64  `tfsdk:"http_port"`
	HTTPSPort              types.Int64  `tfsdk:"https_port"`
	OriginProtocolPolicy   types.String `tfsdk:"origin_protocol_policy"`
	OriginSSLProtocols     []string     `tfsdk:"origin_ssl_protocols"`
	IPAddressType          types.String `tfsdk:"ip_address_type"`
	OriginReadTimeout      types.Int64  `tfsdk:"origin_read_timeout"`
	OriginKeepaliveTimeout types.Int64  `tfsdk:"origin_keepalive_timeout"`
	OriginMTLSConfig       []mtlsModel  `tfsdk:"origin_mtls_config"`
}

type s3OriginConfigModel struct {
	OriginAccessIdentity types.String `tfsdk:"origin_access_identity"`
}

type vpcOriginConfigModel struct {
	VPCOriginID            types.String `tfsdk:"vpc_origin_id"`
	OriginReadTimeout      types.Int64  `tfsdk:"origin_read_timeout"`
	OriginKeepaliveTimeout types.Int64  `tfsdk:"origin_keepalive_timeout"`
}

type originShieldModel struct {
	Enabled            types.Bool   `tfsdk:"enabled"`
	OriginShieldRegion types.String `tfsdk:"origin_shield_region"`
}

type distGroupModel struct {
	OriginID         types.String            `tfsdk:"origin_id"`
	FailoverCriteria []failoverCriteriaModel `tfsdk:"failover_criteria"`
	Members          []groupMemberModel      `tfsdk:"member"`
}

type failoverCriteriaModel struct {
	StatusCodes []int64 `tfsdk:"status_codes"`
}

type groupMemberModel struct {
	OriginID types.String `tfsdk:"origin_id"`
}

type groupResultModel struct {
	Healthy types.Bool   `tfsdk:"healthy"`
	Status  types.String `tfsdk:"status"`
	Summary types.String `tfsdk:"summary"`
}

func (d *DistributionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_distribution"
}

// atMostOne is how aws_cloudfront_distribution bounds its single blocks.
var atMostOne = []validator.List{listvalidator.SizeAtMost(1)}

func optionalString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, MarkdownDescription: desc}
}

func optionalInt(desc string, validators ...validator.Int64) schema.Int64Attribute {
	return schema.Int64Attribute{Optional: true, MarkdownDescription: desc, Validators: validators}
}

func (d *DistributionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Checks every origin of one CloudFront distribution in one read, and its origin groups as CloudFront fails over. " +
			"The `origin` and `origin_group` blocks are `aws_cloudfront_distribution`'s, so a distribution's blocks (or a `dynamic \"origin\"` " +
			"over the same variable) can be pasted in unchanged; `host_header`, `reachable_from` and `skip_checks` are this provider's additions per origin. " +
			"Custom origins get every check; S3 origins (`s3_origin_config`, or `origin_access_control_id` without `custom_origin_config`) are checked " +
			"as the HTTPS origins they are; VPC origins get configuration checks only. Results are by `origin_id`, in the shapes of `origin_health`.",
		Attributes: map[string]schema.Attribute{
			"id": computedString("The origin_ids, joined with commas."),
			"on_failure": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(onFailureError, onFailureWarn, onFailureIgnore)},
				MarkdownDescription: "`error` (default) fails the plan when the distribution would answer 502 (an origin fails and no origin group covers it, or a group fails), `warn` turns those into warnings, `ignore` only sets the attributes. " +
					onFailureEnvNote,
			},
			"detail": detailAttribute(),
			"certificate_expiry_warning_days": schema.Int64Attribute{
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 3650)},
				MarkdownDescription: "Warn (check `tls.expiring_soon`) when a certificate expires within this many days. Default 30.",
			},
			"skip_checks": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				Validators:          []validator.List{listvalidator.ValueStringsAre(checkIDValidator)},
				MarkdownDescription: "Check ids to skip for every origin (each origin's `skip_checks` adds to it).",
			},
			"healthy": schema.BoolAttribute{Computed: true, MarkdownDescription: "True when every origin outside an origin group is healthy and every origin group serves. " +
				"With cache behaviours given: every origin a behaviour targets directly is healthy (it gets no failover, even as a group member), every group a behaviour targets serves, " +
				"and origins and groups no behaviour reaches count only for configuration CloudFront rejects."},
			"summary": computedString("The distribution's verdict, then every origin's findings prefixed with its `[origin_id]`, then the origin groups that do not pass."),
			"origins": schema.MapNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Each origin's result, by `origin_id`, in the shape of `origin_health`'s results.",
				NestedObject:        schema.NestedAttributeObject{Attributes: originResultAttributes()},
			},
			"unreached_origin_ids": schema.ListAttribute{
				ElementType: types.StringType, Computed: true,
				MarkdownDescription: "With cache behaviours given: the `origin_id`s of the origins and origin groups no behaviour reaches (an origin is reached when a behaviour " +
					"targets it or a group it is a member of), origins first, in configuration order. CloudFront sends them no requests, so their network findings are " +
					"warnings (a configuration CloudFront rejects still fails). Null when no behaviour is given.",
			},
			"cloudfront": cloudFrontResultAttribute(),
			"origin_groups": schema.MapNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Each origin group's verdict, by its `origin_id`.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"healthy": schema.BoolAttribute{Computed: true, MarkdownDescription: "True unless the status is `fail`."},
					"status":  computedString("`pass`: the primary serves; `warn`: it serves through the secondary, or with a warning; `fail`: no member serves, or CloudFront rejects the group."),
					"summary": computedString("Why, naming the members, and what a failing primary costs every request before the failover."),
				}},
			},
		},
		Blocks: map[string]schema.Block{
			"through_cloudfront":     throughCloudFrontBlock(),
			"default_cache_behavior": cacheBehaviorBlock(false),
			"ordered_cache_behavior": cacheBehaviorBlock(true),
			"origin": schema.ListNestedBlock{
				MarkdownDescription: "An origin, as in `aws_cloudfront_distribution`.",
				Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"origin_id":                   schema.StringAttribute{Required: true, MarkdownDescription: "Unique identifier of the origin in the distribution; results are keyed by it."},
						"domain_name":                 schema.StringAttribute{Required: true, MarkdownDescription: "The origin's domain name."},
						"origin_path":                 originPathAttribute(),
						"connection_attempts":         optionalInt("1-3, default 3.", int64validator.Between(originspec.MinConnectionAttempts, originspec.MaxConnectionAttempts)),
						"connection_timeout":          optionalInt("1-10 seconds, default 10: a connect or TLS handshake slower than this fails.", int64validator.Between(originspec.MinConnectionTimeout, originspec.MaxConnectionTimeout)),
						"origin_access_control_id":    optionalString("With no `custom_origin_config`, the origin is an S3 REST origin, checked over HTTPS."),
						"response_completion_timeout": optionalInt("Accepted as in the distribution; not used by the checks."),
						"host_header":                 schema.StringAttribute{Optional: true, Validators: []validator.String{hostValidator}, MarkdownDescription: "Not an AWS argument: the Host value CloudFront forwards to this origin, as `origin_health`'s `host_header`."},
						"reachable_from": schema.StringAttribute{
							Optional: true, Validators: []validator.String{stringvalidator.OneOf(originspec.ReachableFromValues...)},
							MarkdownDescription: "Not an AWS argument: `anywhere` (default) or `cloudfront`, as `origin_health`'s `reachable_from`.",
						},
						"skip_checks": schema.ListAttribute{
							ElementType: types.StringType, Optional: true,
							Validators:          []validator.List{listvalidator.ValueStringsAre(checkIDValidator)},
							MarkdownDescription: "Not an AWS argument: check ids to skip for this origin.",
						},
						"http_request": httpRequestPerOrigin(),
					},
					Blocks: map[string]schema.Block{
						"custom_header": schema.ListNestedBlock{
							MarkdownDescription: "A header CloudFront adds to origin requests; its name is checked (`config.custom_header`).",
							NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
								"name":  schema.StringAttribute{Required: true, MarkdownDescription: "Header name."},
								"value": schema.StringAttribute{Required: true, Sensitive: true, MarkdownDescription: "Header value (never logged)."},
							}},
						},
						"custom_origin_config": schema.ListNestedBlock{
							MarkdownDescription: "A custom origin: every check runs.",
							Validators:          atMostOne,
							NestedObject: schema.NestedBlockObject{
								Attributes: map[string]schema.Attribute{
									"http_port":                optionalInt("Default 80.", int64validator.Between(1, 65535)),
									"https_port":               optionalInt("Default 443.", int64validator.Between(1, 65535)),
									"origin_protocol_policy":   schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.OneOf(originspec.Policies...)}, MarkdownDescription: "`http-only`, `https-only` (default) or `match-viewer`."},
									"origin_ssl_protocols":     schema.ListAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: "Default `[\"TLSv1.2\"]`."},
									"ip_address_type":          schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.OneOf(originspec.IPAddressTypes...)}, MarkdownDescription: "`ipv4` (default), `ipv6` or `dualstack`."},
									"origin_read_timeout":      optionalInt("As in the distribution; with `http_request`, its `origin_read_timeout` unless that sets its own."),
									"origin_keepalive_timeout": optionalInt("As in the distribution; with `http_request`, its `origin_keepalive_timeout` unless that sets its own."),
								},
								Blocks: map[string]schema.Block{
									"origin_mtls_config": schema.ListNestedBlock{
										MarkdownDescription: "CloudFront presents a client certificate to the origin.",
										Validators:          atMostOne,
										NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
											"client_certificate_arn": schema.StringAttribute{Required: true, MarkdownDescription: "ACM certificate ARN (us-east-1)."},
										}},
									},
								},
							},
						},
						"s3_origin_config": schema.ListNestedBlock{
							MarkdownDescription: "An S3 REST origin: checked as the HTTPS origin it is.",
							Validators:          atMostOne,
							NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
								"origin_access_identity": optionalString("Accepted as in the distribution."),
							}},
						},
						"vpc_origin_config": schema.ListNestedBlock{
							MarkdownDescription: "A VPC origin: configuration checks only (CloudFront reaches it inside the VPC).",
							Validators:          atMostOne,
							NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
								"vpc_origin_id":            schema.StringAttribute{Required: true, MarkdownDescription: "The VPC origin's id."},
								"origin_read_timeout":      optionalInt("Accepted as in the distribution."),
								"origin_keepalive_timeout": optionalInt("Accepted as in the distribution."),
							}},
						},
						"origin_shield": schema.ListNestedBlock{
							MarkdownDescription: "Accepted as in the distribution; not used by the checks.",
							Validators:          atMostOne,
							NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
								"enabled":              schema.BoolAttribute{Optional: true, MarkdownDescription: "Whether Origin Shield is on."},
								"origin_shield_region": optionalString("Its region."),
							}},
						},
					},
				},
			},
			"origin_group": schema.ListNestedBlock{
				MarkdownDescription: "An origin group, as in `aws_cloudfront_distribution`: the first member is the primary.",
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"origin_id": schema.StringAttribute{Required: true, MarkdownDescription: "The group's id."},
					},
					Blocks: map[string]schema.Block{
						"failover_criteria": schema.ListNestedBlock{
							Validators: atMostOne,
							NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
								"status_codes": schema.SetAttribute{
									ElementType: types.Int64Type, Required: true, Validators: []validator.Set{failoverCodesValidator{}},
									MarkdownDescription: "Origin status codes that make CloudFront try the secondary: any of " + joinCodes(cflimits.FailoverStatusCodes) + ". " +
										"CloudFront also fails over when it cannot connect to the primary or the primary times out; any other answer of the primary goes to viewers.",
								},
							}},
						},
						"member": schema.ListNestedBlock{
							NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
								"origin_id": schema.StringAttribute{Required: true, MarkdownDescription: "An origin's `origin_id`."},
							}},
						},
					},
				},
			},
		},
	}
}

func (d *DistributionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.engine = configuredEngine(req, resp)
}

// start begins checking a validated, fully known configuration that is
// about to be read (protocolServer.ValidateDataResourceConfig).
func (d *DistributionDataSource) start(ctx context.Context, config tfsdk.Config) {
	var m distributionModel
	if d.engine == nil || !config.Raw.IsFullyKnown() || config.Get(ctx, &m).HasError() {
		return
	}
	dist, _ := m.distribution()
	d.engine.StartDistribution(ctx, dist)
}

// ValidateConfig rejects what CloudFront would: two origins with one
// origin_id, an origin group naming an origin that does not exist, an
// origin with more than one kind. Values unknown until apply (a dynamic
// block over a resource's output) are left for Read.
func (d *DistributionDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var origins, groups types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("origin"), &origins)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("origin_group"), &groups)...)
	if resp.Diagnostics.HasError() || origins.IsUnknown() || groups.IsUnknown() {
		return
	}
	seen := map[string]int{}
	for i, o := range objects(origins) {
		id, known := knownID(o)
		if !known {
			continue
		}
		if first, dup := seen[id]; dup {
			resp.Diagnostics.AddAttributeError(path.Root("origin").AtListIndex(i).AtName("origin_id"), "Duplicate origin_id",
				fmt.Sprintf("origin_id %q is also origin #%d's; CloudFront requires each origin_id to be unique within a distribution. Give this origin another origin_id.", id, first+1))
			continue
		}
		seen[id] = i
		kinds := 0
		for _, block := range []string{"custom_origin_config", "s3_origin_config", "vpc_origin_config"} {
			if l, ok := o.Attributes()[block].(types.List); ok && len(l.Elements()) > 0 {
				kinds++
			}
		}
		if kinds > 1 {
			resp.Diagnostics.AddAttributeError(path.Root("origin").AtListIndex(i), "Origin of more than one kind",
				fmt.Sprintf("origin %q has more than one of custom_origin_config, s3_origin_config and vpc_origin_config; CloudFront takes exactly one. Keep the one that matches the origin.", id))
		}
	}
	groupIDs := map[string]bool{}
	for _, g := range objects(groups) {
		if id, known := knownID(g); known {
			groupIDs[id] = true
		}
	}
	idsKnown := !slices.ContainsFunc(slices.Concat(objects(origins), objects(groups)), func(o types.Object) bool { _, known := knownID(o); return !known })
	validateBehaviors(ctx, req.Config, seen, groupIDs, idsKnown, &resp.Diagnostics)
	validateThroughCloudFront(ctx, req.Config, &resp.Diagnostics)
	for i, g := range objects(groups) {
		gid, known := knownID(g)
		if _, clash := seen[gid]; clash && known {
			resp.Diagnostics.AddAttributeError(path.Root("origin_group").AtListIndex(i).AtName("origin_id"), "Duplicate origin_id",
				fmt.Sprintf("origin group %q has the origin_id of an origin; CloudFront requires ids to be unique across origins and origin groups.", gid))
		}
		members, _ := g.Attributes()["member"].(types.List)
		for j, mem := range objects(members) {
			id, known := knownID(mem)
			if _, isOrigin := seen[id]; !known || isOrigin || groupIDs[id] {
				continue // a member that is a group is a config finding of the group
			}
			resp.Diagnostics.AddAttributeError(path.Root("origin_group").AtListIndex(i).AtName("member").AtListIndex(j).AtName("origin_id"), "Unknown origin group member",
				fmt.Sprintf("origin group %q names member %q, which is not the origin_id of any origin block here. Add that origin, or fix the member's origin_id.", gid, id))
		}
	}
}

// objects are the known elements of a list of blocks.
func objects(l types.List) []types.Object {
	var out []types.Object
	for _, e := range l.Elements() {
		if o, ok := e.(types.Object); ok && !o.IsUnknown() && !o.IsNull() {
			out = append(out, o)
		}
	}
	return out
}

// knownID reads a block's origin_id, reporting false while it is unknown
// or null.
func knownID(o types.Object) (string, bool) {
	v, ok := o.Attributes()["origin_id"].(types.String)
	if !ok || v.IsUnknown() || v.IsNull() {
		return "", false
	}
	return v.ValueString(), true
}

func (d *DistributionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	result, diags := d.read(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if !diags.HasError() {
		resp.Diagnostics.Append(setAttributes(ctx, &resp.State, &result)...)
	}
}

// read checks config's origins and groups: the computed attributes, and
// the diagnostics for each finding. protocolServer calls it directly.
func (d *DistributionDataSource) read(ctx context.Context, config tfsdk.Config) (result distributionResultModel, diags diag.Diagnostics) {
	var m distributionModel
	diags.Append(config.Get(ctx, &m)...)
	if diags.HasError() {
		return result, diags
	}
	if d.engine == nil {
		diags.AddError("Provider not configured", "The origin provider was not configured before origin_distribution was read; please report this bug.")
		return result, diags
	}
	dist, ids := m.distribution()
	if why := d.engine.Deferred(); why != "" {
		diags.Append(deferredWarning("Distribution "+strings.Join(ids, ","), why)...)
	}
	res := d.engine.CheckDistribution(ctx, dist)

	onFailure := m.OnFailure.ValueString()
	if onFailure == "" {
		onFailure = onFailureError
	}
	onFailure = effectiveOnFailure(onFailure)
	detail := detailOf(m.Detail)
	m.ID = types.StringValue(strings.Join(ids, ","))
	m.Healthy = types.BoolValue(res.Healthy)
	m.Summary = types.StringValue(res.Summary)
	m.Results = map[string]originResultModel{}
	m.Unreached = res.Unreached
	for i, o := range dist.Origins {
		r := res.Origins[o.ID]
		m.Results[o.ID] = newOriginResult(o.Spec, r, detail)
		place := findingPlace{label: fmt.Sprintf("Origin %s (%s)", o.ID, r.Report.Origin), path: m.Origins[i].attributePath(i), covered: res.Excused(o.ID)}
		diags.Append(diagnostics(r.Report, o.Spec, onFailure, place)...)
		diags.Append(incomplete(r, onFailure, place)...)
	}
	m.GroupResults = map[string]groupResultModel{}
	for i, g := range dist.Groups {
		gr := res.Groups[g.ID]
		m.GroupResults[g.ID] = groupResultModel{Healthy: types.BoolValue(gr.Healthy()), Status: types.StringValue(string(gr.Status)), Summary: types.StringValue(gr.Summary)}
		where, summary := path.Root("origin_group").AtListIndex(i), fmt.Sprintf("Origin group %s: %s", g.ID, gr.Status)
		switch {
		case onFailure == onFailureIgnore || gr.Status == report.Pass:
		case gr.Status == report.Fail && onFailure == onFailureError && (!gr.Unreached || gr.Rejected):
			diags.AddAttributeError(where, summary, gr.Summary)
		default:
			diags.AddAttributeWarning(where, summary, gr.Summary)
		}
	}
	m.CloudFront = newCloudFrontResult(res.Edge, detail)
	if res.Edge != nil && !res.Edge.Healthy && !edgeFailureInOrigins(res) {
		where := path.Root("through_cloudfront")
		switch onFailure {
		case onFailureIgnore:
		case onFailureError:
			diags.AddAttributeError(where, "Through CloudFront: "+m.ThroughCloudFront[0].DomainName.ValueString(), m.CloudFront.Summary.ValueString())
		default:
			diags.AddAttributeWarning(where, "Through CloudFront: "+m.ThroughCloudFront[0].DomainName.ValueString(), m.CloudFront.Summary.ValueString())
		}
	}
	result = distributionResultModel{ID: m.ID, Healthy: m.Healthy, Summary: m.Summary, Results: m.Results, GroupResults: m.GroupResults, Unreached: m.Unreached, CloudFront: m.CloudFront}
	return result, diags
}

// distribution is the configuration as the engine checks it, and the
// origin_ids in order.
func (m distributionModel) distribution() (dist engine.Distribution, ids []string) {
	expiryDays := originspec.DefaultExpiryWarningDays
	if !m.CertificateExpiryWarningDays.IsNull() {
		expiryDays = int(m.CertificateExpiryWarningDays.ValueInt64())
	}
	for _, o := range m.Origins {
		spec := o.spec(expiryDays)
		skip := map[report.ID]bool{}
		for _, id := range slices.Concat(m.SkipChecks, o.SkipChecks) {
			skip[report.ID(id)] = true
		}
		dist.Origins = append(dist.Origins, engine.DistributionOrigin{ID: o.OriginID.ValueString(), Spec: spec, Skip: skip})
		ids = append(ids, o.OriginID.ValueString())
	}
	for _, g := range m.OriginGroups {
		group := engine.OriginGroup{ID: g.OriginID.ValueString()}
		for _, mem := range g.Members {
			group.Members = append(group.Members, mem.OriginID.ValueString())
		}
		for _, fc := range g.FailoverCriteria {
			for _, code := range fc.StatusCodes {
				group.FailoverStatusCodes = append(group.FailoverStatusCodes, int(code))
			}
		}
		dist.Groups = append(dist.Groups, group)
	}
	for _, b := range slices.Concat(objects(m.DefaultCacheBehavior), objects(m.OrderedCacheBehavior)) {
		dist.Behaviors = append(dist.Behaviors, engine.CacheBehavior{PathPattern: stringAttr(b, "path_pattern"), TargetOriginID: stringAttr(b, "target_origin_id")})
	}
	dist.Edge = m.throughCloudFront()

	return dist, ids
}

// spec is the origin as the engine checks it, by its kind: a VPC origin
// (configuration only), a custom origin, or else an S3 REST origin, which
// CloudFront reaches over HTTPS on port 443 with TLSv1.2.
func (o distOriginModel) spec(expiryDays int) originspec.Spec {
	spec := originspec.Spec{
		DomainName:         o.DomainName.ValueString(),
		HostHeader:         o.HostHeader.ValueString(),
		ReachableFrom:      o.ReachableFrom.ValueString(),
		ConnectionAttempts: int(o.ConnectionAttempts.ValueInt64()),
		ConnectionTimeout:  int(o.ConnectionTimeout.ValueInt64()),
		ExpiryWarningDays:  expiryDays,
	}
	for _, h := range o.CustomHeaders {
		spec.CustomHeaders = append(spec.CustomHeaders, h.Name.ValueString())
	}
	switch {
	case len(o.VPCOriginConfig) > 0:
		spec.VPCOriginID = o.VPCOriginConfig[0].VPCOriginID.ValueString()
	case len(o.CustomOriginConfig) > 0:
		c := o.CustomOriginConfig[0]
		spec.ProtocolPolicy = c.OriginProtocolPolicy.ValueString()
		spec.HTTPPort = int(c.HTTPPort.ValueInt64())
		spec.HTTPSPort = int(c.HTTPSPort.ValueInt64())
		spec.SSLProtocols = c.OriginSSLProtocols
		spec.IPAddressType = c.IPAddressType.ValueString()
		if len(c.OriginMTLSConfig) > 0 {
			spec.ClientCertificateDeclared = true
			spec.ClientCertificateARN = c.OriginMTLSConfig[0].ClientCertificateARN.ValueString()
		}
	default:
		spec.ProtocolPolicy = originspec.HTTPSOnly
	}
	spec.HTTPRequest = o.httpRequest()
	return spec.Normalize()
}

// httpRequest is the origin request as CloudFront would send it to this
// origin: http_request's path under origin_path, with the origin's custom
// headers (http_request's headers win), and the origin's own read and
// keep-alive timeouts unless http_request sets them.
func (o distOriginModel) httpRequest() *originspec.HTTPRequest {
	req := o.HTTPRequest.Spec(o.OriginPath.ValueString())
	if req == nil {
		return nil
	}
	headers := map[string]string{}
	for _, h := range o.CustomHeaders {
		headers[h.Name.ValueString()] = h.Value.ValueString()
	}
	maps.Copy(headers, req.Headers)
	req.Headers = headers
	for _, c := range o.CustomOriginConfig {
		if o.HTTPRequest.OriginReadTimeout.IsNull() && !c.OriginReadTimeout.IsNull() {
			req.ReadTimeout = int(c.OriginReadTimeout.ValueInt64())
		}
		if o.HTTPRequest.OriginKeepaliveTimeout.IsNull() && !c.OriginKeepaliveTimeout.IsNull() {
			req.KeepaliveTimeout = int(c.OriginKeepaliveTimeout.ValueInt64())
		}
	}
	return req
}

// originPathAttribute is origin_path: http_request's path is joined under
// it, so it goes into the request line and is validated as a path.
func originPathAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: "As in the distribution: the directory CloudFront requests under (`/prod`). `http_request`'s `path` is joined under it.",
		Validators:          []validator.String{pathValidator{summary: "Invalid origin_path", emptyOK: true}},
	}
}

// httpRequestPerOrigin is http_request as an origin block has it: the
// distribution's origin_path, custom headers and timeouts apply.
func httpRequestPerOrigin() schema.SingleNestedAttribute {
	a := HTTPRequestSchema()
	a.MarkdownDescription = "Not an AWS argument: as `origin_health`'s `http_request`, sent to this origin. Its `path` is joined under the origin's " +
		"`origin_path`, the origin's `custom_header` blocks are sent with it (its own `headers` win), and the origin's `origin_read_timeout` and " +
		"`origin_keepalive_timeout` apply unless it sets its own.\n\n" + a.MarkdownDescription
	return a
}

// attributePath returns where origin #i's arguments live: its own, or
// its custom_origin_config's.
func (o distOriginModel) attributePath(i int) func(attr string) (path.Path, bool) {
	origin := path.Root("origin").AtListIndex(i)
	return func(attr string) (path.Path, bool) {
		switch attr {
		case "domain_name", "connection_attempts", "connection_timeout", "host_header":
			return origin.AtName(attr), true
		case "origin_protocol_policy", "origin_ssl_protocols", "http_port", "https_port", "ip_address_type", "origin_mtls_config":
			if len(o.CustomOriginConfig) == 0 {
				return origin, true
			}
			return origin.AtName("custom_origin_config").AtListIndex(0).AtName(attr), true
		default:
			return origin, true
		}
	}
}

// cacheBehaviorBlock is default_cache_behavior (at most one) or, ordered,
// ordered_cache_behavior, with aws_cloudfront_distribution's attributes so
// a distribution's blocks paste unchanged. Only target_origin_id (and
// path_pattern, to name the behaviour) are used: which origin or origin
// group the behaviour's requests go to.
func cacheBehaviorBlock(ordered bool) schema.ListNestedBlock {
	ignored := func(what string) string {
		return "Accepted as in `aws_cloudfront_distribution` (" + what + "); not used by the checks."
	}
	stringList := func(what string) schema.ListAttribute {
		return schema.ListAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: ignored(what)}
	}
	attrs := map[string]schema.Attribute{
		"target_origin_id": schema.StringAttribute{Required: true, MarkdownDescription: "The `origin_id` of the origin or origin group this behaviour's requests go to. " +
			"An origin targeted directly gets no failover, even when it is an origin group's member."},
		"allowed_methods":            schema.SetAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: ignored("methods CloudFront forwards")},
		"cached_methods":             schema.SetAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: ignored("methods CloudFront caches")},
		"viewer_protocol_policy":     optionalString(ignored("viewer protocol")),
		"cache_policy_id":            optionalString(ignored("cache policy")),
		"origin_request_policy_id":   optionalString(ignored("origin request policy")),
		"response_headers_policy_id": optionalString(ignored("response headers policy")),
		"field_level_encryption_id":  optionalString(ignored("field-level encryption")),
		"realtime_log_config_arn":    optionalString(ignored("real-time logs")),
		"compress":                   schema.BoolAttribute{Optional: true, MarkdownDescription: ignored("compression")},
		"smooth_streaming":           schema.BoolAttribute{Optional: true, MarkdownDescription: ignored("Smooth Streaming")},
		"default_ttl":                optionalInt(ignored("seconds")),
		"min_ttl":                    optionalInt(ignored("seconds")),
		"max_ttl":                    optionalInt(ignored("seconds")),
		"trusted_key_groups":         stringList("signed URLs"),
		"trusted_signers":            stringList("signed URLs"),
	}
	desc := "The distribution's default cache behaviour, as in `aws_cloudfront_distribution`: which origin or origin group requests go to. " +
		"When cache behaviours are given, an origin a behaviour targets directly is judged on its own (no failover), and origins and groups no behaviour reaches are listed in `unreached_origin_ids`."
	validators := atMostOne
	if ordered {
		attrs["path_pattern"] = schema.StringAttribute{Required: true, MarkdownDescription: "The paths this behaviour applies to (`/api/*`); names the behaviour in findings."}
		desc = "An ordered cache behaviour, as in `aws_cloudfront_distribution`: the origin or origin group requests matching `path_pattern` go to. Requires `default_cache_behavior`."
		validators = nil
	}
	return schema.ListNestedBlock{
		MarkdownDescription: desc,
		Validators:          validators,
		NestedObject: schema.NestedBlockObject{
			Attributes: attrs,
			Blocks: map[string]schema.Block{
				"forwarded_values": schema.ListNestedBlock{
					MarkdownDescription: ignored("legacy cache key settings"),
					Validators:          atMostOne,
					NestedObject: schema.NestedBlockObject{
						Attributes: map[string]schema.Attribute{
							"headers":                 schema.SetAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: ignored("headers")},
							"query_string":            schema.BoolAttribute{Optional: true, MarkdownDescription: ignored("query strings")},
							"query_string_cache_keys": stringList("query string keys"),
						},
						Blocks: map[string]schema.Block{
							"cookies": schema.ListNestedBlock{
								MarkdownDescription: ignored("cookies"),
								Validators:          atMostOne,
								NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
									"forward":           optionalString(ignored("which cookies")),
									"whitelisted_names": schema.SetAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: ignored("cookie names")},
								}},
							},
						},
					},
				},
				"lambda_function_association": schema.ListNestedBlock{
					MarkdownDescription: ignored("Lambda@Edge"),
					NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
						"event_type":   optionalString(ignored("trigger")),
						"lambda_arn":   optionalString(ignored("function version")),
						"include_body": schema.BoolAttribute{Optional: true, MarkdownDescription: ignored("body")},
					}},
				},
				"function_association": schema.ListNestedBlock{
					MarkdownDescription: ignored("CloudFront Functions"),
					NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
						"event_type":   optionalString(ignored("trigger")),
						"function_arn": optionalString(ignored("function")),
					}},
				},
				"grpc_config": schema.ListNestedBlock{
					MarkdownDescription: ignored("gRPC"),
					Validators:          atMostOne,
					NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
						"enabled": schema.BoolAttribute{Optional: true, MarkdownDescription: ignored("gRPC")},
					}},
				},
			},
		},
	}
}

// validateBehaviors rejects what CloudFront would: a behaviour whose
// target_origin_id is no origin's or group's (when every id is known),
// ordered behaviours without the default one.
func validateBehaviors(ctx context.Context, config tfsdk.Config, origins map[string]int, groups map[string]bool, idsKnown bool, diags *diag.Diagnostics) {
	var ids []string
	for id := range origins {
		ids = append(ids, id)
	}
	ids = slices.Sorted(slices.Values(slices.Concat(ids, slices.Collect(maps.Keys(groups)))))
	var defaults, ordered types.List
	diags.Append(config.GetAttribute(ctx, path.Root("default_cache_behavior"), &defaults)...)
	diags.Append(config.GetAttribute(ctx, path.Root("ordered_cache_behavior"), &ordered)...)
	if diags.HasError() {
		return
	}
	if !defaults.IsUnknown() && len(defaults.Elements()) == 0 && !ordered.IsUnknown() && len(ordered.Elements()) > 0 {
		diags.AddAttributeError(path.Root("ordered_cache_behavior"), "Ordered cache behaviours without a default one",
			"ordered_cache_behavior blocks are given but no default_cache_behavior; CloudFront requires a default cache behaviour for the requests no path_pattern matches, "+
				"and without it this data source cannot tell which origins those requests reach. Add the distribution's default_cache_behavior block.")
	}
	for _, blocks := range []struct {
		name string
		list types.List
	}{{"default_cache_behavior", defaults}, {"ordered_cache_behavior", ordered}} {
		name, list := blocks.name, blocks.list
		if list.IsUnknown() {
			continue
		}
		for i, e := range list.Elements() {
			b, ok := e.(types.Object)
			if !ok || b.IsUnknown() || b.IsNull() {
				continue
			}
			target, ok := b.Attributes()["target_origin_id"].(types.String)
			if !ok || target.IsUnknown() || target.IsNull() {
				continue
			}
			if _, isOrigin := origins[target.ValueString()]; isOrigin || groups[target.ValueString()] || !idsKnown {
				continue
			}
			where := path.Root(name).AtListIndex(i).AtName("target_origin_id")
			diags.AddAttributeError(where, "Unknown cache behaviour target",
				fmt.Sprintf("%s targets %q, which is the origin_id of no origin and no origin_group here; CloudFront rejects a distribution whose behaviour targets "+
					"an unknown origin. Set target_origin_id to one of %s, or add that origin.", where, target.ValueString(), quotedList(ids)))
		}
	}
}

// quotedList writes ids as "a", "b" and "c".
func quotedList(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = fmt.Sprintf("%q", id)
	}
	return strings.Join(q, ", ")
}

// stringAttr is a block's string attribute, "" when null or unknown.
func stringAttr(o types.Object, name string) string {
	v, ok := o.Attributes()[name].(types.String)
	if !ok || v.IsNull() || v.IsUnknown() {
		return ""
	}
	return v.ValueString()
}
