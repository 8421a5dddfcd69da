package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

var _ ephemeral.EphemeralResourceWithValidateConfig = (*EphemeralDistribution)(nil)

// EphemeralDistribution is ephemeral "origin_distribution": data
// "origin_distribution"'s arguments, validation, results and diagnostics,
// kept in neither plan nor state (Terraform >= 1.10).
type EphemeralDistribution struct {
	provider *OriginProvider
}

const ephemeralDistributionDescription = "The ephemeral variant of `data \"origin_distribution\"` (Terraform >= 1.10, OpenTofu >= 1.11): the same " +
	"`origin`, `origin_group` and cache behaviour blocks, the same checks, results and `on_failure` diagnostics, but nothing of it is written to the plan " +
	"or the state, and its arguments may be ephemeral values (a `custom_header` value from an ephemeral secret). Its results can be read where ephemeral " +
	"values are allowed: `check` blocks and `precondition`/`postcondition` blocks, provider configuration, ephemeral outputs and locals. " +
	"See the usage patterns guide for which variant to use when."

func (r *EphemeralDistribution) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_distribution"
}

func (r *EphemeralDistribution) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = ephemeralSchema(distributionSchema(), ephemeralDistributionDescription)
}

// ValidateConfig is the data source's: what CloudFront would reject.
func (r *EphemeralDistribution) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	var v datasource.ValidateConfigResponse
	(&DistributionDataSource{}).ValidateConfig(ctx, datasource.ValidateConfigRequest{Config: req.Config}, &v)
	resp.Diagnostics.Append(v.Diagnostics...)
}

// Open checks the distribution as the data source's read does, and
// writes what the read returns (the computed attributes, the defaults it
// fills in) over the configuration.
func (r *EphemeralDistribution) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	result, diags := (&DistributionDataSource{engine: r.provider.engine.Load()}).read(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	state := tfsdk.State{Schema: req.Config.Schema, Raw: req.Config.Raw.Copy()}
	resp.Diagnostics.Append(setAttributes(ctx, &state, &result)...)
	resp.Result.Raw = state.Raw
}
