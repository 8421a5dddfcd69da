package tlscheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/loopback"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/pki"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/tlsserver"
	"github.com/originhealth/terraform-provider-origin/internal/netcount"
	"github.com/originhealth/terraform-provider-origin/internal/netwait"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

const domain = "www.example.test"

// hierarchy is a trusted root with two intermediates in a row, and an
// untrusted CA with one.
type hierarchy struct {
	root, inter, inter2, otherRoot, otherInter *pki.Cert
	roots                                      *x509.CertPool
}

var (
	pkiOnce sync.Once
	pkiVal  hierarchy
	pkiErr  error
)

func fixtures(t *testing.T) hierarchy {
	t.Helper()
	pkiOnce.Do(func() {
		h := &pkiVal
		if h.root, pkiErr = pki.NewRoot("Test Root CA"); pkiErr != nil {
			return
		}
		if h.inter, pkiErr = h.root.NewIntermediate("Test Intermediate CA"); pkiErr != nil {
			return
		}
		if h.inter2, pkiErr = h.inter.NewIntermediate("Test Second Intermediate CA"); pkiErr != nil {
			return
		}
		if h.otherRoot, pkiErr = pki.NewRoot("Private Root CA"); pkiErr != nil {
			return
		}
		if h.otherInter, pkiErr = h.otherRoot.NewIntermediate("Private Intermediate CA"); pkiErr != nil {
			return
		}
		h.roots, pkiErr = AddPEM(MozillaRoots(), h.root.PEM())
	})
	if pkiErr != nil {
		t.Fatal(pkiErr)
	}
	return pkiVal
}

// crossChain is an intermediate under a root that the trusted test root
// cross-signed: leaf, intermediate, cross-signed root is a valid chain, and
// so is leaf, intermediate when the other root is trusted too.
type crossChain struct {
	inter, rootBySigned *pki.Cert
	bothTrusted         *x509.CertPool
}

func crossSigned(t *testing.T, h hierarchy) crossChain {
	t.Helper()
	newRoot, err := pki.NewRoot("Cross-Signed Root CA")
	if err != nil {
		t.Fatal(err)
	}
	inter, err := newRoot.NewIntermediate("Cross-Signed Issuing CA")
	if err != nil {
		t.Fatal(err)
	}
	bySigned, err := newRoot.CrossSign(h.root)
	if err != nil {
		t.Fatal(err)
	}
	both, err := AddPEM(h.roots, newRoot.PEM())
	if err != nil {
		t.Fatal(err)
	}
	return crossChain{inter: inter, rootBySigned: bySigned, bothTrusted: both}
}

