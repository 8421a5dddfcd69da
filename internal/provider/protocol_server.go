package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ProtocolServer returns the provider's protocol server, the one main
// serves and the tests use: the framework's server for every call but
// origin_distribution's ReadDataSource, which readDistribution answers
// directly.
//
// Why: a distribution's result is large (100 origins hold ~5,000 checks,
// ~35,000 values), and after Read the framework walks every value again
// several times (semantic equality through attr.Values, two deep
// comparisons, a copy, re-filling null blocks, one schema lookup per
// value): three quarters of a second and most of the memory of a
// 100-origin read, for a data source that has no semantic-equality types
// and whose state is its configuration plus computed attributes, which
// stateMsgPack writes straight into the answer. Reads of origin_health
// stay with the framework.
func ProtocolServer(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		p := &OriginProvider{version: version}
		return protocolServer{ProviderServer: providerserver.NewProtocol6(p)(), provider: p}
	}
}

// protocolServer is the framework's server with readDistribution in front.
// Each tfprotov6.ProviderServer RPC is declared on it, answered or
// forwarded explicitly (protocol_server_forward.go;
// TestProtocolServerForwardsEveryRPC checks). The optional servers (list
// resources, actions, state stores) would not be served through the
// embedded interface at all: protocol_server_actions.go forwards the
// actions', and one that adds another kind forwards its RPCs too.
type protocolServer struct {
	tfprotov6.ProviderServer
	provider *OriginProvider
}

func (s protocolServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	if req.TypeName != distributionTypeName || req.Config == nil || len(req.Config.MsgPack) == 0 {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	return readDistribution(ctx, &DistributionDataSource{engine: s.provider.engine.Load()}, req, &s.provider.decoded), nil
}

// ValidateDataResourceConfig is the framework's; then, for a distribution
// whose configuration passed every validator and is fully known, with the
// provider configured in this walk, it starts the checks: during plan
// Terraform validates a data source right before reading it, so the round
// trips overlap Terraform's hand-over to Read, which takes the started
// check (engine.StartDistribution). The validate walk of `terraform
// validate` or `plan` starts nothing: its process has no configured
// provider, or, reattached, one configured by an earlier walk or command,
// and validationGate keeps validation offline then (validation_gate.go).
func (s protocolServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	resp, err := s.ProviderServer.ValidateDataResourceConfig(ctx, req)
	if err != nil || req.TypeName != distributionTypeName || req.Config == nil || len(req.Config.MsgPack) == 0 {
		return resp, err
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return resp, err
		}
	}
	e := s.provider.armed.engine()
	if e == nil {
		return resp, err // offline validation: no read follows it
	}
	sch := distributionSchema()
	config, decodeErr := req.Config.Unmarshal(sch.Type().TerraformType(ctx))
	if decodeErr != nil || !config.IsFullyKnown() {
		return resp, err
	}
	var m distributionModel
	if (tfsdk.Config{Schema: sch, Raw: config}).Get(ctx, &m).HasError() {
		return resp, err
	}
	s.provider.decoded.put(req.Config.MsgPack, m)
	(&DistributionDataSource{engine: e}).start(ctx, m)
	return resp, err
}

// distributionTypeName is origin_distribution's name in the protocol.
const distributionTypeName = "origin_distribution"

// distributionSchema is origin_distribution's schema, built once.
var distributionSchema = sync.OnceValue(func() schema.Schema {
	var resp datasource.SchemaResponse
	(&DistributionDataSource{}).Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	return resp.Schema
})

// readDistribution runs d's read as the framework would, without the
// framework's walks over the result: the state is the configuration as
// Terraform sent it, with what read returns written in (the computed
// attributes, and the defaults of on_failure and
// certificate_expiry_warning_days). The configuration is the one
// validation just decoded when decoded holds it
// (distribution_decode_once.go), else decoded here.
func readDistribution(ctx context.Context, d *DistributionDataSource, req *tfprotov6.ReadDataSourceRequest, decoded *decodedConfigs) *tfprotov6.ReadDataSourceResponse {
	resp := &tfprotov6.ReadDataSourceResponse{}
	m, ok := decoded.take(req.Config.MsgPack)
	if !ok {
		sch := distributionSchema()
		config, err := req.Config.Unmarshal(sch.Type().TerraformType(ctx))
		if err != nil {
			resp.Diagnostics = protocolDiagnostics(errorDiagnostic("Unreadable configuration", fmt.Sprintf("origin_distribution's configuration did not decode: %v; please report this bug.", err)))
			return resp
		}
		if diags := (tfsdk.Config{Schema: sch, Raw: config}).Get(ctx, &m); diags.HasError() {
			resp.Diagnostics = protocolDiagnostics(diags)
			return resp
		}
	}
	result, diags := d.readModel(ctx, m)
	if !diags.HasError() {
		state, err := stateMsgPack(req.Config.MsgPack, &result)
		if err != nil {
			diags.AddError("Internal error storing the result", fmt.Sprintf("origin_distribution's result did not encode: %v; please report this bug.", err))
		} else {
			resp.State = &tfprotov6.DynamicValue{MsgPack: state}
		}
	}
	resp.Diagnostics = protocolDiagnostics(diags)
	return resp
}

func errorDiagnostic(summary, detail string) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddError(summary, detail)
	return diags
}

// protocolDiagnostics converts diagnostics as the framework does: severity,
// summary, detail, and the attribute they are about.
func protocolDiagnostics(diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	out := make([]*tfprotov6.Diagnostic, 0, len(diags))
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: d.Summary(), Detail: d.Detail()}
		if d.Severity() == diag.SeverityError {
			pd.Severity = tfprotov6.DiagnosticSeverityError
		}
		if wp, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = attributePath(wp.Path())
		}
		out = append(out, pd)
	}
	return out
}

// attributePath is p in the protocol's terms; the data source's paths
// are attribute names and list indexes.
func attributePath(p path.Path) *tftypes.AttributePath {
	if len(p.Steps()) == 0 {
		return nil
	}
	ap := tftypes.NewAttributePath()
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case path.PathStepAttributeName:
			ap = ap.WithAttributeName(string(s))
		case path.PathStepElementKeyInt:
			ap = ap.WithElementKeyInt(int(s))
		case path.PathStepElementKeyString:
			ap = ap.WithElementKeyString(string(s))
		default:
			return ap // a set element: the diagnostic points at the set
		}
	}
	return ap
}
