package provider

import "github.com/hashicorp/terraform-plugin-framework/path"

// attributePath returns where origin #i's arguments live: its own, or
// its custom_origin_config's, or the origin's block (origin[i]) for one
// this block has no attribute for. A finding about no argument ("": DNS,
// TCP, TLS, HTTP) is on origin[i].domain_name, the name that was
// resolved and reached: Terraform places a diagnostic only on an
// attribute, and shows a path that ends at a block (origin[i]) on the
// data source's first line.
func (o distOriginModel) attributePath(i int) func(attr string) (path.Path, bool) {
	origin := path.Root("origin").AtListIndex(i)
	return func(attr string) (path.Path, bool) {
		switch attr {
		case "":
			return origin.AtName("domain_name"), true
		case "domain_name", "connection_attempts", "connection_timeout", "host_header":
			return origin.AtName(attr), true
		case "http_request":
			if o.HTTPRequest == nil {
				return origin, true
			}
			return origin.AtName(attr), true
		case "origin_protocol_policy", "origin_ssl_protocols", "http_port", "https_port", "ip_address_type", "origin_mtls_config":
			if len(o.CustomOriginConfig) == 0 {
				return origin, true
			}
			return origin.AtName("custom_origin_config").AtListIndex(0).AtName(attr), true
		default:
			return origin, true
		}
	}
}