func issue(t *testing.T, tmpl pki.Template, issuer *pki.Cert) *pki.Cert {
	t.Helper()
	if tmpl.CommonName == "" && len(tmpl.DNSNames) > 0 {
		tmpl.CommonName = tmpl.DNSNames[0]
	}
	c, err := pki.Issue(tmpl, issuer)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func leaf(t *testing.T, issuer *pki.Cert, names ...string) *pki.Cert {
	t.Helper()
	c, err := issuer.NewLeaf(names...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func serve(t *testing.T, cfg tlsserver.Config) netip.Addr {
	t.Helper()
	s, err := tlsserver.Start(netip.AddrPortFrom(loopback.Addr(), 443), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s.Addr.Addr()
}

// sendChain serves leaf followed by rest, in that order.
func sendChain(leaf *pki.Cert, rest ...*pki.Cert) tlsserver.Config {
	c := leaf.TLS(rest...)
	return tlsserver.Config{Certificate: &c}
}

var allTLS = []report.ID{
	report.TLSHandshakeFailed, report.TLSNoCommonProtocol, report.TLSNoCommonCipher,
	report.TLSExpired, report.TLSNotYetValid, report.TLSExpiringSoon, report.TLSSelfSigned,
	report.TLSUntrusted, report.TLSMissingIntermediate, report.TLSChainOrder,
	report.TLSNameMismatch, report.TLSHostHeaderMismatch, report.TLSUnsupportedKey,
}

// healthy is what a valid origin without host_header reports.
func healthy() map[report.ID]report.Status {
	want := map[report.ID]report.Status{}
	for _, id := range allTLS {
		want[id] = report.Pass
	}
	want[report.TLSHostHeaderMismatch] = report.Skip
	return want
}

func with(changes map[report.ID]report.Status) map[report.ID]report.Status {
	want := healthy()
	for id, s := range changes {
		want[id] = s
	}
	return want
}

// handshakeOnly is what a failed handshake reports: only the failing id,
// the rest skipped for want of a certificate.
func handshakeOnly(id report.ID) map[report.ID]report.Status {
	want := map[report.ID]report.Status{}
	for _, x := range allTLS {
		want[x] = report.Skip
	}
	want[id] = report.Fail
	return want
}

func TestCheck(t *testing.T) {
	fixture.RequireRoot(t)
	t.Parallel()
	h := fixtures(t)
	now := time.Now()
	day := 24 * time.Hour
	cross := crossSigned(t, h)

	cases := []struct {
		name   string
		origin func(t *testing.T) tlsserver.Config
		params func(p *Params)
		want   map[report.ID]report.Status
		// inMessage maps an id to text its message must contain.
		inMessage map[report.ID]string
		summary   func(t *testing.T, s *Summary)
	}{
		{
			name:   "valid chain",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.inter, domain), h.inter) },
			want:   healthy(),
			summary: func(t *testing.T, s *Summary) {
				c := s.Certificate
				if s.Version != "TLSv1.2" || !strings.HasPrefix(s.CipherSuite, "ECDHE-RSA-") || c.ChainLength != 2 ||
					c.KeyType != "RSA" || c.KeyBits != 2048 || c.DaysRemaining != 89 || c.SANs[0] != domain || !strings.Contains(c.Issuer, "Test Intermediate CA") {
					t.Errorf("summary %+v", s)
				}
			},
		},
		{
			name: "expired",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(issue(t, pki.Template{DNSNames: []string{domain}, NotBefore: now.Add(-100 * day), NotAfter: now.Add(-10 * day)}, h.inter), h.inter)
			},
			want:      with(map[report.ID]report.Status{report.TLSExpired: report.Fail, report.TLSExpiringSoon: report.Skip}),
			inMessage: map[report.ID]string{report.TLSExpired: `leaf "www.example.test" expired`},
		},
		{
			name: "not yet valid",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(issue(t, pki.Template{DNSNames: []string{domain}, NotBefore: now.Add(10 * day)}, h.inter), h.inter)
			},
			want:      with(map[report.ID]report.Status{report.TLSNotYetValid: report.Fail}),
			inMessage: map[report.ID]string{report.TLSNotYetValid: "valid only from"},
		},
		{
			name: "expiring soon",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(issue(t, pki.Template{DNSNames: []string{domain}, NotAfter: now.Add(10*day + time.Hour)}, h.inter), h.inter)
			},
			want:      with(map[report.ID]report.Status{report.TLSExpiringSoon: report.Warn}),
			inMessage: map[report.ID]string{report.TLSExpiringSoon: "in 10 days"},
		},
		{
			name: "self-signed",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(issue(t, pki.Template{DNSNames: []string{domain}}, nil))
			},
			want: with(map[report.ID]report.Status{
				report.TLSSelfSigned: report.Fail, report.TLSUntrusted: report.Skip, report.TLSMissingIntermediate: report.Skip,
			}),
		},
		{
			name:      "wrong name",
			origin:    func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.inter, "other.example.test"), h.inter) },
			want:      with(map[report.ID]report.Status{report.TLSNameMismatch: report.Fail}),
			inMessage: map[report.ID]string{report.TLSNameMismatch: "names other.example.test (DNS SANs), none covers www.example.test"},
		},
		{
			name: "hyphens in 3rd and 4th position",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(leaf(t, h.inter, "ab--cd.example.test"), h.inter)
			},
			params:    func(p *Params) { p.DomainName = "ab--cd.example.test" },
			want:      healthy(),
			inMessage: map[report.ID]string{report.TLSNameMismatch: "the certificate covers ab--cd.example.test"},
		},
		{
			name:      "underscore, wildcard",
			origin:    func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.inter, "*.example.test"), h.inter) },
			params:    func(p *Params) { p.DomainName = "my_app.example.test" },
			want:      healthy(),
			inMessage: map[report.ID]string{report.TLSNameMismatch: "the certificate covers my_app.example.test"},
		},
		{
			name: "IP SAN only, no CN",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(issue(t, pki.Template{IPs: []net.IP{net.ParseIP("192.0.2.10")}}, h.inter), h.inter)
			},
			want: with(map[report.ID]report.Status{report.TLSNameMismatch: report.Fail}),
			inMessage: map[report.ID]string{
				report.TLSNameMismatch: "the certificate names 192.0.2.10 (IP SANs; no DNS SANs, no CN), none covers www.example.test",
			},
		},
		{
			name: "DNS and IP SANs, CN ignored",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(issue(t, pki.Template{CommonName: domain, DNSNames: []string{"other.example.test"}, IPs: []net.IP{net.ParseIP("192.0.2.10")}}, h.inter), h.inter)
			},
			want: with(map[report.ID]report.Status{report.TLSNameMismatch: report.Fail}),
			inMessage: map[report.ID]string{
				report.TLSNameMismatch: "the certificate names other.example.test (DNS SANs) and 192.0.2.10 (IP SANs), none covers www.example.test",
			},
		},
		{
			name: "IPv4 host header covered by IP SAN",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(issue(t, pki.Template{DNSNames: []string{domain}, IPs: []net.IP{net.ParseIP("192.0.2.10")}}, h.inter), h.inter)
			},
			params: func(p *Params) { p.HostHeader = "192.0.2.10" },
			want: with(map[report.ID]report.Status{
				report.TLSHostHeaderMismatch: report.Pass, report.TLSNameMismatch: report.Skip,
			}),
			inMessage: map[report.ID]string{
				report.TLSHostHeaderMismatch: "(no SNI, Host 192.0.2.10): the certificate covers 192.0.2.10",
				report.TLSNameMismatch:       "CloudFront sends Host 192.0.2.10 (an IP address, so no SNI)",
			},
		},
		{
			name: "IPv6 host header covered by IP SAN, other spelling",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(issue(t, pki.Template{DNSNames: []string{domain}, IPs: []net.IP{net.ParseIP("2001:db8::1")}}, h.inter), h.inter)
			},
			params: func(p *Params) { p.HostHeader = "2001:DB8:0::1" },
			want: with(map[report.ID]report.Status{
				report.TLSHostHeaderMismatch: report.Pass, report.TLSNameMismatch: report.Skip,
			}),
			inMessage: map[report.ID]string{report.TLSHostHeaderMismatch: "the certificate covers 2001:DB8:0::1"},
		},
		{
			name: "IP host header only in a DNS SAN",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(issue(t, pki.Template{DNSNames: []string{"other.example.test", "192.0.2.10"}}, h.inter), h.inter)
			},
			params: func(p *Params) { p.HostHeader = "192.0.2.10" },
			want: with(map[report.ID]report.Status{
				report.TLSHostHeaderMismatch: report.Fail, report.TLSNameMismatch: report.Skip,
			}),
			inMessage: map[report.ID]string{
				report.TLSHostHeaderMismatch: "names other.example.test, 192.0.2.10 (DNS SANs), none covers 192.0.2.10 or www.example.test " +
					"(an IP address is covered only by an IP address SAN, never by a DNS SAN or the CN)",
			},
		},
		{
			name: "name only in CN",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(issue(t, pki.Template{CommonName: domain}, h.inter), h.inter)
			},
			want: healthy(),
		},
		{
			name:   "wildcard one label deeper",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.inter, "*.example.test"), h.inter) },
			want:   healthy(),
		},
		{
			name:   "wildcard two labels deeper",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.inter, "*.example.test"), h.inter) },
			params: func(p *Params) { p.DomainName = "a.www.example.test" },
			want:   with(map[report.ID]report.Status{report.TLSNameMismatch: report.Fail}),
		},
		{
			// Sent: leaf, private intermediate. What was sent looks exactly
			// like a public chain missing its next intermediate, so the
			// missing issuer is what fails, with both readings.
			name:   "private intermediate sent, its root neither sent nor trusted",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.otherInter, domain), h.otherInter) },
			want: with(map[report.ID]report.Status{
				report.TLSMissingIntermediate: report.Fail, report.TLSUntrusted: report.Skip,
			}),
			inMessage: map[report.ID]string{
				report.TLSMissingIntermediate: `the chain stops at intermediate "Private Intermediate CA" (#2): its issuer "CN=Private Root CA" is neither among the 2 certificate(s) sent nor a trusted root. ` +
					`If "CN=Private Root CA" is an intermediate CA, send it after "Private Intermediate CA" (CloudFront does not fetch missing intermediates); ` +
					`if it is a private root, CloudFront will not trust this chain whatever is sent (tls.untrusted)`,
				report.TLSUntrusted: `not judged until the issuer "CN=Private Root CA" is sent`,
			},
		},
		{
			// Review case (a): leaf <- Test Second Intermediate CA (sent) <-
			// Test Intermediate CA (not sent) <- Test Root CA (trusted).
			name:   "sent intermediate's issuer, an intermediate under a trusted root, not sent",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.inter2, domain), h.inter2) },
			want: with(map[report.ID]report.Status{
				report.TLSMissingIntermediate: report.Fail, report.TLSUntrusted: report.Skip,
			}),
			inMessage: map[report.ID]string{
				report.TLSMissingIntermediate: `the chain stops at intermediate "Test Second Intermediate CA" (#2): its issuer "CN=Test Intermediate CA" is neither among the 2 certificate(s) sent nor a trusted root`,
			},
		},
		{
			// Review case (b): leaf <- Private Root CA, neither sent nor
			// trusted. The origin sends exactly what "missing intermediate"
			// below sends (a leaf whose issuer is unknown), so it gets the
			// same verdict, and the message names the private-CA reading.
			name:   "leaf issued by a private root, root not sent",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.otherRoot, domain)) },
			want: with(map[report.ID]report.Status{
				report.TLSMissingIntermediate: report.Fail, report.TLSUntrusted: report.Skip,
			}),
			inMessage: map[report.ID]string{
				report.TLSMissingIntermediate: `the leaf's issuer "CN=Private Root CA" is neither among the 1 certificate(s) sent nor a trusted root. ` +
					`If "CN=Private Root CA" is an intermediate CA, send it after "www.example.test" (CloudFront does not fetch missing intermediates); ` +
					`if it is a private root, CloudFront will not trust this chain whatever is sent (tls.untrusted). Only the missing certificate tells which`,
			},
		},
		{
			name:   "leaf issued by a private root, root sent",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.otherRoot, domain), h.otherRoot) },
			want:   with(map[report.ID]report.Status{report.TLSUntrusted: report.Fail}),
			inMessage: map[report.ID]string{
				report.TLSUntrusted:           `the chain ends at root "Private Root CA", which is neither in Mozilla's CA list nor in trusted_ca_pem`,
				report.TLSMissingIntermediate: `every issuer up to the root "Private Root CA" was sent`,
			},
		},
		{
			name:   "leaf issued by a private root in trusted_ca_pem",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.otherRoot, domain)) },
			params: func(p *Params) {
				roots, err := AddPEM(h.roots, h.otherRoot.PEM())
				if err != nil {
					t.Fatal(err)
				}
				p.Roots = roots
			},
			want:      healthy(),
			inMessage: map[report.ID]string{report.TLSUntrusted: `chains to trusted root "Private Root CA"`},
		},
		{
			// An intermediate with the issuer's name but another key: the
			// signer is still missing.
			name: "intermediate with the issuer's name but another key",
			origin: func(t *testing.T) tlsserver.Config {
				rekeyed := issue(t, pki.Template{CommonName: "Test Intermediate CA", CA: true}, h.root)
				return sendChain(leaf(t, h.inter, domain), rekeyed)
			},
			want: with(map[report.ID]report.Status{
				report.TLSMissingIntermediate: report.Fail, report.TLSUntrusted: report.Skip,
			}),
			inMessage: map[report.ID]string{
				report.TLSMissingIntermediate: `the leaf's issuer "CN=Test Intermediate CA" is neither among the 2 certificate(s) sent nor a trusted root ` +
					`(#2 has that name but did not sign "www.example.test": another key, an outdated or wrong certificate)`,
			},
		},
		{
			name: "untrusted root sent",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(leaf(t, h.otherInter, domain), h.otherInter, h.otherRoot)
			},
			want:      with(map[report.ID]report.Status{report.TLSUntrusted: report.Fail}),
			inMessage: map[report.ID]string{report.TLSUntrusted: `ends at root "Private Root CA"`},
		},
		{
			name:   "missing intermediate",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.inter, domain)) },
			want: with(map[report.ID]report.Status{
				report.TLSMissingIntermediate: report.Fail, report.TLSUntrusted: report.Skip,
			}),
			inMessage: map[report.ID]string{report.TLSMissingIntermediate: `issuer "CN=Test Intermediate CA" is neither among the 1 certificate(s) sent`},
		},
		{
			name:   "missing intermediate, root sent",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.inter, domain), h.root) },
			want: with(map[report.ID]report.Status{
				report.TLSMissingIntermediate: report.Fail, report.TLSUntrusted: report.Skip,
			}),
		},
		{
			name:   "intermediate sent before the leaf's issuer",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.inter2, domain), h.inter, h.inter2) },
			want:   with(map[report.ID]report.Status{report.TLSChainOrder: report.Fail}),
			inMessage: map[report.ID]string{
				report.TLSChainOrder: `#1 "www.example.test" is followed by #2 "Test Intermediate CA" instead of its issuer #3 "Test Second Intermediate CA"`,
			},
		},
		{
			name:   "root sent between leaf and intermediate",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.inter, domain), h.root, h.inter) },
			want:   with(map[report.ID]report.Status{report.TLSChainOrder: report.Fail}),
		},
		{
			name:   "two intermediates in order",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.inter2, domain), h.inter2, h.inter) },
			want:   healthy(),
		},
		{
			name:   "chain including root",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.inter, domain), h.inter, h.root) },
			want:   healthy(),
		},
		{
			name: "expired intermediate",
			origin: func(t *testing.T) tlsserver.Config {
				old := issue(t, pki.Template{CommonName: "Old Intermediate CA", CA: true, NotBefore: now.Add(-400 * day), NotAfter: now.Add(-day)}, h.root)
				return sendChain(issue(t, pki.Template{DNSNames: []string{domain}, NotBefore: now.Add(-200 * day), NotAfter: now.Add(60 * day)}, old), old)
			},
			want:      with(map[report.ID]report.Status{report.TLSExpired: report.Fail, report.TLSExpiringSoon: report.Skip}),
			inMessage: map[report.ID]string{report.TLSExpired: `intermediate "Old Intermediate CA" expired`},
		},
		{
			name: "clientAuth-only leaf",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(issue(t, pki.Template{DNSNames: []string{domain}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}, h.inter), h.inter)
			},
			want:      with(map[report.ID]report.Status{report.TLSNotServerCertificate: report.Fail}),
			inMessage: map[report.ID]string{report.TLSNotServerCertificate: `the leaf "www.example.test" has extended key usage clientAuth, without serverAuth: it is not a TLS server certificate`},
		},
		{
			name: "intermediate restricted to clientAuth",
			origin: func(t *testing.T) tlsserver.Config {
				ca := issue(t, pki.Template{CommonName: "Client Only CA", CA: true, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}, h.root)
				return sendChain(leaf(t, ca, domain), ca)
			},
			want:      with(map[report.ID]report.Status{report.TLSNotServerCertificate: report.Fail}),
			inMessage: map[report.ID]string{report.TLSNotServerCertificate: `intermediate "Client Only CA" restricts its certificates to extended key usage clientAuth, without serverAuth`},
		},
		{
			name: "name constraints exclude the leaf",
			origin: func(t *testing.T) tlsserver.Config {
				ca := issue(t, pki.Template{CommonName: "Constrained CA", CA: true, PermittedDNSDomains: []string{"other.test"}}, h.root)
				return sendChain(leaf(t, ca, domain), ca)
			},
			want:      with(map[report.ID]report.Status{report.TLSUntrusted: report.Fail}),
			inMessage: map[report.ID]string{report.TLSUntrusted: `the path to trusted root "Test Root CA" does not verify: a CA's name constraints exclude the names of`},
		},
		{
			name: "path length exceeded",
			origin: func(t *testing.T) tlsserver.Config {
				ca := issue(t, pki.Template{CommonName: "PathLen0 CA", CA: true, PathLenZero: true}, h.root)
				sub := issue(t, pki.Template{CommonName: "Sub CA", CA: true}, ca)
				return sendChain(leaf(t, sub, domain), sub, ca)
			},
			want:      with(map[report.ID]report.Status{report.TLSUntrusted: report.Fail}),
			inMessage: map[report.ID]string{report.TLSUntrusted: "a CA's path length constraint (pathLenConstraint) allows fewer CAs below it than the path has"},
		},
		{
			name: "SHA-1 signed leaf",
			origin: func(t *testing.T) tlsserver.Config {
				ca := issue(t, pki.Template{CommonName: "RSA Issuing CA", CA: true, Key: pki.RSA2048}, h.root)
				return sendChain(issue(t, pki.Template{DNSNames: []string{domain}, SignatureAlgorithm: x509.SHA1WithRSA}, ca), ca)
			},
			want: with(map[report.ID]report.Status{report.TLSUntrusted: report.Fail, report.TLSMissingIntermediate: report.Skip}),
			inMessage: map[report.ID]string{
				report.TLSUntrusted: `leaf "www.example.test" is signed with SHA1-RSA (x509: cannot verify signature: insecure algorithm SHA1-RSA)`,
			},
		},
		{
			name: "ECDSA P-256 leaf",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(issue(t, pki.Template{DNSNames: []string{domain}, Key: pki.ECDSAP256}, h.inter), h.inter)
			},
			want: healthy(),
			summary: func(t *testing.T, s *Summary) {
				if !strings.HasPrefix(s.CipherSuite, "ECDHE-ECDSA-") || s.Certificate.KeyType != "ECDSA" || s.Certificate.KeyBits != 256 {
					t.Errorf("summary %+v", s)
				}
			},
		},
		{
			name: "ECDSA P-384 leaf",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(issue(t, pki.Template{DNSNames: []string{domain}, Key: pki.ECDSAP384}, h.inter), h.inter)
			},
			// AWS lists ECDSA 384-bit keys now (cflimits.ECDSAKeyBits).
			want:      healthy(),
			inMessage: map[report.ID]string{report.TLSUnsupportedKey: "ECDSA P-384 key"},
		},
		{
			name: "RSA 4096 leaf",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(issue(t, pki.Template{DNSNames: []string{domain}, Key: pki.RSA4096}, h.inter), h.inter)
			},
			want: healthy(),
		},
		{
			name: "Ed25519 leaf",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(issue(t, pki.Template{DNSNames: []string{domain}, Key: pki.Ed25519}, h.inter), h.inter)
			},
			// CloudFront offers no Ed25519 signature scheme, so the
			// handshake fails; crypto/tls gets the certificate to judge.
			want: with(map[report.ID]report.Status{
				report.TLSHandshakeFailed: report.Fail, report.TLSUnsupportedKey: report.Fail,
				report.TLSNoCommonProtocol: report.Skip, report.TLSNoCommonCipher: report.Skip,
			}),
			inMessage: map[report.ID]string{
				report.TLSUnsupportedKey: "Ed25519 256-bit key",
				report.TLSHandshakeFailed: "offered RSA-PSS and Ed25519 signature schemes too, the origin chose TLSv1.2, ECDHE-ECDSA-AES128-GCM-SHA256 signing its key exchange with Ed25519: " +
					"the origin's certificate key or signature schemes are outside CloudFront's offer",
			},
		},
		{
			// CloudFront's TLS clients send extended_master_secret; an origin
			// that requires it (RFC 7627) gets it.
			name: "origin requires extended_master_secret",
			origin: func(t *testing.T) tlsserver.Config {
				cfg := sendChain(leaf(t, h.inter, domain), h.inter)
				cfg.RequireExtensions = []uint16{extExtendedMasterSecret}
				return cfg
			},
			want: healthy(),
		},
		{
			name: "origin requires renegotiation_info",
			origin: func(t *testing.T) tlsserver.Config {
				cfg := sendChain(leaf(t, h.inter, domain), h.inter)
				cfg.RequireExtensions = []uint16{extRenegotiationInfo}
				return cfg
			},
			want: healthy(),
		},
		{
			// An extension crypto/tls sends and CloudFront's hello does not:
			// the refusal is not blamed on keys or signature schemes.
			name: "origin requires status_request",
			origin: func(t *testing.T) tlsserver.Config {
				cfg := sendChain(leaf(t, h.inter, domain), h.inter)
				cfg.RequireExtensions = []uint16{0x0005} // status_request (OCSP stapling)
				return cfg
			},
			want: with(map[report.ID]report.Status{
				report.TLSHandshakeFailed: report.Fail, report.TLSNoCommonProtocol: report.Skip, report.TLSNoCommonCipher: report.Skip,
			}),
			inMessage: map[report.ID]string{
				report.TLSHandshakeFailed: "offered TLSv1.2 with CloudFront's 16 cipher suites, the origin sent alert internal error; crypto/tls negotiates TLSv1.2, ECDHE-RSA-AES128-GCM-SHA256 " +
					"with the same versions, suites and curves, while CloudFront's hello with RSA-PSS and Ed25519 signatures added is still refused: " +
					"the origin requires something of the hello other than signature schemes",
			},
		},
		{
			name: "host header covered",
			origin: func(t *testing.T) tlsserver.Config {
				cfg := sendChain(leaf(t, h.inter, domain), h.inter)
				cdn := leaf(t, h.inter, "cdn.example.test").TLS(h.inter)
				cfg.BySNI = map[string]*tls.Certificate{"cdn.example.test": &cdn}
				return cfg
			},
			params: func(p *Params) { p.HostHeader = "cdn.example.test" },
			want: with(map[report.ID]report.Status{
				report.TLSHostHeaderMismatch: report.Pass, report.TLSNameMismatch: report.Skip,
			}),
			inMessage: map[report.ID]string{report.TLSHostHeaderMismatch: "(SNI cdn.example.test): the certificate covers cdn.example.test"},
		},
		{
			name:   "host header not covered but domain is",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.inter, domain), h.inter) },
			params: func(p *Params) { p.HostHeader = "cdn.example.test" },
			want: with(map[report.ID]report.Status{
				report.TLSHostHeaderMismatch: report.Warn, report.TLSNameMismatch: report.Skip,
			}),
		},
		{
			name:   "host header not covered",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.inter, "other.example.test"), h.inter) },
			params: func(p *Params) { p.HostHeader = "cdn.example.test" },
			want: with(map[report.ID]report.Status{
				report.TLSHostHeaderMismatch: report.Fail, report.TLSNameMismatch: report.Skip,
			}),
			inMessage: map[report.ID]string{report.TLSHostHeaderMismatch: "none covers cdn.example.test or www.example.test"},
		},
		{
			name: "TLS 1.0 only origin, policy TLSv1.2",
			origin: func(t *testing.T) tlsserver.Config {
				cfg := sendChain(leaf(t, h.inter, domain), h.inter)
				cfg.MaxVersion = tls.VersionTLS10
				return cfg
			},
			want:      handshakeOnly(report.TLSNoCommonProtocol),
			inMessage: map[report.ID]string{report.TLSNoCommonProtocol: "offered TLSv1.2, accepting TLSv1.2: the origin chose TLSv1, which origin_ssl_protocols does not list"},
		},
		{
			name: "TLS 1.3 only origin",
			origin: func(t *testing.T) tlsserver.Config {
				cfg := sendChain(leaf(t, h.inter, domain), h.inter)
				cfg.MinVersion = tls.VersionTLS13
				return cfg
			},
			// AWS's pages disagree on TLS 1.3 to origins: a warning, and the
			// certificate is judged from the TLS 1.3 handshake.
			params: func(p *Params) { p.Protocols = []string{"TLSv1", "TLSv1.1", "TLSv1.2"} },
			want: with(map[report.ID]report.Status{
				report.TLSTLS13Only: report.Warn, report.TLSHandshakeFailed: report.Skip, report.TLSNoCommonProtocol: report.Skip, report.TLSNoCommonCipher: report.Skip,
			}),
			inMessage: map[report.ID]string{
				report.TLSTLS13Only: "(SNI www.example.test): offered TLSv1.2 with CloudFront's 16 cipher suites, the origin sent alert protocol version not supported; " +
					"offered TLSv1.3 in a separate hello, it completes TLSv1.3, TLS_AES_128_GCM_SHA256: the origin speaks only TLSv1.3, none of the versions origin_ssl_protocols lists. " +
					`AWS's pages disagree: the API's OriginSslProtocols and "Origin settings" stop at TLSv1.2, while "Request and response behavior for custom origins" → Encryption says CloudFront uses TLS 1.3 to origins. ` +
					"If CloudFront offers only what origin_ssl_protocols lists, it fails the handshake with a TLS 1.3-only origin, drops the connection and returns HTTP 502.",
				report.TLSNoCommonProtocol: "not judged: the origin completes only TLSv1.3",
			},
			summary: func(t *testing.T, s *Summary) {
				if s.Version != "TLSv1.3" || s.Certificate.Subject == "" {
					t.Errorf("summary %+v", s)
				}
			},
		},
		{
			name: "TLS 1.0 only origin, policy TLSv1",
			origin: func(t *testing.T) tlsserver.Config {
				cfg := sendChain(leaf(t, h.inter, domain), h.inter)
				cfg.MaxVersion = tls.VersionTLS10
				return cfg
			},
			params: func(p *Params) { p.Protocols = []string{"SSLv3", "TLSv1"} },
			want:   healthy(),
			summary: func(t *testing.T, s *Summary) {
				if s.Version != "TLSv1" {
					t.Errorf("version %s", s.Version)
				}
			},
		},
		{
			name: "ChaCha20 only origin",
			origin: func(t *testing.T) tlsserver.Config {
				cfg := sendChain(leaf(t, h.inter, domain), h.inter)
				cfg.MaxVersion = tls.VersionTLS12
				cfg.CipherSuites = []uint16{tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256}
				return cfg
			},
			want:      handshakeOnly(report.TLSNoCommonCipher),
			inMessage: map[report.ID]string{report.TLSNoCommonCipher: "alert handshake failure; offered suites CloudFront lacks too, it chose ECDHE-RSA-CHACHA20-POLY1305, which CloudFront does not offer"},
		},
		{
			name: "P-521 only origin",
			origin: func(t *testing.T) tlsserver.Config {
				cfg := sendChain(leaf(t, h.inter, domain), h.inter)
				cfg.MaxVersion = tls.VersionTLS12
				cfg.CurvePreferences = []tls.CurveID{tls.CurveP521}
				return cfg
			},
			// The certificate crypto/tls got over P-521 is still judged.
			want: with(map[report.ID]report.Status{
				report.TLSNoCommonCipher: report.Fail, report.TLSHandshakeFailed: report.Skip, report.TLSNoCommonProtocol: report.Skip,
			}),
			inMessage: map[report.ID]string{
				report.TLSNoCommonCipher: "offered TLSv1.2 with CloudFront's 16 cipher suites, the origin sent alert handshake failure; " +
					"offered CloudFront's curves and P-521 (secp521r1) too, the origin negotiates TLSv1.2, ECDHE-RSA-AES128-GCM-SHA256 over P-521 (secp521r1): " +
					"it accepts ECDHE only over P-521 (secp521r1), and CloudFront offers prime256v1, secp384r1 and X25519",
			},
		},
		{
			name: "P-521 and P-384 origin",
			origin: func(t *testing.T) tlsserver.Config {
				cfg := sendChain(leaf(t, h.inter, domain), h.inter)
				cfg.MaxVersion = tls.VersionTLS12
				cfg.CurvePreferences = []tls.CurveID{tls.CurveP521, tls.CurveP384}
				return cfg
			},
			want: healthy(),
		},
		{
			name: "RSA key exchange only origin",
			origin: func(t *testing.T) tlsserver.Config {
				cfg := sendChain(leaf(t, h.inter, domain), h.inter)
				cfg.CipherSuites = []uint16{tls.TLS_RSA_WITH_AES_128_CBC_SHA}
				cfg.MaxVersion = tls.VersionTLS12
				return cfg
			},
			want: healthy(),
			summary: func(t *testing.T, s *Summary) {
				if s.CipherSuite != "AES128-SHA" {
					t.Errorf("cipher suite %s", s.CipherSuite)
				}
			},
		},
		{
			name: "TLS 1.2 origin, policy TLSv1.1 and TLSv1.2",
			origin: func(t *testing.T) tlsserver.Config {
				cfg := sendChain(leaf(t, h.inter, domain), h.inter)
				cfg.MaxVersion = tls.VersionTLS12
				return cfg
			},
			params: func(p *Params) { p.Protocols = []string{"TLSv1.1", "TLSv1.2"} },
			want:   healthy(),
		},
		{
			// One hello at TLS 1.2: the origin answers TLS 1.1, which the
			// policy leaves out, as CloudFront would see it.
			name: "TLS 1.1 only origin, policy TLSv1 and TLSv1.2",
			origin: func(t *testing.T) tlsserver.Config {
				cfg := sendChain(leaf(t, h.inter, domain), h.inter)
				cfg.MinVersion, cfg.MaxVersion = tls.VersionTLS11, tls.VersionTLS11
				return cfg
			},
			params:    func(p *Params) { p.Protocols = []string{"TLSv1", "TLSv1.2"} },
			want:      handshakeOnly(report.TLSNoCommonProtocol),
			inMessage: map[report.ID]string{report.TLSNoCommonProtocol: "accepting TLSv1, TLSv1.2: the origin chose TLSv1.1"},
		},
		{
			name:   "SSLv3 only policy, TLS origin",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.inter, domain), h.inter) },
			params: func(p *Params) { p.Protocols = []string{"SSLv3"} },
			want:   handshakeOnly(report.TLSNoCommonProtocol),
			inMessage: map[report.ID]string{
				report.TLSNoCommonProtocol: "offered SSLv3 with CloudFront's 4 cipher suites, the origin sent alert protocol version not supported; offered TLSv1.2, it chose TLSv1.2",
			},
		},
		{
			name:   "policy SSLv3 and TLSv1.2, TLS 1.2 origin",
			origin: func(t *testing.T) tlsserver.Config { return sendChain(leaf(t, h.inter, domain), h.inter) },
			params: func(p *Params) { p.Protocols = []string{"SSLv3", "TLSv1.2"} },
			want:   healthy(),
		},
		{
			name: "cross-signed intermediate, path through the cross-sign",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(leaf(t, cross.inter, domain), cross.inter, cross.rootBySigned)
			},
			want: healthy(),
		},
		{
			name: "cross-signed intermediate, both paths trusted",
			origin: func(t *testing.T) tlsserver.Config {
				return sendChain(leaf(t, cross.inter, domain), cross.inter, cross.rootBySigned)
			},
			params: func(p *Params) { p.Roots = cross.bothTrusted },
			want:   healthy(),
		},
		{
			name: "certificate chain over 64 KiB",
			origin: func(t *testing.T) tlsserver.Config {
				names := []string{domain}
				for i := range 4000 {
					names = append(names, fmt.Sprintf("host-%04d.example.test", i))
				}
				return sendChain(issue(t, pki.Template{DNSNames: names}, h.inter), h.inter)
			},
			want:      handshakeOnly(report.TLSHandshakeFailed),
			inMessage: map[report.ID]string{report.TLSHandshakeFailed: "certificate chain is"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, err := tlsserver.Start(netip.AddrPortFrom(loopback.Addr(), 443), tc.origin(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(srv.Close)
			p := params(h)
			if tc.params != nil {
				tc.params(&p)
			}
			r, s := run(t, []netip.Addr{srv.Addr.Addr()}, p)
			expect(t, r, tc.want, tc.inMessage)
			if names := srv.ServerNames(); len(names) == 0 || names[0] != sni(p) {
				t.Errorf("server saw SNI %q, want %q", names, sni(p))
			}
			if handshakeOK := tc.want[report.TLSHandshakeFailed] == report.Pass || tc.want[report.TLSTLS13Only] == report.Warn; (s != nil) != handshakeOK {
				t.Errorf("summary %+v, want one: %v", s, handshakeOK)
			}
			if tc.summary != nil && s != nil {
				tc.summary(t, s)
			}
			sequentialAgrees(t, srv.Addr.Addr(), p, r)
		})
	}
}

