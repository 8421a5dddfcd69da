// Package tlscheck is the TLS stage of the engine: it handshakes with every
// origin address the way CloudFront would (its protocols, its origin cipher
// list, SNI = forwarded Host or domain name) and judges the certificate
// chain exactly as the origin sent it, since CloudFront neither reorders
// chains nor fetches missing intermediates.
//
// The handshake goes through crypto/tls for now; see handshaker for what
// it cannot offer.
package tlscheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// Params describe the origin as CloudFront is configured to reach it.
type Params struct {
	// DomainName is the origin domain_name (lowercase, no trailing dot).
	DomainName string
	// HostHeader is the forwarded Host value, "" if none.
	HostHeader string
	// Port is https_port.
	Port int
	// Protocols is a validated subset of "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2".
	Protocols []string
	// Roots are the trust anchors (MozillaRoots plus trusted_ca_pem);
	// nil means MozillaRoots.
	Roots *x509.CertPool
	// ExpiryWarning is how long before expiry tls.expiring_soon warns.
	ExpiryWarning time.Duration
	// Now is the time certificates are judged at; zero means time.Now.
	Now time.Time
	// Logger gets debug records of each offer, choice and certificate;
	// nil discards them.
	Logger *slog.Logger
}

// Certificate describes the leaf an origin served.
type Certificate struct {
	Subject       string
	SANs          []string
	Issuer        string
	NotAfter      time.Time
	DaysRemaining int
	// ChainLength counts the certificates sent, leaf included.
	ChainLength int
	KeyType     string // "RSA", "ECDSA", "Ed25519"
	KeyBits     int
}

// Summary is what the first address (in the order given) that completed a
// handshake negotiated and served.
type Summary struct {
	Version     string // "TLSv1.2"
	CipherSuite string // OpenSSL name as AWS documents it
	Certificate Certificate
}

// Check handshakes with every address in parallel on p.Port, reports every
// TLS check into b, and returns the summary of the first address that
// completed a handshake, or nil if none did.
func Check(ctx context.Context, addrs []netip.Addr, p Params, b *report.Builder) *Summary {
	if p.Logger == nil {
		p.Logger = slog.New(slog.DiscardHandler)
	}
	if p.Roots == nil {
		p.Roots = MozillaRoots()
	}
	if p.Now.IsZero() {
		p.Now = time.Now()
	}
	versions := goVersions(p.Protocols)
	if len(versions) == 0 {
		b.SkipStage(report.CategoryTLS, "origin_ssl_protocols lists only SSLv3, which this probe cannot offer yet (Go's TLS stack has no SSLv3)")
		return nil
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultTimeout)
		defer cancel()
	}

	c := &checker{p: p, b: b, hs: goHandshake, sni: p.DomainName, versions: versions}
	// CloudFront sends the forwarded Host as SNI, so exactly one of the two
	// name checks applies to the certificate it gets back.
	if p.HostHeader != "" {
		c.sni = p.HostHeader
		b.NotApplicable(report.TLSNameMismatch, "host_header is set: CloudFront sends SNI "+p.HostHeader+", so tls.host_header_mismatch judges the certificate's names")
	} else {
		b.NotApplicable(report.TLSHostHeaderMismatch, "no host_header: CloudFront sends SNI "+p.DomainName+", so tls.name_mismatch judges the certificate's names")
	}

	summaries := make([]*Summary, len(addrs))
	var wg sync.WaitGroup
	for i, a := range addrs {
		wg.Go(func() { summaries[i] = c.checkAddr(ctx, a) })
	}
	wg.Wait()
	for _, s := range summaries {
		if s != nil {
			return s
		}
	}
	b.SkipStage(report.CategoryTLS, "no TLS handshake completed with any origin address, so the certificate could not be examined")
	return nil
}

// goVersions returns, ascending, the protocols of the policy the probe can
// offer.
func goVersions(protocols []string) []uint16 {
	var vs []uint16
	for _, p := range protocols {
		if v, ok := protocolVersions[p]; ok && !slices.Contains(vs, v) {
			vs = append(vs, v)
		}
	}
	slices.Sort(vs)
	return vs
}

type checker struct {
	p        Params
	b        *report.Builder
	hs       handshaker
	sni      string
	versions []uint16
}

