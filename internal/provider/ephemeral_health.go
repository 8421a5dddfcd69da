package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

var _ ephemeral.EphemeralResource = (*EphemeralHealth)(nil)

// EphemeralHealth is ephemeral "origin_health": data "origin_health"'s
// arguments, results and diagnostics, opened during plan and apply and
// kept in neither (Terraform >= 1.10). Its arguments may be ephemeral
// values, such as an origin-verify header read from a secret store.
type EphemeralHealth struct {
	provider *OriginProvider
}

// ephemeralHealthDescription leads the ephemeral resource's page.
const ephemeralHealthDescription = "The ephemeral variant of `data \"origin_health\"` (Terraform >= 1.10, OpenTofu >= 1.11): the same arguments, checks, " +
	"results and `on_failure` diagnostics, but nothing of it is written to the plan or the state, and its arguments may be ephemeral values " +
	"(an `X-Origin-Verify` header from an ephemeral secret, in `http_request.headers`). Its results can be read where ephemeral values are allowed: " +
	"`check` blocks and `precondition`/`postcondition` blocks, provider configuration, ephemeral outputs and locals. " +
	"See the usage patterns guide for which variant to use when."

func (r *EphemeralHealth) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_health"
}

func (r *EphemeralHealth) Schema(ctx context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	var ds datasource.SchemaResponse
	(&HealthDataSource{}).Schema(ctx, datasource.SchemaRequest{}, &ds)
	resp.Schema = ephemeralSchema(ds.Schema, ephemeralHealthDescription)
}

// Open reads the origin as the data source does: the ephemeral schema is
// the data source's, so the data source's read writes the result.
func (r *EphemeralHealth) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	ds := &HealthDataSource{engine: r.provider.engine.Load()}
	read := datasource.ReadResponse{State: tfsdk.State{Schema: req.Config.Schema, Raw: req.Config.Raw.Copy()}}
	ds.Read(ctx, datasource.ReadRequest{Config: req.Config}, &read)
	resp.Diagnostics.Append(read.Diagnostics...)
	if !read.Diagnostics.HasError() {
		resp.Result.Raw = read.State.Raw
	}
}
