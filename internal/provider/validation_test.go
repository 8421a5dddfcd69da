package provider

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// FuzzParseServer: parseServer never panics, and what it accepts is an
// address with a non-zero port that parses back to itself.
func FuzzParseServer(f *testing.F) {
	for _, s := range []string{"192.0.2.53", "192.0.2.53:5353", "[2001:db8::53]:53", "2001:db8::53", "a.root-servers.net",
		"192.0.2.53:0", "192.0.2.53:65536", "[::1]", ":53", "[fe80::1%eth0]:53", "1.2.3.4:+53", "0x7f.1:53"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ap, err := parseServer(s)
		if err != nil {
			if !strings.Contains(err.Error(), "is not an IP address") {
				t.Fatalf("%q: unhelpful error %v", s, err)
			}
			return
		}
		if !ap.IsValid() || ap.Port() == 0 {
			t.Fatalf("%q accepted as %v", s, ap)
		}
		if again, err := parseServer(ap.String()); err != nil || again != ap {
			t.Fatalf("%q -> %v does not parse back (%v, %v)", s, ap, again, err)
		}
	})
}

// FuzzParseTimeout: parseTimeout never panics and accepts only positive
// durations, which round-trip through their own spelling.
func FuzzParseTimeout(f *testing.F) {
	for _, s := range []string{"10s", "1m30s", "10", "0s", "-1s", "1.5h", "9223372036854775807ns", "1e3s", ".s", "5µs"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseTimeout(s)
		if err != nil {
			return
		}
		if d <= 0 {
			t.Fatalf("%q accepted as %v", s, d)
		}
		if again, err := parseTimeout(d.String()); err != nil || again != d {
			t.Fatalf("%q -> %v does not parse back (%v, %v)", s, d, again, err)
		}
	})
}

// FuzzConfigProblemsReader feeds config_problems' value reader origin
// blocks of every shape the AWS provider or a user may pass (object or
// list-wrapped custom_origin_config, odd types, unknowns, fractions, any
// custom_header): it must never panic, unknown input must give an unknown
// result, and a header's value, often a secret, never shows in a problem.
func FuzzConfigProblemsReader(f *testing.F) {
	f.Add("origin.example.com", "https-only", 80.0, 443.0, "TLSv1.2", "X-Origin-Verify", uint8(0))
	f.Add("192.0.2.1", "match-viewer", 8080.5, -1.0, "TLSv1,SSLv3,", "Host", uint8(1))
	f.Add("", "", 1e300, 0.0, "", "", uint8(2))
	f.Add("b.s3-website-us-east-1.amazonaws.com", "http-only", 65535.0, 70000.0, "TLSv1.3", "X-Amz-Foo", uint8(3))
	f.Fuzz(func(t *testing.T, domain, policy string, httpPort, httpsPort float64, protocols, header string, shape uint8) {
		const secret = "s3cr3t-h34d3r-v4lu3"
		v := originBlock(domain, policy, httpPort, httpsPort, protocols, header, secret, shape)
		spec, headers, known, err := specFromOriginBlock(v)
		if shape%5 == 4 && (known || err != nil) {
			t.Fatalf("unknown port read as known=%v err=%v", known, err)
		}
		if err == nil && known {
			spec.CustomHeaders = headers
			for _, p := range configProblems(spec.Normalize()) {
				if strings.Contains(p, secret) && !strings.Contains(domain+policy+protocols+header, secret) {
					t.Fatalf("a problem shows the header value: %s", p)
				}
			}
		}
	})
}

