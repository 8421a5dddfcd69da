package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/originhealth/terraform-provider-origin/internal/httpcheck"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
)

// HTTPRequestModel is the http_request argument: the origin request the
// http stage sends. origin_health has it once; origin_distribution has it
// per origin, joined there with the origin's origin_path.
type HTTPRequestModel struct {
	Path                   types.String      `tfsdk:"path"`
	Method                 types.String      `tfsdk:"method"`
	Headers                map[string]string `tfsdk:"headers"`
	OriginReadTimeout      types.Int64       `tfsdk:"origin_read_timeout"`
	OriginKeepaliveTimeout types.Int64       `tfsdk:"origin_keepalive_timeout"`
	MeasureKeepalive       types.Bool        `tfsdk:"measure_keepalive"`
}

// HTTPRequestSchema is the http_request attribute.
func HTTPRequestSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true,
		MarkdownDescription: "When set, the `http` stage sends the request CloudFront would forward to the origin, over the protocol `origin_protocol_policy` uses " +
			"(HTTPS on the connection the TLS stage verified for `https-only` and `match-viewer`, plain HTTP for `http-only`), to the first address of each family in use, " +
			"and judges the answer: `http.no_response`, `http.malformed_response`, `http.origin_5xx`, `http.read_timeout`, `http.keepalive_shorter`. " +
			"The request is HTTP/1.1 with `Host` = `host_header` or `domain_name`, `User-Agent: Amazon CloudFront`, a `Via: 1.1 ….cloudfront.net (CloudFront)` and an `X-Amz-Cf-Id`, plus `headers`. " +
			"Without it no request is sent and the `http` checks are skipped.",
		Attributes: map[string]schema.Attribute{
			"path": schema.StringAttribute{
				Optional:            true,
				Validators:          []validator.String{pathValidator{summary: "Invalid request path"}},
				MarkdownDescription: "Request path and query, starting with `/`. Default `\"/\"`.",
			},
			"method": schema.StringAttribute{
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(originspec.HTTPMethods...)},
				MarkdownDescription: "`HEAD` (default) or `GET`. A GET body is read (up to 1 MiB) only to measure keep-alive.",
			},
			"headers": schema.MapAttribute{
				ElementType: types.StringType, Optional: true, Sensitive: true,
				Validators:          []validator.Map{headersValidator{}},
				MarkdownDescription: "Extra request headers, such as the origin custom headers CloudFront adds (`X-Origin-Verify`) or forwarded viewer headers. Sensitive. `Host` is not allowed here (set `host_header`), nor `Connection`, `Content-Length`, `Transfer-Encoding`.",
			},
			"origin_read_timeout": schema.Int64Attribute{
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(originspec.MinOriginReadTimeout, originspec.MaxOriginReadTimeout)},
				MarkdownDescription: "CloudFront's `origin_read_timeout` in seconds (1-120, default 30): no first byte within it fails `http.read_timeout` (CloudFront answers 504). The provider `timeout` must be longer for it to be judged.",
			},
			"origin_keepalive_timeout": schema.Int64Attribute{
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(originspec.MinOriginKeepaliveTimeout, originspec.MaxOriginKeepaliveTimeout)},
				MarkdownDescription: "CloudFront's `origin_keepalive_timeout` in seconds (1-120, default 5), what `measure_keepalive` compares the origin's idle timeout with.",
			},
			"measure_keepalive": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "After the response, watch the idle connection for up to `origin_keepalive_timeout` + 1 s: an origin that closes it by then warns `http.keepalive_shorter` " +
					"(intermittent 502s). Default false; it adds that wait to the check, which must fit in the provider `timeout`.",
			},
		},
	}
}

// Spec is the engine's request for this model, nil when the model is
// (no http_request), with path joined to originPath ("" for none).
func (m *HTTPRequestModel) Spec(originPath string) *originspec.HTTPRequest {
	if m == nil {
		return nil
	}
	r := originspec.HTTPRequest{
		Path:             m.Path.ValueString(),
		Method:           m.Method.ValueString(),
		Headers:          m.Headers,
		ReadTimeout:      int(m.OriginReadTimeout.ValueInt64()),
		KeepaliveTimeout: int(m.OriginKeepaliveTimeout.ValueInt64()),
		MeasureKeepalive: m.MeasureKeepalive.ValueBool(),
	}.Normalize()
	r.Path = originspec.JoinOriginPath(originPath, r.Path)
	return &r
}

// HTTPResultSchema is the computed http attribute.
func HTTPResultSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Computed: true,
		MarkdownDescription: "What the origin answered to `http_request`, from the first address (in DNS order, one per family in use) that sent a response head; " +
			"null when `http_request` is not set, the stage did not run, or no response came.",
		Attributes: map[string]schema.Attribute{
			"status_code":           schema.Int64Attribute{Computed: true, MarkdownDescription: "The response's status code (the final one after any 1xx)."},
			"time_to_first_byte_ms": schema.Int64Attribute{Computed: true, MarkdownDescription: "Milliseconds from the request's last byte sent to the response's first byte received; null unless `detail = \"full\"` (a time measured anew on every read would rewrite the state on every refresh)."},
		},
	}
}

// pathValidator is the one rule for a path that goes into the request line
// (http_request's path, and origin_path, which it is joined under): it
// starts with "/" and has no whitespace or control characters
// (originspec.PathProblem). The path is shown through DisplayPath, since a
// query may hold a token.
type pathValidator struct {
	// summary is the diagnostic's summary, naming the attribute.
	summary string
	// emptyOK accepts "" (origin_path: no origin path).
	emptyOK bool
}

func (v pathValidator) Description(context.Context) string {
	d := "a path starting with / without spaces or control characters"
	if v.emptyOK {
		d = `"" or ` + d
	}
	return d
}
func (v pathValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v pathValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || v.emptyOK && req.ConfigValue.ValueString() == "" {
		return
	}
	p := req.ConfigValue.ValueString()
	if problem := originspec.PathProblem(p); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, fmt.Sprintf("%q %s.", originspec.DisplayPath(p), problem))
	}
}

// headersValidator rejects headers the request cannot carry.
type headersValidator struct{}

func (headersValidator) Description(context.Context) string {
	return "HTTP header names and values CloudFront can send"
}
func (v headersValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (headersValidator) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	elems := req.ConfigValue.Elements()
	names := make([]string, 0, len(elems))
	for name := range elems {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		value := ""
		if s, ok := elems[name].(types.String); ok {
			value = s.ValueString()
		}
		if why := httpcheck.ValidHeader(name, value); why != "" {
			// The value is sensitive: name the header only.
			resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(name), "Invalid request header", fmt.Sprintf("Header %q: %s.", name, why))
		}
	}
}
