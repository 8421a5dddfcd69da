package tlscheck

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// addrFailure is a handshake one address failed in a way that depends on
// the address (its server's protocols, suites, its answer or silence), as
// opposed to a certificate finding, which Check reports at once: graded
// once every address is known, as tcpcheck grades connects.
type addrFailure struct {
	id      report.ID
	addr    netip.AddrPort
	target  string
	detail  string
	timeout bool
}

// failures collects the addrFailures of one Check.
type failures struct {
	mu   sync.Mutex
	list []addrFailure
}

func (f *failures) add(a addrFailure) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list = append(f.list, a)
}

// grade reports the address failures. Addresses are judged per family:
// when no address of a failing address's family completes CloudFront's
// handshake, each fails, since under dualstack AWS does not document how
// CloudFront picks the family and every request may meet it. When others
// of its family complete it, CloudFront still serves through them, so each
// failing address warns with what a request that goes to it costs.
// served are the addresses whose handshake completed.
func (c *checker) grade(all []netip.Addr, served []netip.Addr) {
	list := slices.Clone(c.failed.list)
	slices.SortFunc(list, func(a, b addrFailure) int { return a.addr.Compare(b.addr) })
	for _, f := range list {
		fam := family(f.addr.Addr())
		peers := slices.DeleteFunc(slices.Clone(served), func(a netip.Addr) bool { return family(a) != fam })
		switch {
		case len(peers) > 0:
			total := 0
			for _, a := range all {
				if family(a) == fam {
					total++
				}
			}
			c.b.Warn(f.id, f.target, f.detail+"; "+c.partialCost(f, peers, total))
		case len(served) > 0:
			c.b.Fail(f.id, f.target, f.detail+fmt.Sprintf(
				"; no %s address completes CloudFront's handshake on port %d (only %d of the other family): CloudFront may choose %s for any request (how it chooses is not documented)",
				fam, c.p.Port, len(served), fam))
		default:
			c.b.Fail(f.id, f.target, f.detail)
		}
	}
}

// partialCost says what a request CloudFront sends to a failing address
// costs when other addresses of its family complete the handshake. As in
// tcpcheck, whether a retry goes to another address is not documented,
// so the cost is an upper bound.
func (c *checker) partialCost(f addrFailure, peers []netip.Addr, total int) string {
	n := max(c.p.ConnectionAttempts, 1)
	each := fmt.Sprintf("each of CloudFront's connection_attempts (%d) to it fails the TLS handshake before CloudFront answers 502", n)
	if f.timeout && c.p.HandshakeTimeout > 0 {
		each = fmt.Sprintf("each of CloudFront's connection_attempts (%d) to it waits connection_timeout (%s), up to %s, before CloudFront answers 504",
			n, c.p.HandshakeTimeout, time.Duration(n)*c.p.HandshakeTimeout)
	}
	completing := make([]string, len(peers))
	for i, a := range slices.SortedFunc(slices.Values(peers), netip.Addr.Compare) {
		completing[i] = netip.AddrPortFrom(a, uint16(c.p.Port)).String()
	}
	return fmt.Sprintf("%d of %d %s addresses complete CloudFront's handshake on port %d (%s), so CloudFront still serves, but a request it sends to this address fails there first: %s, "+
		"unless a retry reaches an address that completes it (which AWS does not document); remove the address from DNS or fix its TLS configuration",
		len(peers), total, family(f.addr.Addr()), c.p.Port, strings.Join(completing, ", "), each)
}

func family(a netip.Addr) string {
	if a.Unmap().Is4() {
		return "IPv4"
	}
	return "IPv6"
}