// originBlock builds an origin block with one custom_header; shape picks
// how custom_origin_config is spelled: an object, a one-element list, two
// blocks, a string, or an object with an unknown port.
func originBlock(domain, policy string, httpPort, httpsPort float64, protocols, header, value string, shape uint8) tftypes.Value {
	var protos []tftypes.Value
	for _, p := range strings.Split(protocols, ",") {
		protos = append(protos, tftypes.NewValue(tftypes.String, p))
	}
	num := func(f float64) tftypes.Value {
		if math.IsNaN(f) { // big.Float has no NaN; Terraform numbers neither
			f = 0
		}
		return tftypes.NewValue(tftypes.Number, new(big.Float).SetFloat64(f))
	}
	customType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"origin_protocol_policy": tftypes.String, "http_port": tftypes.Number, "https_port": tftypes.Number,
		"origin_ssl_protocols": tftypes.List{ElementType: tftypes.String},
	}}
	https := num(httpsPort)
	if shape%5 == 4 {
		https = tftypes.NewValue(tftypes.Number, tftypes.UnknownValue)
	}
	custom := tftypes.NewValue(customType, map[string]tftypes.Value{
		"origin_protocol_policy": tftypes.NewValue(tftypes.String, policy),
		"http_port":              num(httpPort),
		"https_port":             https,
		"origin_ssl_protocols":   tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, protos),
	})
	var customValue tftypes.Value
	switch shape % 5 {
	case 1:
		customValue = tftypes.NewValue(tftypes.List{ElementType: customType}, []tftypes.Value{custom})
	case 2:
		customValue = tftypes.NewValue(tftypes.List{ElementType: customType}, []tftypes.Value{custom, custom})
	case 3:
		customValue = tftypes.NewValue(tftypes.String, policy)
	default:
		customValue = custom
	}
	headerType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"name": tftypes.String, "value": tftypes.String}}
	headers := tftypes.NewValue(tftypes.Set{ElementType: headerType}, []tftypes.Value{tftypes.NewValue(headerType, map[string]tftypes.Value{
		"name": tftypes.NewValue(tftypes.String, header), "value": tftypes.NewValue(tftypes.String, value),
	})})
	return tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"domain_name": tftypes.String, "custom_origin_config": customValue.Type(), "custom_header": headers.Type(),
	}}, map[string]tftypes.Value{
		"domain_name":          tftypes.NewValue(tftypes.String, domain),
		"custom_origin_config": customValue,
		"custom_header":        headers,
	})
}

// TestAccHealth_ArgumentValidation: every bad argument fails the plan with
// a diagnostic on that argument (terraform prints the offending line), and
// names DNS treats as equal are accepted as DNS does.
func TestAccHealth_ArgumentValidation(t *testing.T) {
	cases := []struct {
		name, args string
		// want matches the diagnostic and the argument's line terraform quotes.
		want *regexp.Regexp
	}{
		{"empty domain", `domain_name = ""`, both(`check config\.domain_name failed`, `domain_name = ""`)},
		{"IP literal", `domain_name = "192.0.2.10"`, both(`check config\.ip_literal failed`, `domain_name = "192\.0\.2\.10"`)},
		{"URL instead of a name", `domain_name = "https://healthy.example.test/"`, both(`check config\.domain_name failed`, `contains a URL scheme`)},
		{"port 0", "domain_name = \"healthy.example.test\"\nhttp_port = 0", both(`must be between 1 and 65535`, `http_port = 0`)},
		{"port 70000", "domain_name = \"healthy.example.test\"\nhttps_port = 70000", both(`must be between 1 and 65535`, `https_port = 70000`)},
		{"port CloudFront refuses", "domain_name = \"healthy.example.test\"\nhttps_port = 81", both(`check config\.port_out_of_range failed`, `https_port = 81`)},
		{"unknown protocol", "domain_name = \"healthy.example.test\"\norigin_ssl_protocols = [\"TLSv1.3\"]", both(wrapped(`"TLSv1\.3" is not a protocol CloudFront offers to origins; origin_ssl_protocols takes "SSLv3", "TLSv1", "TLSv1\.1" or "TLSv1\.2"`), `origin_ssl_protocols = \["TLSv1\.3"\]`)},
		{"no protocol", "domain_name = \"healthy.example.test\"\norigin_ssl_protocols = []", both(`check config\.unknown_protocol failed`, `origin_ssl_protocols = \[\]`)},
		{"unknown policy", "domain_name = \"healthy.example.test\"\norigin_protocol_policy = \"https\"", both(`value must be one of`, `origin_protocol_policy = "https"`)},
		{"unknown skip id", "domain_name = \"healthy.example.test\"\nskip_checks = [\"tls.expird\"]", both(`"tls\.expird" is not a check id`, `skip_checks`)},
		{"bad on_failure", "domain_name = \"healthy.example.test\"\non_failure = \"fail\"", both(`value must be one of`, `on_failure = "fail"`)},
		{"host header with a path", "domain_name = \"healthy.example.test\"\nhost_header = \"www.example.test/x\"", both(`Invalid host header`, `host_header = "www\.example\.test/x"`)},
		{"host header with a bad port", "domain_name = \"healthy.example.test\"\nhost_header = \"www.example.test:0\"", both(`Invalid host header`, `port "0"`)},
		{"expiry days negative", "domain_name = \"healthy.example.test\"\ncertificate_expiry_warning_days = -1", regexp.MustCompile(`must be between 0 and 3650`)},
		{"http_request Host header", "domain_name = \"healthy.example.test\"\nhttp_request = { headers = { Host = \"x\" } }", regexp.MustCompile(`Invalid request header(?s).*set host_header instead`)},
		{"http_request method", "domain_name = \"healthy.example.test\"\nhttp_request = { method = \"POST\" }", regexp.MustCompile(`value must be one of`)},
		{"http_request path", "domain_name = \"healthy.example.test\"\nhttp_request = { path = \"index.html\" }", regexp.MustCompile(`Invalid request path`)},
		{"http_request read timeout", "domain_name = \"healthy.example.test\"\nhttp_request = { origin_read_timeout = 0 }", regexp.MustCompile(`must be between 1 and\s+120`)},
		{"http_request keep-alive timeout", "domain_name = \"healthy.example.test\"\nhttp_request = { origin_keepalive_timeout = 121 }", regexp.MustCompile(`must be between 1 and\s+120`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := labProviderConfig(t) + "data \"origin_health\" \"t\" {\n" + tc.args + "\n}\n"
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: cfg, PlanOnly: true, ExpectError: tc.want}},
			})
		})
	}
}

