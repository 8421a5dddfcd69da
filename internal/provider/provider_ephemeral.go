package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
)

var (
	_ provider.ProviderWithEphemeralResources = (*OriginProvider)(nil)
	_ provider.ProviderWithActions            = (*OriginProvider)(nil)
)

// EphemeralResources are the data sources' ephemeral variants. They take
// the engine Configure made from p (the data sources get it as
// DataSourceData).
func (p *OriginProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		func() ephemeral.EphemeralResource { return &EphemeralHealth{provider: p} },
		func() ephemeral.EphemeralResource { return &EphemeralDistribution{provider: p} },
	}
}

// Actions is action "origin_check" (Terraform >= 1.14).
func (p *OriginProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		func() action.Action { return &OriginCheckAction{provider: p} },
	}
}
