package dnscheck

import (
	"slices"
	"strings"

	"github.com/miekg/dns"
	"golang.org/x/net/publicsuffix"
)

// owners are the registrable domains (the Public Suffix List's eTLD+1,
// private suffixes such as us-east-1.elb.amazonaws.com included) of the
// origin's name and of the Host it forwards: the zones at or below them are
// the user's, and their hygiene is graded. Zones of others on the CNAME
// chain (AWS's, a CDN's, a SaaS provider's) must resolve, but what is wrong
// with them otherwise is not the user's to fix, so it is a note.
type owners []string

// ownersOf lists the registrable domains of names ("" ignored).
func ownersOf(names ...string) owners {
	var out owners
	for _, n := range names {
		n = strings.TrimSuffix(dns.CanonicalName(n), ".")
		if n == "" {
			continue
		}
		d, err := publicsuffix.EffectiveTLDPlusOne(n)
		if err != nil {
			// The name is itself a public suffix: only it is the user's.
			d = n
		}
		if d = dns.CanonicalName(d); !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// own reports whether zone is at or below one of the registrable domains.
func (o owners) own(zone string) bool {
	return slices.ContainsFunc(o, func(d string) bool { return dns.IsSubDomain(d, zone) })
}

// notYours says whose zone is not the user's, for a note: "zone
// us-east-1.elb.amazonaws.com is not under example.com (the origin's
// registrable domain), so it is its operator's to keep".
func (o owners) notYours(zone string) string {
	var names []string
	for _, d := range o {
		names = append(names, display(d))
	}
	return "zone " + display(zone) + " is not under " + strings.Join(names, " or ") +
		" (registrable domains of the origin and its Host), so it is its operator's to keep, not yours"
}
