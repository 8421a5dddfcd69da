package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

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
