package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// protocolServer forwards the action RPCs to the framework's server:
// embedding tfprotov6.ProviderServer forwards only that interface's
// methods (which include the ephemeral resources' RPCs), and tf6server
// serves actions only to a server that also is an ActionServer (checked
// as tfprotov6.ProviderServerWithActions, deprecated because ActionServer
// will join ProviderServer; the forwarding methods then stay correct).
var _ tfprotov6.ActionServer = protocolServer{}

// errNoActions is returned if the framework's server ever stops serving
// actions; it cannot while terraform-plugin-framework has them.
var errNoActions = errors.New("the framework's protocol server does not serve actions")

func (s protocolServer) actions() (tfprotov6.ActionServer, error) {
	a, ok := s.ProviderServer.(tfprotov6.ActionServer)
	if !ok {
		return nil, errNoActions
	}
	return a, nil
}

func (s protocolServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	a, err := s.actions()
	if err != nil {
		return nil, err
	}
	return a.ValidateActionConfig(ctx, req)
}

func (s protocolServer) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	a, err := s.actions()
	if err != nil {
		return nil, err
	}
	return a.PlanAction(ctx, req)
}

func (s protocolServer) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	a, err := s.actions()
	if err != nil {
		return nil, err
	}
	return a.InvokeAction(ctx, req)
}
