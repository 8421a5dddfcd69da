package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestReadTakesValidationsDecoding: the reading walk's validation of a
// distribution keeps its decoding for the read of the same value, which
// takes it (and only that read: a read of another value decodes its own);
// the validate walk keeps nothing, and a new walk drops what is left.
func TestReadTakesValidationsDecoding(t *testing.T) {
	ctx := context.Background()
	srv := ProtocolServer("test")()
	ps, ok := srv.(protocolServer)
	if !ok {
		t.Fatalf("ProtocolServer returned a %T", srv)
	}
	kept := func() int {
		ps.provider.decoded.mu.Lock()
		defer ps.provider.decoded.mu.Unlock()
		return len(ps.provider.decoded.entries)
	}
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	config := vpcDistributionConfig(t, schemas)
	typ := objectType(t, schemas.DataSourceSchemas[distributionTypeName].ValueType())
	validate := func(c *tfprotov6.DynamicValue) {
		t.Helper()
		resp, err := srv.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: distributionTypeName, Config: c})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Fatalf("validate: %v %+v", err, resp)
		}
	}
	// originPath reads origin_path back from a read's state.
	originPath := func(c *tfprotov6.DynamicValue) string {
		t.Helper()
		read, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: distributionTypeName, Config: c})
		if err != nil || read.State == nil {
			t.Fatalf("read: %v %+v", err, read)
		}
		state, err := read.State.Unmarshal(typ)
		if err != nil {
			t.Fatal(err)
		}
		v, _, err := tftypes.WalkAttributePath(state, tftypes.NewAttributePath().WithAttributeName("origin").WithElementKeyInt(0).WithAttributeName("origin_path"))
		if err != nil {
			t.Fatal(err)
		}
		value, ok := v.(tftypes.Value)
		var s string
		if !ok || value.As(&s) != nil {
			t.Fatalf("origin_path in the state is %v", v)
		}
		return s
	}

	validate(config("/prod")) // the validate walk: provider not configured
	if kept() != 0 {
		t.Fatalf("the validate walk kept %d decodings, want none (no read follows it)", kept())
	}
	if resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: object(t, schemas.Provider.ValueType(), nil)}); err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configure: %v %+v", err, resp)
	}
	validate(config("/prod"))
	if kept() != 1 {
		t.Fatalf("the reading walk's validation kept %d decodings, want 1", kept())
	}
	if got := originPath(config("/other")); got != "/other" || kept() != 1 {
		t.Fatalf("a read of another value: origin_path %q, %d decodings kept; want its own value, the validated one's decoding kept", got, kept())
	}
	if got := originPath(config("/prod")); got != "/prod" || kept() != 0 {
		t.Fatalf("the read of the validated value: origin_path %q, %d decodings kept; want /prod, taken", got, kept())
	}
	validate(config("/prod"))
	if _, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		t.Fatal(err)
	}
	if kept() != 0 {
		t.Errorf("a new command left %d decodings kept, want none", kept())
	}
}
