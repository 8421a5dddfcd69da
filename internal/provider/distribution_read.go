package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// start begins checking a validated, fully known configuration that is
// about to be read (protocolServer.ValidateDataResourceConfig).
func (d *DistributionDataSource) start(ctx context.Context, m distributionModel) {
	dist, _ := m.distribution()
	d.engine.StartDistribution(ctx, dist)
}

func (d *DistributionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	result, diags := d.read(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if !diags.HasError() {
		resp.Diagnostics.Append(setAttributes(ctx, &resp.State, &result)...)
	}
}

// read checks config's origins and groups: what to write over the
// configuration (the computed attributes, on_failure,
// certificate_expiry_warning_days and detail with their defaults), and the
// diagnostics for each finding. protocolServer calls it directly.
func (d *DistributionDataSource) read(ctx context.Context, config tfsdk.Config) (result distributionReadModel, diags diag.Diagnostics) {
	var m distributionModel
	diags.Append(config.Get(ctx, &m)...)
	if diags.HasError() {
		return result, diags
	}
	return d.readModel(ctx, m)
}

// readModel is read of the configuration decoded as m.
func (d *DistributionDataSource) readModel(ctx context.Context, m distributionModel) (result distributionReadModel, diags diag.Diagnostics) {
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
	m.OnFailure = types.StringValue(onFailure)
	m.CertificateExpiryWarningDays = types.Int64Value(int64(m.expiryWarningDays()))
	onFailure = effectiveOnFailure(onFailure)
	detail := detailOf(m.Detail)
	m.Detail = types.StringValue(string(detail))
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
	return m.distributionReadModel, diags
}
