package provider

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestDistributionValidationPaths: a 100-origin distribution with literal
// values (what `terraform validate` sees) and one error in each of several
// origins, deep in their blocks: validation reports every error once, at
// its attribute's path, in the validate walk (provider not configured) and
// in the plan walk (configured) alike.
func TestDistributionValidationPaths(t *testing.T) {
	ctx := context.Background()
	srv := ProtocolServer("test")()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := objectType(t, schemas.DataSourceSchemas[distributionTypeName].ValueType())
	originType := objectType(t, blockType(t, typ, "origin").ElementType)
	customList := blockType(t, originType, "custom_origin_config")
	customType := objectType(t, customList.ElementType)
	httpType := objectType(t, originType.AttributeTypes["http_request"])
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	num := func(i int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, big.NewFloat(float64(i))) }
	strs := func(ss ...string) tftypes.Value {
		var vs []tftypes.Value
		for _, s := range ss {
			vs = append(vs, str(s))
		}
		return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, vs)
	}
	custom := func(set map[string]tftypes.Value) tftypes.Value {
		attrs := map[string]tftypes.Value{
			"http_port": num(80), "https_port": num(443), "origin_protocol_policy": str("https-only"),
			"origin_ssl_protocols": strs("TLSv1.2"), "ip_address_type": str("ipv4"), "origin_read_timeout": num(30), "origin_keepalive_timeout": num(5),
		}
		for k, v := range set {
			attrs[k] = v
		}
		return configValue(customType, attrs)
	}
	var origins []tftypes.Value
	for i := range 100 {
		attrs := map[string]tftypes.Value{
			"origin_id": str(fmt.Sprintf("o%d", i)), "domain_name": str(fmt.Sprintf("o%d.example.com", i)),
			"connection_attempts": num(3), "connection_timeout": num(10),
			"custom_origin_config": tftypes.NewValue(customList, []tftypes.Value{custom(nil)}),
		}
		switch i {
		case 3:
			attrs["connection_attempts"] = num(9)
		case 10:
			attrs["custom_origin_config"] = tftypes.NewValue(customList, []tftypes.Value{custom(map[string]tftypes.Value{"https_port": num(0)})})
		case 20:
			attrs["origin_path"] = str("prod")
		case 30:
			attrs["skip_checks"] = strs("no.such.check")
		case 40:
			attrs["custom_origin_config"] = tftypes.NewValue(customList, []tftypes.Value{custom(nil), custom(nil)})
		case 50:
			attrs["origin_id"] = str("o0")
		case 57:
			attrs["custom_origin_config"] = tftypes.NewValue(customList, []tftypes.Value{custom(map[string]tftypes.Value{"origin_protocol_policy": str("bogus")})})
		case 60:
			attrs["http_request"] = configValue(httpType, map[string]tftypes.Value{"path": str("nope")})
		}
		origins = append(origins, configValue(originType, attrs))
	}
	config := object(t, typ, map[string]tftypes.Value{
		"certificate_expiry_warning_days": num(5000),
		"origin":                          tftypes.NewValue(typ.AttributeTypes["origin"], origins),
		"origin_group":                    tftypes.NewValue(typ.AttributeTypes["origin_group"], []tftypes.Value{}),
	})
	want := []string{
		`Duplicate origin_id at AttributeName("origin").ElementKeyInt(50).AttributeName("origin_id")`,
		`Invalid Attribute Value Match at AttributeName("origin").ElementKeyInt(57).AttributeName("custom_origin_config").ElementKeyInt(0).AttributeName("origin_protocol_policy")`,
		`Invalid Attribute Value at AttributeName("certificate_expiry_warning_days")`,
		`Invalid Attribute Value at AttributeName("origin").ElementKeyInt(10).AttributeName("custom_origin_config").ElementKeyInt(0).AttributeName("https_port")`,
		`Invalid Attribute Value at AttributeName("origin").ElementKeyInt(3).AttributeName("connection_attempts")`,
		`Invalid Attribute Value at AttributeName("origin").ElementKeyInt(40).AttributeName("custom_origin_config")`,
		`Invalid check id at AttributeName("origin").ElementKeyInt(30).AttributeName("skip_checks").ElementKeyInt(0)`,
		`Invalid origin_path at AttributeName("origin").ElementKeyInt(20).AttributeName("origin_path")`,
		`Invalid request path at AttributeName("origin").ElementKeyInt(60).AttributeName("http_request").AttributeName("path")`,
	}
	check := func(walk string) {
		t.Helper()
		resp, err := srv.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: distributionTypeName, Config: config})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range resp.Diagnostics {
			if d.Severity != tfprotov6.DiagnosticSeverityError {
				t.Errorf("%s: unexpected %s %q", walk, d.Severity, d.Summary)
			}
			got = append(got, fmt.Sprintf("%s at %s", d.Summary, d.Attribute))
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: diagnostics\n%q\nwant\n%q", walk, got, want)
		}
	}
	check("validate walk")
	if resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: object(t, schemas.Provider.ValueType(), nil)}); err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configure: %v %+v", err, resp)
	}
	check("plan walk")
}
