package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
)

// TestValidationStartsOnlyInTheReadingWalk: ValidateDataResourceConfig
// starts origin_distribution's checks only on the engine of the
// ConfigureProvider of its own walk. Each case is a sequence of protocol
// calls as Terraform makes them to one (reattached) process, then the
// validation of a fully known distribution.
func TestValidationStartsOnlyInTheReadingWalk(t *testing.T) {
	const (
		schema     = "GetProviderSchema"
		validateA  = "ValidateProviderConfig A"
		validateB  = "ValidateProviderConfig B"
		configureA = "ConfigureProvider A"
		configureB = "ConfigureProvider B"
		stop       = "StopProvider"
	)
	for _, c := range []struct {
		name  string
		calls []string
		// starts: whether the validation starts a check on the current engine.
		starts bool
	}{
		{"terraform validate: never configured", []string{schema, validateA}, false},
		{"validate walk of plan, empty provider block", []string{schema}, false},
		{"plan walk: configured, then the data source validated", []string{schema, validateA, configureA}, true},
		{"plan walk after the validate walk in one process", []string{schema, validateA, validateA, configureA}, true},
		{"reattached: next command's validate walk, same provider config", []string{schema, validateA, configureA, schema, validateA}, false},
		{"reattached: next command's validate walk, another provider config", []string{schema, validateA, configureA, validateB}, false},
		{"reattached: next command with an empty provider block", []string{schema, validateA, configureA, schema}, false},
		{"stopped after the configure", []string{schema, validateA, configureA, stop}, false},
		{"reconfigured for another config", []string{schema, validateA, configureA, schema, validateB, configureB}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			srv := ProtocolServer("test")()
			ps, ok := srv.(protocolServer)
			if !ok {
				t.Fatalf("ProtocolServer returned a %T", srv)
			}
			schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
			if err != nil {
				t.Fatal(err)
			}
			providerType := schemas.Provider.ValueType()
			providerConfig := map[string]*tfprotov6.DynamicValue{
				"A": object(t, providerType, nil),
				"B": object(t, providerType, map[string]tftypes.Value{"timeout": tftypes.NewValue(tftypes.String, "5s")}),
			}
			var engines []*engine.Engine
			for _, call := range c.calls {
				switch call {
				case schema:
					_, err = srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
				case validateA, validateB:
					_, err = srv.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: providerConfig[call[len(call)-1:]]})
				case configureA, configureB:
					var resp *tfprotov6.ConfigureProviderResponse
					resp, err = srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: providerConfig[call[len(call)-1:]]})
					if err == nil && len(resp.Diagnostics) > 0 {
						t.Fatalf("%s: %+v", call, resp.Diagnostics)
					}
					engines = append(engines, ps.provider.engine.Load())
				case stop:
					_, err = srv.StopProvider(ctx, &tfprotov6.StopProviderRequest{})
				}
				if err != nil {
					t.Fatalf("%s: %v", call, err)
				}
			}
			config := vpcDistribution(t, schemas)
			resp, err := srv.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: distributionTypeName, Config: config})
			if err != nil || len(resp.Diagnostics) > 0 {
				t.Fatalf("validate: %v %+v", err, resp)
			}
			started := 0
			for i, e := range engines {
				n := e.Started()
				if i < len(engines)-1 && n > 0 {
					t.Errorf("a replaced engine (#%d) holds %d started checks", i+1, n)
				}
				started += n
			}
			want := 0
			if c.starts {
				want = 1
			}
			if started != want {
				t.Errorf("after %v, validation started %d checks, want %d", c.calls, started, want)
			}
			if len(engines) == 0 {
				return
			}
			read, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: distributionTypeName, Config: config})
			if err != nil || read.State == nil {
				t.Fatalf("read: %v %+v", err, read)
			}
			if n := engines[len(engines)-1].Started(); n != 0 {
				t.Errorf("the read left %d started checks", n)
			}
		})
	}
}

// TestReplacedEngineServesNoStartedCheck: a check started in one walk is
// cancelled when a later ConfigureProvider replaces the engine, and the
// read of the new walk checks on the new engine.
func TestReplacedEngineServesNoStartedCheck(t *testing.T) {
	ctx := context.Background()
	srv := ProtocolServer("test")()
	ps, ok := srv.(protocolServer)
	if !ok {
		t.Fatalf("ProtocolServer returned a %T", srv)
	}
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	configure := func() *engine.Engine {
		t.Helper()
		if resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: object(t, schemas.Provider.ValueType(), nil)}); err != nil || len(resp.Diagnostics) > 0 {
			t.Fatalf("configure: %v %+v", err, resp)
		}
		return ps.provider.engine.Load()
	}
	config := vpcDistribution(t, schemas)
	first := configure()
	if _, err := srv.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: distributionTypeName, Config: config}); err != nil {
		t.Fatal(err)
	}
	if first.Started() != 1 {
		t.Fatalf("%d checks started in the first walk, want 1", first.Started())
	}
	second := configure()
	if first.Started() != 0 || second.Started() != 0 {
		t.Errorf("after the engine was replaced: %d started on the old engine, %d on the new, want 0 and 0", first.Started(), second.Started())
	}
	if read, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: distributionTypeName, Config: config}); err != nil || read.State == nil {
		t.Fatalf("read: %v %+v", err, read)
	}
}

// vpcDistribution is a fully known origin_distribution with one VPC
// origin: its check needs no network.
func vpcDistribution(t *testing.T, schemas *tfprotov6.GetProviderSchemaResponse) *tfprotov6.DynamicValue {
	t.Helper()
	typ := objectType(t, schemas.DataSourceSchemas[distributionTypeName].ValueType())
	originType := objectType(t, blockType(t, typ, "origin").ElementType)
	vpcConfig := blockType(t, originType, "vpc_origin_config")
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	return object(t, typ, map[string]tftypes.Value{
		"origin_group": tftypes.NewValue(typ.AttributeTypes["origin_group"], []tftypes.Value{}),
		"origin": tftypes.NewValue(typ.AttributeTypes["origin"], []tftypes.Value{
			configValue(originType, map[string]tftypes.Value{
				"origin_id": str("vpc"), "domain_name": str("internal.example.com"),
				"vpc_origin_config": tftypes.NewValue(vpcConfig, []tftypes.Value{
					configValue(objectType(t, vpcConfig.ElementType), map[string]tftypes.Value{"vpc_origin_id": str("vo_123")}),
				}),
			}),
		}),
	})
}
