package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/action"
	aschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

var _ action.ActionWithValidateConfig = (*OriginCheckAction)(nil)

// OriginCheckAction is action "origin_check" (Terraform >= 1.14): a
// distribution's origin and origin_group blocks, as origin_distribution
// takes them, checked when the action is invoked, with a progress line
// per origin as its check ends and the distribution's summary last. The
// invocation fails when the distribution would fail: when
// origin_distribution with on_failure = "error" would fail the plan.
type OriginCheckAction struct {
	provider *OriginProvider
}

// originCheckArguments are the arguments of origin_distribution the action
// takes: its blocks and the per-distribution check settings. on_failure
// is not one: the action always fails on a failing distribution.
var (
	originCheckBlocks     = []string{"origin", "origin_group", "default_cache_behavior", "ordered_cache_behavior"}
	originCheckAttributes = []string{"skip_checks", "certificate_expiry_warning_days"}
)

// originCheckModel is the action's configuration.
type originCheckModel struct {
	Origins                      []distOriginModel `tfsdk:"origin"`
	OriginGroups                 []distGroupModel  `tfsdk:"origin_group"`
	DefaultCacheBehavior         types.List        `tfsdk:"default_cache_behavior"`
	OrderedCacheBehavior         types.List        `tfsdk:"ordered_cache_behavior"`
	CertificateExpiryWarningDays types.Int64       `tfsdk:"certificate_expiry_warning_days"`
	SkipChecks                   []string          `tfsdk:"skip_checks"`
}

func (a *OriginCheckAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_check"
}

func (a *OriginCheckAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	ds := distributionSchema()
	attrs, blocks := map[string]schema.Attribute{}, map[string]schema.Block{}
	for _, name := range originCheckAttributes {
		attrs[name] = ds.Attributes[name]
	}
	for _, name := range originCheckBlocks {
		blocks[name] = ds.Blocks[name]
	}
	resp.Schema = aschema.Schema{
		MarkdownDescription: "Checks a distribution's origins and origin groups when invoked (Terraform >= 1.14): by hand with " +
			"`terraform apply -invoke=action.origin_check.<name>`, or from a resource's `action_trigger` (after a deployment). " +
			"It takes `origin_distribution`'s `origin`, `origin_group` and cache behaviour blocks, reports one progress line per origin as its check ends, " +
			"then the distribution's summary, and fails the invocation when the distribution would fail (when `origin_distribution` with " +
			"`on_failure = \"error\"` would fail the plan). Nothing is stored. Sensitive arguments of the data source (`custom_header` values, " +
			"`http_request.headers`) are write-only here: they accept ephemeral values.",
		Attributes: actionAttributes(attrs),
		Blocks:     actionBlocks(blocks),
	}
}

// ValidateConfig is origin_distribution's: what CloudFront would reject.
func (a *OriginCheckAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var v datasource.ValidateConfigResponse
	(&DistributionDataSource{}).ValidateConfig(ctx, datasource.ValidateConfigRequest{Config: req.Config}, &v)
	resp.Diagnostics.Append(v.Diagnostics...)
}

func (a *OriginCheckAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var c originCheckModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &c)...)
	if resp.Diagnostics.HasError() {
		return
	}
	e := a.provider.engine.Load()
	if e == nil {
		resp.Diagnostics.AddError("Provider not configured", "The origin provider was not configured before origin_check was invoked; please report this bug.")
		return
	}
	m := distributionModel{
		Origins: c.Origins, OriginGroups: c.OriginGroups,
		DefaultCacheBehavior: c.DefaultCacheBehavior, OrderedCacheBehavior: c.OrderedCacheBehavior,
		SkipChecks: c.SkipChecks,
	}
	m.CertificateExpiryWarningDays = c.CertificateExpiryWarningDays
	dist, _ := m.distribution()
	done := 0
	res := e.CheckDistributionEach(ctx, dist, func(i int, r engine.Result) {
		done++
		send(resp, progressLine(done, len(dist.Origins), dist.Origins[i].ID, r))
	})
	send(resp, res.Summary)
	resp.Diagnostics.Append(distributionDiagnostics(m, dist, res)...)
	if resp.Diagnostics.HasError() {
		resp.Diagnostics.AddError("The distribution would fail",
			"origin_check found that CloudFront would answer viewers with an error for this distribution:\n\n"+res.Summary)
	}
}

func send(resp *action.InvokeResponse, message string) {
	if resp.SendProgress != nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: message})
	}
}

// progressLine is one origin's line: its place, its verdict, and the ids
// that failed or warned.
func progressLine(done, total int, id string, r engine.Result) string {
	verdict, _, _ := strings.Cut(r.Report.Summary, "\n")
	line := fmt.Sprintf("[%d/%d] %s: %s", done, total, id, verdict)
	for _, status := range []report.Status{report.Fail, report.Warn} {
		var ids []string
		for _, c := range r.Report.Checks {
			if c.Status == status {
				ids = append(ids, string(c.ID))
			}
		}
		if len(ids) > 0 {
			line += fmt.Sprintf("; %s: %s", status, strings.Join(ids, ", "))
		}
	}
	return line
}

// distributionDiagnostics are origin_distribution's diagnostics with
// on_failure = "error": each origin's findings (warnings where its group
// covers it) and each origin group that does not pass.
func distributionDiagnostics(m distributionModel, dist engine.Distribution, res engine.DistributionResult) diag.Diagnostics {
	var diags diag.Diagnostics
	for i, o := range dist.Origins {
		r := res.Origins[o.ID]
		place := findingPlace{label: fmt.Sprintf("Origin %s (%s)", o.ID, r.Report.Origin), path: m.Origins[i].attributePath(i), covered: res.Excused(o.ID)}
		diags.Append(diagnostics(r.Report, o.Spec, onFailureError, place)...)
		diags.Append(incomplete(r, onFailureError, place)...)
	}
	for i, g := range dist.Groups {
		gr := res.Groups[g.ID]
		where, summary := path.Root("origin_group").AtListIndex(i), fmt.Sprintf("Origin group %s: %s", g.ID, gr.Status)
		switch {
		case gr.Status == report.Pass:
		case gr.Status == report.Fail && (!gr.Unreached || gr.Rejected):
			diags.AddAttributeError(where, summary, gr.Summary)
		default:
			diags.AddAttributeWarning(where, summary, gr.Summary)
		}
	}
	return diags
}