// TestAccHealth_ProviderArgumentValidation: bad provider arguments fail
// with a diagnostic on the argument.
func TestAccHealth_ProviderArgumentValidation(t *testing.T) {
	cases := []struct {
		name, provider string
		want           *regexp.Regexp
	}{
		{"duration without unit", `timeout = "10"`, both(`"10" is not a duration`, `timeout = "10"`)},
		{"zero duration", `timeout = "0s"`, regexp.MustCompile(`must be greater than zero`)},
		{"resolver host name", `dns_resolvers = ["dns.google"]`, both(`"dns\.google" is not an IP address`, `dns_resolvers`)},
		{"resolver port 0", `dns_root_servers = ["192.0.2.53:0"]`, both(`is not an IP address`, `dns_root_servers`)},
		{"concurrency 0", `max_concurrency = 0`, regexp.MustCompile(`must be between 1 and 1024`)},
		{"CA that is not PEM", `trusted_ca_pem = "not a certificate"`, both(`Invalid trusted_ca_pem`, `no PEM certificate found`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			requireAcceptance(t)
			cfg := "provider \"origin\" {\n" + tc.provider + "\n}\ndata \"origin_health\" \"t\" { domain_name = \"healthy.example.test\" }\n"
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: cfg, PlanOnly: true, ExpectError: tc.want}},
			})
		})
	}
}

// TestAccHealth_NamesAsDNSCompares: upper case and a trailing dot name the
// same origin, as in DNS.
func TestAccHealth_NamesAsDNSCompares(t *testing.T) {
	s := "HEALTHY.Example.Test."
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: labProviderConfig(t) + fmt.Sprintf("data \"origin_health\" \"t\" {\n  domain_name = %q\n  host_header = \"Healthy.Example.Test.:443\"\n}\n", s),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.origin_health.t", "id", "healthy.example.test"),
				resource.TestCheckResourceAttr("data.origin_health.t", "healthy", "true"),
			),
		}},
	})
}

// TestAccHealth_UnknownAtPlan: a domain_name from a resource not yet
// created is unknown at plan; the data source is then read at apply, with
// no false failure at plan, and its results are unknown until then.
func TestAccHealth_UnknownAtPlan(t *testing.T) {
	cfg := labProviderConfig(t) + `
resource "terraform_data" "origin" {
  input = "healthy.example.test"
}
data "origin_health" "t" {
  domain_name = terraform_data.origin.output
  https_port  = 443
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		ExternalProviders:        map[string]resource.ExternalProvider{"terraform": {Source: "terraform.io/builtin/terraform"}},
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue("data.origin_health.t", tfjsonpath.New("healthy")),
				plancheck.ExpectUnknownValue("data.origin_health.t", tfjsonpath.New("checks")),
			}},
			Check: resource.TestCheckResourceAttr("data.origin_health.t", "healthy", "true"),
		}},
	})
}

// both matches a and b in either order: terraform quotes the argument's
// line before or after the message depending on where the check ran.
func both(a, b string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)(?:` + a + `.*` + b + `|` + b + `.*` + a + `)`)
}