func TestCheckAddresses(t *testing.T) {
	fixture.RequireRoot(t)
	t.Parallel()
	h := fixtures(t)
	good := serve(t, sendChain(leaf(t, h.inter, domain), h.inter))
	wrongName := serve(t, sendChain(leaf(t, h.inter, "other.example.test"), h.inter))
	closed := loopback.Addr()
	silent := silentOrigin(t)
	tls10 := func() netip.Addr {
		cfg := sendChain(leaf(t, h.inter, domain), h.inter)
		cfg.MaxVersion = tls.VersionTLS10
		return serve(t, cfg)
	}
	legacy, legacy2 := tls10(), tls10()
	now := time.Now()
	expired := func() netip.Addr {
		return serve(t, sendChain(issue(t, pki.Template{DNSNames: []string{domain}, NotBefore: now.Add(-100 * 24 * time.Hour), NotAfter: now.Add(-10 * 24 * time.Hour)}, h.inter), h.inter))
	}
	expired1, expired2 := expired(), expired()

	cases := []struct {
		name      string
		addrs     []netip.Addr
		want      map[report.ID]report.Status
		inMessage map[report.ID]string
		notIn     string // an address no failure may name
		maxTime   time.Duration
	}{
		{
			name:      "one of two addresses serves the wrong name",
			addrs:     []netip.Addr{good, wrongName},
			want:      with(map[report.ID]report.Status{report.TLSNameMismatch: report.Fail}),
			inMessage: map[report.ID]string{report.TLSNameMismatch: wrongName.String() + ":443 (SNI www.example.test): the certificate names other.example.test"},
			notIn:     good.String(),
			maxTime:   5 * time.Second,
		},
		{
			name:      "port closed",
			addrs:     []netip.Addr{closed},
			want:      handshakeOnly(report.TLSHandshakeFailed),
			inMessage: map[report.ID]string{report.TLSHandshakeFailed: closed.String() + ":443 (SNI www.example.test): could not connect: connection refused"},
			maxTime:   time.Second,
		},
		{
			name:      "origin accepts but never answers",
			addrs:     []netip.Addr{silent},
			want:      handshakeOnly(report.TLSHandshakeFailed),
			inMessage: map[report.ID]string{report.TLSHandshakeFailed: "no handshake answer before the deadline"},
			maxTime:   3 * time.Second,
		},
		{
			// Some addresses of a family failing warns, as tcpcheck's grade.
			name:  "one good, one closed",
			addrs: []netip.Addr{closed, good},
			want:  with(map[report.ID]report.Status{report.TLSHandshakeFailed: report.Warn}),
			inMessage: map[report.ID]string{report.TLSHandshakeFailed: closed.String() + ":443 (SNI www.example.test): could not connect: " + netwait.Refused +
				"; 1 of 2 IPv4 addresses complete CloudFront's handshake on port 443 (" + good.String() + ":443)"},
			notIn:   good.String(),
			maxTime: 5 * time.Second,
		},
		{
			name:  "one good, one speaking only TLSv1.0",
			addrs: []netip.Addr{legacy, good},
			want:  with(map[report.ID]report.Status{report.TLSNoCommonProtocol: report.Warn}),
			inMessage: map[report.ID]string{report.TLSNoCommonProtocol: "; 1 of 2 IPv4 addresses complete CloudFront's handshake on port 443 (" + good.String() + ":443), so CloudFront still serves, " +
				"but a request it sends to this address fails there first: each of CloudFront's connection_attempts (1) to it fails the TLS handshake before CloudFront answers 502"},
			notIn:   good.String(),
			maxTime: 5 * time.Second,
		},
		{
			name:      "every address speaks only TLSv1.0",
			addrs:     []netip.Addr{legacy, legacy2},
			want:      handshakeOnly(report.TLSNoCommonProtocol),
			inMessage: map[report.ID]string{report.TLSNoCommonProtocol: "offered TLSv1.2"},
			maxTime:   5 * time.Second,
		},
		{
			// A certificate finding is the same wherever it is served:
			// one expired address fails, whatever the others serve.
			name:      "one good, one expired",
			addrs:     []netip.Addr{expired1, good},
			want:      with(map[report.ID]report.Status{report.TLSExpired: report.Fail, report.TLSExpiringSoon: report.Skip}),
			inMessage: map[report.ID]string{report.TLSExpired: expired1.String() + `:443 (SNI www.example.test): leaf "www.example.test" expired`},
			maxTime:   5 * time.Second,
		},
		{
			name:    "every address expired",
			addrs:   []netip.Addr{expired1, expired2},
			want:    with(map[report.ID]report.Status{report.TLSExpired: report.Fail, report.TLSExpiringSoon: report.Skip}),
			maxTime: 5 * time.Second,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			r, _ := run(t, tc.addrs, params(h))
			if d := time.Since(start); d > tc.maxTime {
				t.Errorf("took %s, want under %s", d, tc.maxTime)
			}
			expect(t, r, tc.want, tc.inMessage)
			for _, c := range r.Checks {
				if c.Status == report.Fail && tc.notIn != "" && strings.Contains(c.Message, tc.notIn) {
					t.Errorf("%s blames the good address: %s", c.ID, c.Message)
				}
			}
		})
	}
}

