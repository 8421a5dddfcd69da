package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
)

var (
	_ datasource.DataSourceWithConfigure      = (*DistributionDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*DistributionDataSource)(nil)
)

// DistributionDataSource is data "origin_distribution": every origin and
// origin group of one distribution, in blocks shaped like
// aws_cloudfront_distribution's, checked in one read.
type DistributionDataSource struct {
	engine *engine.Engine
}

// NewDistributionDataSource returns the origin_distribution data source.
func NewDistributionDataSource() datasource.DataSource { return &DistributionDataSource{} }

func (d *DistributionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_distribution"
}

func (d *DistributionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.engine = configuredEngine(req, resp)
}
