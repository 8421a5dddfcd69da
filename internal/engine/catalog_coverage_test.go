package engine

import (
	"sort"
	"testing"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/hostile"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// noLabScenario lists the checks no lab scenario or hostile case makes
// fire, each with the test that does and why the lab cannot. A new check
// belongs in a lab scenario (internal/fixture/lab/scenarios_*.go); add it
// here only when the lab cannot show it.
var noLabScenario = map[report.ID]string{
	// Config checks judge the arguments alone, before any network: the
	// lab's scenarios are served origins with valid arguments (the
	// Scenario type has no field for most of these).
	report.ConfigDomainName:         "internal/originspec TestCheck (and FuzzCheck)",
	report.ConfigIPLiteral:          "internal/originspec TestCheck; internal/engine/distribution_test.go",
	report.ConfigPortOutOfRange:     "internal/originspec TestCheck; cmd/origincheck tests",
	report.ConfigUnknownProtocol:    "internal/originspec TestCheck; internal/engine/private_test.go; cmd/origincheck tests",
	report.ConfigS3WebsiteHTTPS:     "internal/originspec TestCheck",
	report.ConfigIPAddressType:      "internal/originspec TestCheck",
	report.ConfigConnectionAttempts: "internal/originspec TestCheck",
	report.ConfigConnectionTimeout:  "internal/originspec TestCheck",
	report.ConfigOriginMTLS:         "internal/originspec TestCheck",
	// Reported by provider::origin::config_problems only, never by a probe.
	report.ConfigCustomHeader: "internal/provider TestAccFunctionConfigProblems",
	// The lab is an internet on 127.0.0.0/8 and runs with
	// allow_private_addresses = true, so none of its origins can fail it.
	report.DNSPrivateAddress: "internal/engine/private_test.go (RFC 1918, ULA, CGNAT answers; the lab's loopback origin under both settings); TestAccPrivateAddresses",
	// The lab's name servers are loopback too: with allow_private_addresses
	// = false every zone below the root would fail it.
	report.DNSPrivateNameserver: "internal/dnscheck TestNonPublicNameServersAreNeverAsked (glue, glueless NS name, CNAME target's zone; query counters at zero); TestAccPrivateAddresses",
	// Delegation defects that need zones the lab's hierarchy does not
	// build (glue that disagrees with the name server's own record, a name
	// server that is a CNAME, servers answering differently); dnscheck's
	// own hierarchies do.
	report.DNSGlueMismatch:        "internal/dnscheck TestDelegationConsistency (warn)",
	report.DNSNSCNAME:             "internal/dnscheck TestDelegationConsistency (warn)",
	report.DNSInconsistentAnswers: "internal/dnscheck TestCheckIterative (warn)",
	// Requests through a deployed distribution (through_cloudfront): the
	// lab's edge (internal/fixture/edge) answers them, and only
	// origin_distribution sends them, so no single-origin scenario can.
	report.CloudFrontEdgeError:               "internal/engine TestCheckEdge; internal/provider TestAccThroughCloudFront (broken origin)",
	report.CloudFrontOriginError:             "internal/engine TestCheckEdge; internal/provider TestAccThroughCloudFront (origin 5xx)",
	report.CloudFrontOriginExercised:         "internal/engine TestCheckEdge; internal/provider TestAccThroughCloudFront (locked origin, cached hit)",
	report.CloudFrontDistributionUnreachable: "internal/engine TestCheckEdge; internal/provider TestAccThroughCloudFront (distribution name not resolving)",
}

// warnsToo lists the checks whose grading code has a warning besides its
// failure (`git grep -n '\.Warn(report\.'`, plus severities chosen in
// observations): each needs a scenario or case that warns, or an entry in
// noLabWarning.
var warnsToo = []report.ID{
	report.DNSNoIPv4Address, // and DNSNoIPv6Address: dualstack without one family
	report.HTTPMalformedResponse,
	report.HTTPOrigin5xx,
	report.TLSUnsupportedKey,
}

// noLabWarning is noLabScenario for the warning of a check in warnsToo.
var noLabWarning = map[report.ID]string{
	report.DNSNoIPv4Address:  "internal/engine TestAddressFamilies (an AAAA-only origin under dualstack)",
	report.TLSUnsupportedKey: "internal/tlscheck TestCheck (an ECDSA P-384 leaf warns; the lab's leaves are all supported keys)",
}

// TestCatalogCoverage: every check of the catalog fires in some lab
// scenario or hostile case (Fails or Warns), or is in noLabScenario with
// the test that makes it fire instead.
func TestCatalogCoverage(t *testing.T) {
	fails, warns := map[report.ID][]string{}, map[report.ID][]string{}
	for _, s := range lab.Declared() {
		for _, id := range s.Fails {
			fails[id] = append(fails[id], "lab "+s.Name)
		}
		for _, id := range s.Warns {
			warns[id] = append(warns[id], "lab "+s.Name)
		}
	}
	for _, c := range hostile.Declared() {
		// A case with a known bug does not get its verdict yet.
		if c.KnownBug != nil {
			continue
		}
		for _, id := range c.Fails {
			fails[id] = append(fails[id], "hostile "+c.Name)
		}
		for _, id := range c.Warns {
			warns[id] = append(warns[id], "hostile "+c.Name)
		}
	}

	var missing, stale []string
	for _, d := range report.All() {
		_, allowed := noLabScenario[d.ID]
		fires := len(fails[d.ID])+len(warns[d.ID]) > 0
		switch {
		case !fires && !allowed:
			missing = append(missing, string(d.ID))
		case fires && allowed:
			stale = append(stale, string(d.ID)+" (fires in "+append(fails[d.ID], warns[d.ID]...)[0]+")")
		}
	}
	for _, id := range warnsToo {
		_, allowed := noLabWarning[id]
		switch {
		case len(warns[id]) == 0 && !allowed:
			missing = append(missing, string(id)+" (its warning)")
		case len(warns[id]) > 0 && allowed:
			stale = append(stale, string(id)+" (warns in "+warns[id][0]+")")
		}
	}
	for id := range noLabScenario {
		if _, ok := report.Lookup(id); !ok {
			stale = append(stale, string(id)+" (not in the catalog)")
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	for _, id := range missing {
		t.Errorf("check %s: no lab scenario or hostile case makes it fire; add one (internal/fixture/lab/scenarios_*.go) or explain in noLabScenario which test does", id)
	}
	for _, id := range stale {
		t.Errorf("allow-list entry %s is stale: remove it", id)
	}
}
