package dnscheck

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// display drops the trailing dot users do not write, except for the root.
func display(name string) string {
	if name == "." {
		return name
	}
	return strings.TrimSuffix(name, ".")
}

func displayAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = display(n)
	}
	return out
}

func hostList(hosts []string) string {
	return "{" + strings.Join(displayAll(hosts), ", ") + "}"
}

func joinAddrs(addrs []netip.Addr) string {
	s := make([]string, len(addrs))
	for i, a := range addrs {
		s[i] = a.String()
	}
	return strings.Join(s, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func viaChain(chain []string) string {
	if len(chain) == 1 {
		return ""
	}
	return " (CNAME chain " + strings.Join(displayAll(chain), " → ") + ")"
}

// serversPhrase names the servers of zone ("" for the recursive resolvers)
// in a sentence.
func serversPhrase(zone string) string {
	if zone == "" {
		return "resolvers (dns_resolvers)"
	}
	return "name servers of zone " + display(zone)
}

// notAsked says which of outcomes' servers this machine could not ask and
// why: "2 of 2 name server addresses could not be asked from this machine: it has
// no IPv6 route (ns1.example.test (2001:db8::53), …); not verified". It
// is "" when every server was asked.
func notAsked(servers string, outcomes []outcome) string {
	var names, why []string
	for _, o := range outcomes {
		if o.state != stateSkipped {
			continue
		}
		names = append(names, o.server.String())
		if r := noRoute(o.server.addr.Addr()); !slices.Contains(why, r) {
			why = append(why, r)
		}
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(why)
	return fmt.Sprintf("%d of %d %s could not be asked from this machine: it has %s (%s); not verified",
		len(names), len(outcomes), servers, strings.Join(why, " and "), strings.Join(names, ", "))
}
