// Package netgate is the one door every packet the provider sends leaves
// through: DNS queries, TCP connects, TLS probes and HTTP requests all
// dial with Dial, which refuses an address the plan's policy does not
// allow. With allow_private_addresses = false (the default) that is every
// non-public address (addrclass), however the provider came to it: the
// origin's own records, a name server's glue, the address an NS host name
// resolves to, a CNAME target. Addresses the user configured
// (dns_root_servers, dns_resolvers) are trusted as given.
//
// The policy travels in the context (With), so that stage packages need no
// parameter for it and shared work (DNS's shared rounds and audits) keeps it.
package netgate

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/addrclass"
)

// Policy says which addresses may be sent a packet.
type Policy struct {
	// PublicOnly refuses every non-public address but Trusted ones.
	PublicOnly bool
	// Trusted are addresses the user configured: asked as given.
	Trusted []netip.Addr
}

type policyKey struct{}

// With returns ctx carrying p for every Dial under it.
func With(ctx context.Context, p *Policy) context.Context {
	return context.WithValue(ctx, policyKey{}, p)
}

// Refused says why ctx's policy refuses a packet to a ("10.0.0.1 is
// private (RFC 1918, 10.0.0.0/8) and allow_private_addresses is false"),
// or "" when it allows it. Without a policy everything is allowed: the
// engine always sets one; stage packages' own tests run without.
func Refused(ctx context.Context, a netip.Addr) string {
	p, _ := ctx.Value(policyKey{}).(*Policy)
	if p == nil || !p.PublicOnly || slices.Contains(p.Trusted, a.Unmap()) {
		return ""
	}
	if kind := addrclass.NonPublic(a); kind != "" {
		return a.String() + " is " + kind + " and allow_private_addresses is false"
	}
	return ""
}

// ErrRefused is the error Dial returns for an address the policy refuses.
var ErrRefused = errors.New("refused by allow_private_addresses")

// Dial connects to addr over network ("tcp" or "udp") within timeout (0:
// none but ctx's), unless ctx's policy refuses it.
func Dial(ctx context.Context, network string, addr netip.AddrPort, timeout time.Duration) (net.Conn, error) {
	if why := Refused(ctx, addr.Addr()); why != "" {
		return nil, fmt.Errorf("%w: %s", ErrRefused, why)
	}
	d := net.Dialer{Timeout: timeout}
	return d.DialContext(ctx, network, addr.String())
}
