package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/originhealth/terraform-provider-origin/internal/cflimits"
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
	// sslProtocolValidator is an origin_ssl_protocols element: one of
	// originspec.Protocols, the values config.unknown_protocol accepts.
	sslProtocolValidator = stringCheck{"origin_ssl_protocols value", func(s string) error {
		if slices.Contains(originspec.Protocols, s) {
			return nil
		}
		return fmt.Errorf("%q is not a protocol CloudFront offers to origins; origin_ssl_protocols takes %s "+
			"(there is no TLSv1.3 between CloudFront and origins): remove it, or use one of those values", s, orList(originspec.Protocols))
	}}
	hostValidator = stringCheck{"host header", func(s string) error {
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

// failoverCodesValidator rejects failover_criteria.status_codes CloudFront
// does not take (cflimits.FailoverStatusCodes), naming the attribute and
// the codes it allows.
type failoverCodesValidator struct{}

func (failoverCodesValidator) Description(context.Context) string {
	return "codes CloudFront fails over on: " + joinCodes(cflimits.FailoverStatusCodes)
}

func (v failoverCodesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (failoverCodesValidator) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var bad []int
	for _, e := range req.ConfigValue.Elements() {
		n, ok := e.(types.Int64)
		if !ok || n.IsNull() || n.IsUnknown() {
			continue
		}
		if code := int(n.ValueInt64()); !cflimits.IsFailoverStatusCode(code) {
			bad = append(bad, code)
		}
	}
	if len(bad) == 0 {
		return
	}
	slices.Sort(bad)
	resp.Diagnostics.AddAttributeError(req.Path, "Status code CloudFront does not fail over on",
		fmt.Sprintf("%s has %s; CloudFront accepts only %s in an origin group's failover_criteria and rejects the distribution otherwise "+
			"(a code not listed is passed on to viewers, not failed over). Remove %s, or replace it with one of those codes.",
			req.Path, joinCodes(bad), joinCodes(cflimits.FailoverStatusCodes), joinCodes(bad)))
}

// orList writes values as "a", "b" or "c".
func orList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = fmt.Sprintf("%q", v)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// joinCodes writes codes as "400, 403 and 404".
func joinCodes(codes []int) string {
	s := make([]string, len(codes))
	for i, c := range codes {
		s[i] = strconv.Itoa(c)
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