// TestOfferedSuites keeps the stdlibCan column and the IANA names honest as
// Go evolves.
func TestOfferedSuites(t *testing.T) {
	implemented := map[uint16]bool{}
	for _, cs := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		implemented[cs.ID] = true
	}
	for _, s := range append(cloudFrontSuites, otherSuites...) {
		if s.stdlibCan != implemented[s.id] {
			t.Errorf("%s: stdlibCan = %v, but crypto/tls implements it: %v", s.openssl, s.stdlibCan, implemented[s.id])
		}
		if implemented[s.id] && tls.CipherSuiteName(s.id) != s.iana {
			t.Errorf("%s: IANA name %s, crypto/tls says %s", s.openssl, s.iana, tls.CipherSuiteName(s.id))
		}
	}
}

func TestAddPEM(t *testing.T) {
	h := fixtures(t)
	key := "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
	bad := "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
	cases := []struct {
		name    string
		pem     string
		wantErr string
	}{
		{"one CA", h.root.PEM(), ""},
		{"two CAs", h.root.PEM() + "\n" + h.otherRoot.PEM(), ""},
		{"empty", "  \n", "no PEM certificate found"},
		{"not PEM", "hello", "no PEM certificate found"},
		{"private key", h.root.PEM() + key, `PEM block 2 is a "PRIVATE KEY" block`},
		{"garbage certificate", bad, "PEM block 1 is not a valid certificate"},
		{"truncated", h.root.PEM() + h.otherRoot.PEM()[:100], "text after PEM block 1 is not a PEM block"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pool, err := AddPEM(MozillaRoots(), tc.pem)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := h.inter.Cert.Verify(x509.VerifyOptions{Roots: pool}); err != nil {
				t.Errorf("added root not trusted: %v", err)
			}
			if _, err := h.inter.Cert.Verify(x509.VerifyOptions{Roots: MozillaRoots()}); err == nil {
				t.Error("AddPEM modified the shared Mozilla pool")
			}
		})
	}
	if MozillaRoots().Equal(x509.NewCertPool()) {
		t.Error("Mozilla pool is empty")
	}
}

