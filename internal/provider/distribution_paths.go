package provider

import "github.com/hashicorp/terraform-plugin-framework/path"

// attributePath returns where origin #i's arguments live: its own, or
// its custom_origin_config's.
func (o distOriginModel) attributePath(i int) func(attr string) (path.Path, bool) {
	origin := path.Root("origin").AtListIndex(i)
	return func(attr string) (path.Path, bool) {
		switch attr {
		case "domain_name", "connection_attempts", "connection_timeout", "host_header":
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
