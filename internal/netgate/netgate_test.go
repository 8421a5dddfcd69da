package netgate

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
)

// TestPolicy: under PublicOnly a non-public address is refused, unless the
// user configured it; without a policy, or with private addresses allowed,
// everything may be dialed.
func TestPolicy(t *testing.T) {
	root := netip.MustParseAddr("127.0.0.53")
	tests := []struct {
		name   string
		policy *Policy
		addr   string
		refuse string // "" when allowed
	}{
		{"no policy", nil, "10.0.0.1", ""},
		{"private allowed", &Policy{}, "169.254.169.254", ""},
		{"public", &Policy{PublicOnly: true}, "93.184.215.14", ""},
		{"RFC 1918", &Policy{PublicOnly: true}, "10.0.0.1", "10.0.0.1 is private (RFC 1918, 10.0.0.0/8) and allow_private_addresses is false"},
		{"metadata service", &Policy{PublicOnly: true}, "169.254.169.254", "link-local"},
		{"NAT64 of a private address", &Policy{PublicOnly: true}, "64:ff9b::a00:1", "NAT64"},
		{"configured root server", &Policy{PublicOnly: true, Trusted: []netip.Addr{root}}, "127.0.0.53", ""},
		{"mapped form of a configured one", &Policy{PublicOnly: true, Trusted: []netip.Addr{root}}, "::ffff:127.0.0.53", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.policy != nil {
				ctx = With(ctx, tt.policy)
			}
			got := Refused(ctx, netip.MustParseAddr(tt.addr))
			if (got == "") != (tt.refuse == "") || !strings.Contains(got, tt.refuse) {
				t.Errorf("Refused(%s) = %q, want %q", tt.addr, got, tt.refuse)
			}
		})
	}
}

// TestDialRefusesWithoutSending: a refused address is not dialed at all.
func TestDialRefusesWithoutSending(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := netip.MustParseAddrPort(ln.Addr().String())
	ctx := With(context.Background(), &Policy{PublicOnly: true})
	if _, err := Dial(ctx, "tcp", addr, 0); !errors.Is(err, ErrRefused) {
		t.Fatalf("Dial(%s) = %v, want ErrRefused", addr, err)
	}
	conn, err := Dial(With(context.Background(), &Policy{}), "tcp", addr, 0)
	if err != nil {
		t.Fatalf("allowed: %v", err)
	}
	conn.Close()
}