// silentOrigin accepts connections and never answers, so that a probe
// must give up at its deadline.
func silentOrigin(t *testing.T) netip.Addr {
	t.Helper()
	ln, _, addr, err := loopback.Listen("tcp", 443)
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
		wg    sync.WaitGroup
	)
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	})
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
		for _, c := range conns {
			c.Close()
		}
	})
	return addr
}

func params(h hierarchy) Params {
	return Params{
		DomainName:    domain,
		Port:          443,
		Protocols:     []string{"TLSv1.2"},
		Roots:         h.roots,
		ExpiryWarning: 30 * 24 * time.Hour,
		Now:           time.Now(),
		// Debug level so that the logging paths run too.
		Logger: slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
}

// sni is the server name the origin sees: none for an IP literal Host
// (RFC 6066 has no SNI for addresses).
func sni(p Params) string {
	if p.HostHeader != "" {
		if _, err := netip.ParseAddr(strings.Trim(p.HostHeader, "[]")); err == nil {
			return ""
		}
		return p.HostHeader
	}
	return p.DomainName
}

func run(t *testing.T, addrs []netip.Addr, p Params) (report.Report, *Summary) {
	t.Helper()
	r, s, _ := runCounted(t, addrs, p)
	return r, s
}

// runCounted is run that also returns the network work done.
func runCounted(t *testing.T, addrs []netip.Addr, p Params) (report.Report, *Summary, netcount.Stats) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	ctx, count := netcount.With(ctx)
	b := report.NewBuilder()
	s := Check(ctx, addrs, p, b)
	return b.Build(p.DomainName, nil), s, count.Stats()
}

