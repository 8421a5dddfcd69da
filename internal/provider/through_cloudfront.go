package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/report"
	"github.com/originhealth/terraform-provider-origin/internal/resultview"
)

// throughCloudFrontModel is the through_cloudfront block. Its requests
// stay a types.List: an element unknown until apply must not fail the
// read of the rest.
type throughCloudFrontModel struct {
	DomainName types.String `tfsdk:"domain_name"`
	CacheBust  types.Bool   `tfsdk:"cache_bust"`
	Requests   types.List   `tfsdk:"requests"`
}

// cloudFrontResultModel is the computed cloudfront attribute: what the
// requests through the distribution found, the distribution's own view.
type cloudFrontResultModel struct {
	Healthy types.Bool                  `tfsdk:"healthy"`
	Summary types.String                `tfsdk:"summary"`
	Checks  map[string]resultview.Check `tfsdk:"checks"`
}

func throughCloudFrontBlock() schema.ListNestedBlock {
	return schema.ListNestedBlock{
		MarkdownDescription: "Not an AWS block: requests sent through the deployed distribution, as a viewer sends them, one per entry of `requests` on every read " +
			"(continuous validation, e.g. from a `check` block). Each answer is judged as CloudFront's own error (`cloudfront.edge_error`), the origin's own error " +
			"passed on (`cloudfront.origin_error`), or the origin's answer (`cloudfront.origin_exercised`), into the checks of the origin the request reached. " +
			"When `domain_name` is not known yet (the distribution is not created yet) nothing is sent and `summary` says so.",
		Validators: atMostOne,
		NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
			"domain_name": schema.StringAttribute{Required: true, Validators: []validator.String{hostValidator},
				MarkdownDescription: "The distribution's domain name (`aws_cloudfront_distribution.x.domain_name`) or an alias its viewer certificate covers: dialed over HTTPS with this SNI and Host, its certificate verified against the provider's trust store."},
			"cache_bust": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Add a query parameter of its own (`origin-cache-bust`) to each request so that it misses the cache. Default false: a cache key without query strings " +
					"ignores it, and then an answer may come from the cache (`cloudfront.origin_exercised` says when it did)."},
			"requests": schema.ListNestedAttribute{
				Required: true,
				MarkdownDescription: "The requests, one per entry, sent in order on every read. With cache behaviours given, the origin each path reaches is computed " +
					"as CloudFront matches path patterns, and an `origin_id` that disagrees is an error.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"path": schema.StringAttribute{Required: true, Validators: []validator.String{pathValidator{summary: "Invalid request path"}},
						MarkdownDescription: "The request path, query allowed (shown as `?…` in messages)."},
					"origin_id": schema.StringAttribute{Optional: true,
						MarkdownDescription: "The origin (or origin group) the path reaches. Without cache behaviours, the request's findings go to this origin; with them, it must agree with the behaviour that matches."},
					"method": schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.OneOf("GET", "HEAD")},
						MarkdownDescription: "`GET` (default; at most 8 KiB of the body is read, enough for CloudFront's error page) or `HEAD`."},
					"headers": schema.MapAttribute{ElementType: types.StringType, Optional: true, Sensitive: true, Validators: []validator.Map{headersValidator{}},
						MarkdownDescription: "Request headers (an `Authorization` or a token the distribution's function checks). Sensitive: never in messages, logs or state."},
				}},
			},
		}},
	}
}

func cloudFrontResultAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Computed: true,
		MarkdownDescription: "With `through_cloudfront`: what the requests through the distribution found, every request's `cloudfront` checks in one map " +
			"(`cloudfront.distribution_unreachable` is the distribution's own: its name does not resolve, its TLS fails, or it does not answer). Null without the block, or while its `domain_name` is not known.",
		Attributes: map[string]schema.Attribute{
			"healthy": schema.BoolAttribute{Computed: true, MarkdownDescription: "True when no request failed."},
			"summary": computedString("One line per request finding that did not pass."),
			"checks":  originResultAttributes()["checks"],
		},
	}
}

