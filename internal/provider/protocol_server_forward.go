package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// protocolServer forwards each tfprotov6.ProviderServer RPC it does not
// answer itself explicitly, so that each RPC is a decision made here:
// ReadDataSource and ValidateDataResourceConfig are answered in
// protocol_server.go, GetProviderSchema, ValidateProviderConfig and
// StopProvider in validation_gate.go, and everything else goes to the
// framework's server below. The embedded interface would forward an RPC a
// new terraform-plugin-go adds without anyone deciding;
// TestProtocolServerForwardsEveryRPC fails then instead.

// Provider RPCs (the framework's Configure arms the validation gate:
// OriginProvider.Configure).

func (s protocolServer) GetMetadata(ctx context.Context, req *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return s.ProviderServer.GetMetadata(ctx, req)
}

func (s protocolServer) GetResourceIdentitySchemas(ctx context.Context, req *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return s.ProviderServer.GetResourceIdentitySchemas(ctx, req)
}

func (s protocolServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return s.ProviderServer.ConfigureProvider(ctx, req)
}

// Managed resource RPCs: the provider has none; the framework answers.

func (s protocolServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return s.ProviderServer.ValidateResourceConfig(ctx, req)
}

func (s protocolServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return s.ProviderServer.UpgradeResourceState(ctx, req)
}

func (s protocolServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return s.ProviderServer.UpgradeResourceIdentity(ctx, req)
}

func (s protocolServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return s.ProviderServer.ReadResource(ctx, req)
}

func (s protocolServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return s.ProviderServer.PlanResourceChange(ctx, req)
}

func (s protocolServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return s.ProviderServer.ApplyResourceChange(ctx, req)
}

func (s protocolServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return s.ProviderServer.ImportResourceState(ctx, req)
}

func (s protocolServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return s.ProviderServer.MoveResourceState(ctx, req)
}

func (s protocolServer) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return s.ProviderServer.GenerateResourceConfig(ctx, req)
}

// Provider-defined functions.

func (s protocolServer) GetFunctions(ctx context.Context, req *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return s.ProviderServer.GetFunctions(ctx, req)
}

func (s protocolServer) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return s.ProviderServer.CallFunction(ctx, req)
}

// Ephemeral resources.

func (s protocolServer) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return s.ProviderServer.ValidateEphemeralResourceConfig(ctx, req)
}

func (s protocolServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return s.ProviderServer.OpenEphemeralResource(ctx, req)
}

func (s protocolServer) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return s.ProviderServer.RenewEphemeralResource(ctx, req)
}

func (s protocolServer) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return s.ProviderServer.CloseEphemeralResource(ctx, req)
}