func expect(t *testing.T, r report.Report, want map[report.ID]report.Status, inMessage map[report.ID]string) {
	t.Helper()
	for _, c := range r.Checks {
		if c.Category != report.CategoryTLS {
			continue
		}
		// Every TLS id gets a verdict or a reason; "not applicable" is
		// the builder's text for an id nobody reported.
		if strings.Contains(c.Message, "not applicable to this origin") {
			t.Errorf("%s was never reported", c.ID)
		}
		if w, ok := want[c.ID]; ok && c.Status != w {
			t.Errorf("%s: %s (%s), want %s", c.ID, c.Status, c.Message, w)
		}
		if s, ok := inMessage[c.ID]; ok && !strings.Contains(c.Message, s) {
			t.Errorf("%s message %q lacks %q", c.ID, c.Message, s)
		}
	}
}

// recordingHandler keeps every log record, to check what TF_LOG=debug
// shows.
type recordingHandler struct {
	mu      *sync.Mutex
	records *[]map[string]string
	attrs   []slog.Attr
}

func (h recordingHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h recordingHandler) Handle(_ context.Context, r slog.Record) error {
	m := map[string]string{"msg": r.Message}
	for _, a := range h.attrs {
		m[a.Key] = a.Value.String()
	}
	r.Attrs(func(a slog.Attr) bool { m[a.Key] = a.Value.String(); return true })
	h.mu.Lock()
	defer h.mu.Unlock()
	*h.records = append(*h.records, m)
	return nil
}

