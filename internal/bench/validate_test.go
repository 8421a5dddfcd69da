package bench

import (
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/originhealth/terraform-provider-origin/internal/provider"
)

// BenchmarkDistributionValidate is one ValidateDataResourceConfig of an
// origin_distribution in the realistic configuration of
// realisticDistributionConfig, every value known (literal values, or the
// plan walk's): the CPU the provider spends validating it, once per
// process that validates it. In-process, no network: the provider is not
// configured, as in the validate walk.
func BenchmarkDistributionValidate(b *testing.B) {
	ctx := context.Background()
	srv := provider.ProtocolServer("bench")()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	typ, ok := schemas.DataSourceSchemas["origin_distribution"].ValueType().(tftypes.Object)
	if !ok {
		b.Fatal("origin_distribution's type is not an object")
	}
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("origins=%d", n), func(b *testing.B) {
			config := realisticConfigValue(b, typ, n)
			req := &tfprotov6.ValidateDataResourceConfigRequest{TypeName: "origin_distribution", Config: config}
			for b.Loop() {
				resp, err := srv.ValidateDataResourceConfig(ctx, req)
				if err != nil || len(resp.Diagnostics) > 0 {
					b.Fatalf("validate: %v %+v", err, resp)
				}
			}
		})
	}
}

// realisticConfigValue is realisticDistributionConfig's data source as
// Terraform sends it, for n origins in the fleet zone.
func realisticConfigValue(b *testing.B, typ tftypes.Object, n int) *tfprotov6.DynamicValue {
	b.Helper()
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	num := func(i int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, big.NewFloat(float64(i))) }
	list := func(t tftypes.Type, vs ...tftypes.Value) tftypes.Value { return tftypes.NewValue(t, vs) }
	elem := func(t tftypes.Type, name string) tftypes.Object {
		b.Helper()
		l, ok := t.(tftypes.Object).AttributeTypes[name].(tftypes.List)
		if !ok {
			b.Fatalf("%s is not a list", name)
		}
		o, ok := l.ElementType.(tftypes.Object)
		if !ok {
			b.Fatalf("%s is not a list of blocks", name)
		}
		return o
	}
	originType := elem(typ, "origin")
	headerType, customType := elem(originType, "custom_header"), elem(originType, "custom_origin_config")
	var origins []tftypes.Value
	for i := range n {
		origins = append(origins, block(originType, map[string]tftypes.Value{
			"origin_id": str(fmt.Sprintf("o%d", i)), "domain_name": str(fmt.Sprintf("o%d.fleet.test", i)),
			"connection_attempts": num(3), "connection_timeout": num(10),
			"custom_header": list(originType.AttributeTypes["custom_header"],
				block(headerType, map[string]tftypes.Value{"name": str("X-Origin-Verify"), "value": str(fmt.Sprintf("bench-secret-%d", i))})),
			"custom_origin_config": list(originType.AttributeTypes["custom_origin_config"], block(customType, map[string]tftypes.Value{
				"http_port": num(80), "https_port": num(443), "origin_protocol_policy": str("https-only"),
				"origin_ssl_protocols": list(tftypes.List{ElementType: tftypes.String}, str("TLSv1.2")), "ip_address_type": str("ipv4"),
				"origin_read_timeout": num(30), "origin_keepalive_timeout": num(5),
			})),
		}))
	}
	v := block(typ, map[string]tftypes.Value{
		"on_failure": str("error"), "certificate_expiry_warning_days": num(30),
		"origin": list(typ.AttributeTypes["origin"], origins...),
	})
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}

// block is a block of typ as Terraform sends it: the given attributes,
// every nested block an empty list, every other attribute null.
func block(typ tftypes.Object, set map[string]tftypes.Value) tftypes.Value {
	attrs := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
		if l, ok := at.(tftypes.List); ok {
			if _, isBlock := l.ElementType.(tftypes.Object); isBlock {
				attrs[name] = tftypes.NewValue(at, []tftypes.Value{})
			}
		}
		if v, ok := set[name]; ok {
			attrs[name] = v
		}
	}
	return tftypes.NewValue(typ, attrs)
}
