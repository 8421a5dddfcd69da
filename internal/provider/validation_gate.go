package provider

import (
	"context"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
)

// When validation may start checks.
//
// Terraform validates a data source in two places: in the validate walk
// (`terraform validate`, and the first walk of `plan` and `apply`), where
// the provider is not configured and nothing is read afterwards, and in the
// plan and apply walks, right before reading it, after ConfigureProvider.
// Each walk normally gets a fresh plugin process, but a reattached provider
// (TF_REATTACH_PROVIDERS, `-debug`, the acceptance tests) or a long-lived
// one serves every walk and command in one process, so an engine configured
// by an earlier walk or command is still there when the next validate walk
// comes. Checks started then would use the settings of that earlier
// configuration, and no read would take them.
//
// The rule: ValidateDataResourceConfig starts checks only on the engine of
// the ConfigureProvider that came last, and only while no call that opens a
// new walk or command has come since:
//
//   - ConfigureProvider (with every argument known) arms validation with
//     the engine it made;
//   - GetProviderSchema (a new command loads schemas first),
//     ValidateProviderConfig (every walk validates the provider block; in
//     the plan and apply walks ConfigureProvider follows and arms again)
//     and StopProvider disarm it: validation is then offline.
//
// A started check lives in its engine (keyed by the distribution it
// checks), so an engine replaced by a later ConfigureProvider, which closes
// it, never serves one.

// validationGate holds the engine validation may start checks on, nil
// while validation is offline.
type validationGate struct{ e atomic.Pointer[engine.Engine] }

// arm lets validation start checks on e, the engine ConfigureProvider made.
func (g *validationGate) arm(e *engine.Engine) { g.e.Store(e) }

// disarm makes validation offline until the next ConfigureProvider.
func (g *validationGate) disarm() { g.e.Store(nil) }

// engine is the engine validation may start checks on, or nil.
func (g *validationGate) engine() *engine.Engine { return g.e.Load() }

func (s protocolServer) GetProviderSchema(ctx context.Context, req *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	s.provider.armed.disarm()
	s.provider.decoded.clear()
	return s.ProviderServer.GetProviderSchema(ctx, req)
}

func (s protocolServer) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	s.provider.armed.disarm()
	s.provider.decoded.clear()
	return s.ProviderServer.ValidateProviderConfig(ctx, req)
}

func (s protocolServer) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	s.provider.armed.disarm()
	s.provider.decoded.clear()
	return s.ProviderServer.StopProvider(ctx, req)
}