func (h recordingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	h.attrs = append(append([]slog.Attr(nil), h.attrs...), as...)
	return h
}

func (h recordingHandler) WithGroup(string) slog.Handler { return h }

// TestCheckLogs: debug logs show the offer, the choice with both suite
// names, and each certificate's subject and issuer in the order sent.
func TestCheckLogs(t *testing.T) {
	fixture.RequireRoot(t)
	h := fixtures(t)
	addr := serve(t, sendChain(leaf(t, h.inter, domain), h.inter))
	var records []map[string]string
	p := params(h)
	p.Logger = slog.New(recordingHandler{mu: &sync.Mutex{}, records: &records})
	run(t, []netip.Addr{addr}, p)

	byMsg := map[string][]map[string]string{}
	for _, r := range records {
		byMsg[r["msg"]] = append(byMsg[r["msg"]], r)
	}
	offer, selected, certs := byMsg["tls offer"], byMsg["tls selected"], byMsg["tls certificate"]
	if len(offer) != 1 || !strings.Contains(offer[0]["suites"], "ECDHE-RSA-AES256-SHA384") || !strings.HasSuffix(offer[0]["suites"], ":RC4-MD5") || offer[0]["address"] != addr.String()+":443" {
		t.Errorf("offer %v", offer)
	}
	if len(selected) != 1 || !strings.HasPrefix(selected[0]["suite_iana"], "TLS_ECDHE_RSA_WITH_AES_") || !strings.HasPrefix(selected[0]["suite"], "ECDHE-RSA-AES") {
		t.Errorf("selected %v", selected)
	}
	if len(certs) != 2 || certs[0]["subject"] != "CN="+domain || certs[0]["issuer"] != "CN=Test Intermediate CA" || certs[1]["issuer"] != "CN=Test Root CA" {
		t.Errorf("certificates %v", certs)
	}
}

// sequentialAgrees checks the handshake verdict of r, for which crypto/tls
// ran alongside the probe, against the way that needs no luck: the probe,
// then a crypto/tls handshake restricted to its choice.
func sequentialAgrees(t *testing.T, addr netip.Addr, p Params, r report.Report) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	ap := netip.AddrPortFrom(addr, uint16(p.Port))
	h := hello{serverName: sni(p), versions: policyVersions(p.Protocols)}
	h.suites = suitesFor(cloudFrontSuites, h.maxVersion())
	f, err := probe(ctx, ap, h, nil)
	if err != nil || !slices.Contains(h.versions, f.version) || len(f.certs) == 0 || !stdlibCanFinish(f) {
		return // no confirmation to compare
	}
	_, finishErr := stdlibFinishKeep(ctx, ap, h.serverName, f.version, f.suite, false)
	if c := r.Checks[checkIndex(report.TLSHandshakeFailed)]; (c.Status == report.Pass) != (finishErr == nil) {
		t.Errorf("%s: %s (%s), but the sequential handshake restricted to %s, %s gives %v", c.ID, c.Status, c.Message, versionName(f.version), suiteName(f.suite), finishErr)
	}
}

// clientCA is the CA an origin verifies client certificates against.
var (
	clientCAOnce sync.Once
	clientCAVal  *pki.Cert
	clientCAErr  error
)

func clientCA(t *testing.T) *pki.Cert {
	t.Helper()
	clientCAOnce.Do(func() { clientCAVal, clientCAErr = pki.NewRoot("Test Client CA") })
	if clientCAErr != nil {
		t.Fatal(clientCAErr)
	}
	return clientCAVal
}