// throughCloudFront is the block as the engine sends it, nil without one.
func (m distributionModel) throughCloudFront() *engine.ThroughCloudFront {
	if len(m.ThroughCloudFront) == 0 {
		return nil
	}
	b := m.ThroughCloudFront[0]
	if b.DomainName.IsUnknown() || b.Requests.IsUnknown() {
		return &engine.ThroughCloudFront{Unknown: true}
	}
	edge := &engine.ThroughCloudFront{DomainName: b.DomainName.ValueString(), CacheBust: b.CacheBust.ValueBool()}
	for _, r := range objects(b.Requests) {
		req := engine.EdgeRequest{Path: stringAttr(r, "path"), OriginID: stringAttr(r, "origin_id"), Method: stringAttr(r, "method"), Headers: map[string]string{}}
		if h, ok := r.Attributes()["headers"].(types.Map); ok {
			for name, v := range h.Elements() {
				if s, ok := v.(types.String); ok && !s.IsUnknown() && !s.IsNull() {
					req.Headers[name] = s.ValueString()
				}
			}
		}
		edge.Requests = append(edge.Requests, req)
	}
	return edge
}

// newCloudFrontResult is the cloudfront attribute of a result, nil when no
// request was sent.
func newCloudFrontResult(r *report.Report, detail resultview.Detail) *cloudFrontResultModel {
	if r == nil {
		return nil
	}
	out := &cloudFrontResultModel{Healthy: types.BoolValue(r.Healthy), Checks: resultview.ChecksOf(r.Checks, detail)}
	summary := ""
	for _, c := range r.Checks {
		if c.Status == report.Fail || c.Status == report.Warn {
			summary += fmt.Sprintf("%s %s: %s\n", c.Status, c.ID, c.Compact)
		}
	}
	if summary == "" {
		summary = "every request through CloudFront passed\n"
	}
	out.Summary = types.StringValue(summary[:len(summary)-1])
	return out
}

// validateThroughCloudFront rejects a request whose origin_id disagrees
// with the cache behaviour its path matches, when every value is known.
//
// It reads only the blocks it compares (decoding the whole configuration,
// every origin, cost a 100-origin validation a sixth of its CPU), so it
// also judges a configuration whose origins are not known yet.
func validateThroughCloudFront(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) {
	var through []throughCloudFrontModel
	var defaults, ordered types.List
	if config.GetAttribute(ctx, path.Root("through_cloudfront"), &through).HasError() || len(through) == 0 ||
		config.GetAttribute(ctx, path.Root("default_cache_behavior"), &defaults).HasError() ||
		config.GetAttribute(ctx, path.Root("ordered_cache_behavior"), &ordered).HasError() {
		return
	}
	var behaviours []engine.CacheBehavior
	for _, b := range append(objects(defaults), objects(ordered)...) {
		behaviours = append(behaviours, engine.CacheBehavior{PathPattern: stringAttr(b, "path_pattern"), TargetOriginID: stringAttr(b, "target_origin_id")})
	}
	if len(behaviours) == 0 || defaults.IsUnknown() || ordered.IsUnknown() {
		return
	}
	for i, r := range objects(through[0].Requests) {
		want, p := stringAttr(r, "origin_id"), stringAttr(r, "path")
		if want == "" || p == "" {
			continue
		}
		if target, via := engine.RouteOf(behaviours, p); target != "" && target != want {
			diags.AddAttributeError(path.Root("through_cloudfront").AtListIndex(0).AtName("requests").AtListIndex(i).AtName("origin_id"), "Request reaches another origin",
				fmt.Sprintf("requests[%d] names origin_id %q, but CloudFront matches its path to %s, which targets %q. Set origin_id = %q, or leave it out: with cache behaviours it is computed.",
					i, want, via, target, target))
		}
	}
}

// edgeFailureInOrigins reports whether every failed request through
// CloudFront is already an origin's finding (its diagnostic says it), so
// that through_cloudfront needs none of its own: not when the
// distribution itself did not answer, nor when a failing request reached
// no single origin (a group, or no origin_id without behaviours).
func edgeFailureInOrigins(res engine.DistributionResult) bool {
	failed := map[report.ID]bool{}
	for _, c := range res.Edge.Checks {
		if c.Status == report.Fail {
			failed[c.ID] = true
		}
	}
	if failed[report.CloudFrontDistributionUnreachable] {
		return false
	}
	for _, r := range res.Origins {
		for _, c := range r.Report.Checks {
			if c.Category == report.CategoryCloudFront && c.Status == report.Fail {
				delete(failed, c.ID)
			}
		}
	}
	return len(failed) == 0
}
