package provider

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
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

// parseTimeout parses a positive Go duration such as "10s" or "1m30s".
func parseTimeout(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration: use a number with a unit, such as \"10s\" or \"1m30s\"", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q must be greater than zero, such as \"10s\"", s)
	}
	return d, nil
}

// parseServer parses "ip", "ip:port" or "[ipv6]:port"; the port defaults to
// 53. IPv6 zones are refused: they do not survive being written back.
func parseServer(s string) (netip.AddrPort, error) {
	if a, err := netip.ParseAddr(s); err == nil && a.Zone() == "" {
		return netip.AddrPortFrom(a, 53), nil
	}
	host, port, err := net.SplitHostPort(s)
	if err == nil {
		a, aerr := netip.ParseAddr(host)
		p, perr := strconv.ParseUint(port, 10, 16)
		if aerr == nil && perr == nil && p > 0 && a.Zone() == "" {
			return netip.AddrPortFrom(a, uint16(p)), nil
		}
	}
	return netip.AddrPort{}, fmt.Errorf("%q is not an IP address with an optional port: use \"192.0.2.53\", \"192.0.2.53:5353\" or \"[2001:db8::53]:53\" (host names are not accepted: they would need DNS to find DNS)", s)
}

func parseServers(list []string) ([]netip.AddrPort, error) {
	out := make([]netip.AddrPort, 0, len(list))
	for _, s := range list {
		ap, err := parseServer(strings.TrimSpace(s))
		if err != nil {
			return nil, err
		}
		out = append(out, ap)
	}
	return out, nil
}

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