func (c *checker) checkAddr(ctx context.Context, a netip.Addr) *Summary {
	ap := netip.AddrPortFrom(a, uint16(c.p.Port))
	target := fmt.Sprintf("%s (SNI %s)", ap, c.sni)
	log := c.p.Logger.With("address", ap.String(), "sni", c.sni)
	o := offer{serverName: c.sni, versions: c.versions, suites: offeredSuites()}
	log.DebugContext(ctx, "tls offer", "versions", versionNames(o.versions), "suites", suiteNames(o.suites))

	s, err := c.hs(ctx, ap, o)
	if err != nil {
		log.DebugContext(ctx, "tls handshake failed", "error", err.Error())
		id, detail := c.diagnose(ctx, ap, o, err)
		c.b.Fail(id, target, detail)
		return nil
	}
	log.DebugContext(ctx, "tls selected", "version", versionName(s.version), "suite", suiteName(s.suite))
	for i, cert := range s.certs {
		log.DebugContext(ctx, "tls certificate", "position", i, "subject", cert.Subject.String(), "issuer", cert.Issuer.String())
	}
	if len(s.certs) == 0 {
		c.b.Fail(report.TLSHandshakeFailed, target, "the origin sent no certificate")
		return nil
	}

	negotiated := versionName(s.version) + ", " + suiteName(s.suite)
	c.b.Pass(report.TLSHandshakeFailed, target, negotiated)
	if slices.Contains(c.versions, s.version) {
		c.b.Pass(report.TLSNoCommonProtocol, target, versionName(s.version))
	} else {
		c.b.Fail(report.TLSNoCommonProtocol, target, fmt.Sprintf("the origin chose %s, which origin_ssl_protocols does not list", versionName(s.version)))
	}
	c.b.Pass(report.TLSNoCommonCipher, target, suiteName(s.suite))

	return &Summary{
		Version:     versionName(s.version),
		CipherSuite: suiteName(s.suite),
		Certificate: c.verify(target, s.certs),
	}
}

// diagnose names why a handshake failed. When the origin refused the
// offer, it asks again with the versions, then the suites, widened to
// everything Go speaks: what the origin accepts then tells protocol from
// cipher problems even when it hangs up without a telling alert.
func (c *checker) diagnose(ctx context.Context, ap netip.AddrPort, o offer, err error) (report.ID, string) {
	if errors.As(err, new(connectError)) {
		return report.TLSHandshakeFailed, "could not connect: " + describe(err)
	}
	if ctx.Err() != nil || errors.Is(err, os.ErrDeadlineExceeded) {
		return report.TLSHandshakeFailed, "no handshake answer before the deadline (the origin accepted the TCP connection but did not complete the TLS handshake)"
	}
	seen := fmt.Sprintf("offered %s with %d of CloudFront's cipher suites, %s", versionNames(o.versions), len(o.suites), describe(err))
	if slices.Contains(c.p.Protocols, "SSLv3") {
		seen += " (SSLv3, also listed, was not probed)"
	}

	wide := o
	wide.versions = []uint16{tls.VersionTLS10, tls.VersionTLS11, tls.VersionTLS12, tls.VersionTLS13}
	if s, werr := c.hs(ctx, ap, wide); werr == nil && !slices.Contains(o.versions, s.version) {
		return report.TLSNoCommonProtocol, seen + "; offered every version, it chose " + versionName(s.version)
	}
	wide = o
	wide.suites = allGoSuites()
	if s, werr := c.hs(ctx, ap, wide); werr == nil && !isCloudFrontSuite(s.suite) {
		return report.TLSNoCommonCipher, seen + "; offered every suite Go knows, it chose " + tls.CipherSuiteName(s.suite) + ", which CloudFront does not offer"
	}

	var alert tls.AlertError
	if errors.As(err, &alert) {
		switch alert {
		case alertProtocolVersion:
			return report.TLSNoCommonProtocol, seen
		case alertHandshakeFailure, alertInsufficientSecurity:
			return report.TLSNoCommonCipher, seen + " (the usual answer when no cipher suite is shared; this probe could not offer " + unprobedSuites() + ")"
		}
	}
	return report.TLSHandshakeFailed, seen
}

// describe says what an error means for the user, keeping the raw text.
func describe(err error) string {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused (nothing listens on this port)"
	case errors.Is(err, io.EOF), errors.Is(err, syscall.ECONNRESET):
		return "the origin closed the connection without a TLS alert (" + err.Error() + ")"
	case isTimeout(err):
		return "no answer before the deadline"
	default:
		return err.Error()
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func suiteNames(ids []uint16) []string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = suiteName(id)
	}
	return names
}
