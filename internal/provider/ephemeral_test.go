package provider

import (
	"context"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestEphemeralMatchesDataSources: each ephemeral resource has its data
// source's schema type, and opening it gives the value and diagnostics
// reading the data source gives (offline origins: configuration checks).
func TestEphemeralMatchesDataSources(t *testing.T) {
	ctx := context.Background()
	srv, schemas := configuredServer(t)
	meta, err := srv.GetMetadata(ctx, &tfprotov6.GetMetadataRequest{})
	if err != nil || len(meta.Diagnostics) > 0 {
		t.Fatalf("metadata: %v %+v", err, meta)
	}
	var names []string
	for _, e := range meta.EphemeralResources {
		names = append(names, e.TypeName)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"origin_distribution", "origin_health"}) {
		t.Errorf("ephemeral resources %v", names)
	}
	if len(meta.Actions) != 1 || meta.Actions[0].TypeName != "origin_check" {
		t.Errorf("actions %+v", meta.Actions)
	}

	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	configs := map[string]func(typ tftypes.Object) map[string]tftypes.Value{
		"origin_health": func(tftypes.Object) map[string]tftypes.Value {
			return map[string]tftypes.Value{"domain_name": str("192.0.2.10"), "on_failure": str("warn")}
		},
		"origin_distribution": func(typ tftypes.Object) map[string]tftypes.Value {
			return map[string]tftypes.Value{"origin": offlineOrigins(t, typ, true), "origin_group": tftypes.NewValue(typ.AttributeTypes["origin_group"], []tftypes.Value{}),
				"default_cache_behavior": tftypes.NewValue(typ.AttributeTypes["default_cache_behavior"], []tftypes.Value{}),
				"ordered_cache_behavior": tftypes.NewValue(typ.AttributeTypes["ordered_cache_behavior"], []tftypes.Value{}),
				"through_cloudfront":     tftypes.NewValue(typ.AttributeTypes["through_cloudfront"], []tftypes.Value{}),
				"on_failure":             str("warn")}
		},
	}
	for name, set := range configs {
		es, ok := schemas.EphemeralResourceSchemas[name]
		if !ok {
			t.Fatalf("no ephemeral %s", name)
		}
		typ := objectType(t, schemas.DataSourceSchemas[name].ValueType())
		if !es.ValueType().Equal(typ) {
			t.Fatalf("ephemeral %s's type differs from the data source's:\n%s\n%s", name, es.ValueType(), typ)
		}
		config := object(t, typ, set(typ))
		read, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: name, Config: config})
		if err != nil || read.State == nil {
			t.Fatalf("%s read: %v %+v", name, err, read)
		}
		opened, err := srv.OpenEphemeralResource(ctx, &tfprotov6.OpenEphemeralResourceRequest{TypeName: name, Config: config})
		if err != nil || opened.Result == nil {
			t.Fatalf("%s open: %v %+v", name, err, opened)
		}
		want, err := read.State.Unmarshal(typ)
		if err != nil {
			t.Fatal(err)
		}
		got, err := opened.Result.Unmarshal(typ)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(want) {
			t.Errorf("%s: opened\n%s\nread\n%s", name, got, want)
		}
		if len(opened.Diagnostics) == 0 || len(opened.Diagnostics) != len(read.Diagnostics) {
			t.Errorf("%s: opened with %d diagnostics, read with %d (want the same, at least the failure's warning)", name, len(opened.Diagnostics), len(read.Diagnostics))
		}
		for i := range min(len(opened.Diagnostics), len(read.Diagnostics)) {
			if o, r := opened.Diagnostics[i], read.Diagnostics[i]; o.Summary != r.Summary || o.Detail != r.Detail || o.Severity != r.Severity {
				t.Errorf("%s: diagnostic %d: opened %+v, read %+v", name, i, o, r)
			}
		}
		var healthy bool
		v, _, err := tftypes.WalkAttributePath(got, tftypes.NewAttributePath().WithAttributeName("healthy"))
		if err != nil {
			t.Fatal(err)
		}
		if hv, ok := v.(tftypes.Value); !ok || hv.As(&healthy) != nil || healthy {
			t.Errorf("%s: healthy = %v (%v), want false for an IP address origin", name, healthy, v)
		}
	}
}
