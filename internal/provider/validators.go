package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
	"github.com/originhealth/terraform-provider-origin/internal/settings"
)

// stringCheck adapts a parse function into a schema validator, so the
// provider validates attributes and environment fallbacks with one code path.
type stringCheck struct {
	description string
	parse       func(string) error
}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.parse(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+v.description, err.Error())
	}
}

var (
	durationValidator = stringCheck{"duration", func(s string) error { _, err := parseTimeout(s); return err }}
	serverValidator   = stringCheck{"DNS server address", func(s string) error { _, err := parseServer(s); return err }}
	checkIDValidator  = stringCheck{"check id", func(s string) error { return knownCheckID(s) }}
	hostValidator     = stringCheck{"host header", func(s string) error {
		if problem := originspec.HostProblem(s); problem != "" {
			return fmt.Errorf("%q %s: give the host name CloudFront forwards, such as \"www.example.com\"", s, problem)
		}
		return nil
	}}
)

// The parsers live in internal/settings, which origincheck shares.
var (
	parseTimeout = settings.ParseTimeout
	parseServer  = settings.ParseServer
)

func knownCheckID(s string) error {
	if _, ok := report.Lookup(report.ID(s)); ok {
		return nil
	}
	var ids []string
	for _, d := range report.All() {
		ids = append(ids, string(d.ID))
	}
	return fmt.Errorf("%q is not a check id; known ids: %s", s, strings.Join(ids, ", "))
}