// TestClientCertificate: an origin that requires a client certificate
// fails tls.client_certificate_required unless origin_mtls_config is
// declared, naming the CAs it accepts; one that only asks for one passes.
// The server certificate is judged from the flight either way.
func TestClientCertificate(t *testing.T) {
	fixture.RequireRoot(t)
	t.Parallel()
	h := fixtures(t)
	pool := x509.NewCertPool()
	pool.AddCert(clientCA(t).Cert)
	id := report.TLSClientCertificateRequired
	const unverifiable = "whether the origin trusts CloudFront's client certificate (the ACM certificate origin_mtls_config names) cannot be checked from here"

	cases := []struct {
		name      string
		auth      tls.ClientAuthType
		cas       *x509.CertPool
		declared  bool
		origin    func(t *testing.T) *pki.Cert // the leaf, issued by h.inter; nil for a valid one
		protocols []string
		want      map[report.ID]report.Status
		inMessage map[report.ID]string
		summary   bool
	}{
		{
			name: "requires any certificate, not declared", auth: tls.RequireAnyClientCert,
			want: with(map[report.ID]report.Status{id: report.Fail}),
			inMessage: map[report.ID]string{
				id:                        "(SNI www.example.test): the origin requires a client certificate and origin_mtls_config is not set: it asked for one (it announced no CA names) and ended the handshake that went on without one: the origin sent alert",
				report.TLSHandshakeFailed: "asked for a client certificate: see tls.client_certificate_required",
			},
		},
		{
			name: "requires any certificate, declared", auth: tls.RequireAnyClientCert, declared: true,
			want:      with(map[report.ID]report.Status{id: report.Pass}),
			inMessage: map[report.ID]string{id: "the origin requires a client certificate, as configured with origin_mtls_config (it announced no CA names); " + unverifiable},
			summary:   true,
		},
		{
			name: "requires a certificate from its CA, not declared", auth: tls.RequireAndVerifyClientCert, cas: pool,
			want:      with(map[report.ID]report.Status{id: report.Fail}),
			inMessage: map[report.ID]string{id: `acceptable CAs it announced: "CN=Test Client CA") and ended the handshake`},
		},
		{
			name: "requires a certificate from its CA, declared", auth: tls.RequireAndVerifyClientCert, cas: pool, declared: true,
			want:      with(map[report.ID]report.Status{id: report.Pass}),
			inMessage: map[report.ID]string{id: `as configured with origin_mtls_config (acceptable CAs it announced: "CN=Test Client CA"); ` + unverifiable},
			summary:   true,
		},
		{
			name: "requires a certificate, TLS 1.0 policy and origin", auth: tls.RequireAndVerifyClientCert, cas: pool, protocols: []string{"TLSv1"},
			want:      with(map[report.ID]report.Status{id: report.Fail}),
			inMessage: map[report.ID]string{id: `"CN=Test Client CA"`},
		},
		{
			name: "requires a certificate, expired server certificate", auth: tls.RequireAnyClientCert,
			origin: func(t *testing.T) *pki.Cert {
				return issue(t, pki.Template{DNSNames: []string{domain}, NotBefore: time.Now().Add(-100 * 24 * time.Hour), NotAfter: time.Now().Add(-24 * time.Hour)}, h.inter)
			},
			want:      with(map[report.ID]report.Status{id: report.Fail, report.TLSExpired: report.Fail, report.TLSExpiringSoon: report.Skip}),
			inMessage: map[report.ID]string{report.TLSExpired: `leaf "www.example.test" expired`},
		},
		{
			name: "requires a certificate, declared, wrong server name", auth: tls.RequireAnyClientCert, declared: true,
			origin:  func(t *testing.T) *pki.Cert { return leaf(t, h.inter, "other.example.test") },
			want:    with(map[report.ID]report.Status{id: report.Pass, report.TLSNameMismatch: report.Fail}),
			summary: true,
		},
		{
			name: "asks for any certificate, not declared", auth: tls.RequestClientCert,
			want:      with(map[report.ID]report.Status{id: report.Pass}),
			inMessage: map[report.ID]string{id: "the origin asks for, but does not require, a client certificate (it announced no CA names)"},
			summary:   true,
		},
		{
			name: "asks for any certificate, declared", auth: tls.RequestClientCert, declared: true,
			want:      with(map[report.ID]report.Status{id: report.Pass}),
			inMessage: map[report.ID]string{id: "does not require, a client certificate (it announced no CA names); CloudFront presents the one origin_mtls_config names, and " + unverifiable},
			summary:   true,
		},
		{
			name: "verifies a certificate if given, not declared", auth: tls.VerifyClientCertIfGiven, cas: pool,
			want:      with(map[report.ID]report.Status{id: report.Pass}),
			inMessage: map[report.ID]string{id: `does not require, a client certificate (acceptable CAs it announced: "CN=Test Client CA")`},
			summary:   true,
		},
		{
			name: "verifies a certificate if given, declared", auth: tls.VerifyClientCertIfGiven, cas: pool, declared: true,
			want:      with(map[report.ID]report.Status{id: report.Pass}),
			inMessage: map[report.ID]string{id: unverifiable},
			summary:   true,
		},
		{
			name: "asks for none, not declared", auth: tls.NoClientCert,
			want:      with(map[report.ID]report.Status{id: report.Pass}),
			inMessage: map[report.ID]string{id: "the origin does not ask for a client certificate"},
			summary:   true,
		},
		{
			name: "asks for none, declared", auth: tls.NoClientCert, declared: true,
			want:      with(map[report.ID]report.Status{id: report.Pass}),
			inMessage: map[report.ID]string{id: "origin_mtls_config is set but the origin does not ask for a client certificate (it is not verifying CloudFront"},
			summary:   true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l := leaf(t, h.inter, domain)
			if tc.origin != nil {
				l = tc.origin(t)
			}
			cfg := sendChain(l, h.inter)
			cfg.ClientAuth, cfg.ClientCAs = tc.auth, tc.cas
			if tc.protocols != nil {
				cfg.MaxVersion = tls.VersionTLS10
			}
			addr := serve(t, cfg)
			p := params(h)
			p.ClientCertificateDeclared = tc.declared
			if tc.protocols != nil {
				p.Protocols = tc.protocols
			}
			r, s := run(t, []netip.Addr{addr}, p)
			expect(t, r, tc.want, tc.inMessage)
			if (s != nil) != tc.summary {
				t.Errorf("summary %+v, want one: %v", s, tc.summary)
			}
			if s != nil && (s.Version == "" || s.CipherSuite == "" || s.Certificate.Subject == "") {
				t.Errorf("summary %+v", s)
			}
		})
	}
}

// TestClientCertificateCacheShared: origins sharing an address, SNI and
// protocols share the answer, but each gets the verdict of its own
// origin_mtls_config.
func TestClientCertificateCacheShared(t *testing.T) {
	fixture.RequireRoot(t)
	t.Parallel()
	h := fixtures(t)
	cfg := sendChain(leaf(t, h.inter, domain), h.inter)
	cfg.ClientAuth = tls.RequireAnyClientCert
	srv, err := tlsserver.Start(netip.AddrPortFrom(loopback.Addr(), 443), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	cache := NewHandshakeCache()
	id := report.TLSClientCertificateRequired
	for _, declared := range []bool{false, true, false} {
		before := len(srv.ServerNames())
		p := params(h)
		p.Cache, p.ClientCertificateDeclared = cache, declared
		r, s := run(t, []netip.Addr{srv.Addr.Addr()}, p)
		want := report.Fail
		if declared {
			want = report.Pass
		}
		expect(t, r, with(map[report.ID]report.Status{id: want}), nil)
		if (s != nil) != declared {
			t.Errorf("declared %v: summary %+v", declared, s)
		}
		if hellos := len(srv.ServerNames()) - before; before > 0 && hellos != 0 {
			t.Errorf("declared %v: %d more ClientHellos, want the cached answer", declared, hellos)
		}
	}
}

// TestNothingSentAfterHandshake: without http_request (no Sessions) the
// TLS stage writes nothing after a handshake, whether or not the origin
// asks for a client certificate: no HTTP request bytes reach the server.
func TestNothingSentAfterHandshake(t *testing.T) {
	fixture.RequireRoot(t)
	t.Parallel()
	h := fixtures(t)
	cases := []struct {
		name string
		auth tls.ClientAuthType
		want report.Status
	}{
		{"asks for a client certificate", tls.RequestClientCert, report.Pass},
		{"verifies one if given", tls.VerifyClientCertIfGiven, report.Pass},
		{"asks for none", tls.NoClientCert, report.Pass},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var (
				mu       sync.Mutex
				received int64
			)
			cfg := sendChain(leaf(t, h.inter, domain), h.inter)
			cfg.ClientAuth = tc.auth
			cfg.Answer = func(c net.Conn, _ <-chan struct{}) {
				_ = c.SetReadDeadline(time.Now().Add(3 * time.Second))
				n, _ := io.Copy(io.Discard, c) // until the client hangs up
				mu.Lock()
				received += n
				mu.Unlock()
			}
			srv, err := tlsserver.Start(netip.AddrPortFrom(loopback.Addr(), 443), cfg)
			if err != nil {
				t.Fatal(err)
			}
			r, _ := run(t, []netip.Addr{srv.Addr.Addr()}, params(h))
			srv.Close() // waits for every Answer
			expect(t, r, with(map[report.ID]report.Status{report.TLSClientCertificateRequired: tc.want}), nil)
			mu.Lock()
			defer mu.Unlock()
			if received != 0 {
				t.Errorf("the origin at %s received %d bytes of application data after handshakes, want none without http_request", srv.Addr, received)
			}
		})
	}
}
