// Package tlscheck is the TLS stage of the engine: it handshakes with every
// origin address the way CloudFront would (its protocols, its origin cipher
// list, SNI = forwarded Host or domain name) and judges the certificate
// chain exactly as the origin sent it, since CloudFront neither reorders
// chains nor fetches missing intermediates.
//
// crypto/tls cannot make CloudFront's offer: it has no SSLv3, no
// ECDHE-*-AES256-SHA384 or RC4-MD5, always offers RSA-PSS and cannot leave
// TLS 1.1 out of a range. So the probe sends a ClientHello built here from
// the table in offer.go and reads the answer up to ServerHelloDone
// (flight.go), which is all the verdict needs. When the suite chosen is
// one crypto/tls implements, a real handshake proves the origin can finish:
// crypto/tls makes its part of the offer alongside the probe, and only if
// it ends on another choice does a handshake restricted to the probe's
// follow (handshake.go). The functions named stdlib… make those crypto/tls
// handshakes, Go's standard library's, as opposed to the probe's hand-built
// hello (stdlib.go). zcrypto and utls were not used: both could send this
// hello, but a hello and a bounded parser are a few hundred lines, while
// either library is a large dependency (utls forks crypto/tls and follows
// browsers' fingerprints, zcrypto is a scanner's fork of Go 1.x). When
// CloudFront's hello is refused, diagnose asks again with wider hellos to
// name the cause: protocol, cipher, signature scheme, curve or TLS 1.3
// only (diagnose.go).
//
// An origin may ask for a client certificate (a CertificateRequest in the
// flight, with the CA names it accepts). Whether it requires one shows
// when the crypto/tls handshake, which has none and sends an empty
// Certificate message, is ended by the origin. nginx with
// ssl_verify_client on finishes it instead and refuses each request,
// which only the HTTP stage's request (http_request) shows: nothing is
// sent on a connection unless asked. A requirement fails unless
// origin_mtls_config makes CloudFront present a certificate
// (Params.ClientCertificateDeclared; client_auth.go grades the request);
// the server certificate is judged from the flight either way.
package tlscheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/netip"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/originhealth/terraform-provider-origin/internal/certname"
	"github.com/originhealth/terraform-provider-origin/internal/netwait"
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
	// Conns are connections already open to addresses on Port (the TCP
	// stage's), which saves connecting again. Check closes every one.
	Conns map[netip.AddrPort]net.Conn
	// Cache shares what addresses answered between checks; nil shares
	// nothing.
	Cache *HandshakeCache
	// HandshakeTimeout is CloudFront's connection_timeout: a handshake
	// that has not answered by then fails as CloudFront's would (it gives
	// up, 504). Zero means the context's deadline only.
	HandshakeTimeout time.Duration
	// ConnectionAttempts is CloudFront's connection_attempts, for saying
	// what an address that fails the handshake costs while others of its
	// family complete it.
	ConnectionAttempts int
	// ClientCertificateDeclared is true when the origin sets
	// origin_mtls_config, so that CloudFront presents a client
	// certificate to an origin that asks for one.
	ClientCertificateDeclared bool
	// Sessions, when set, receives a Session for each address whose
	// handshake completed, for the HTTP stage to send CloudFront's
	// request on. It is called from Check's goroutines, before Check
	// returns, and owns Session.Conn.
	Sessions func(Session)
}

// Session is an address that completed CloudFront's handshake, and a
// connection to send a request on.
type Session struct {
	Addr netip.AddrPort
	// Conn is the crypto/tls connection whose handshake proved the origin
	// finishes CloudFront's (same version and key exchange; crypto/tls may
	// have agreed on another bulk cipher), open and idle. It is nil when
	// the answer came from the cache (another origin's check made the
	// handshake), or the origin asked for a client certificate.
	Conn net.Conn
	// Dial opens a new crypto/tls connection with the same SNI, version
	// and cipher suite; nil when crypto/tls cannot make that handshake
	// (SSLv3, a suite it lacks).
	Dial func(ctx context.Context) (net.Conn, error)
	// Negotiated is the version and suite, e.g. "TLSv1.2, ECDHE-RSA-AES128-GCM-SHA256".
	Negotiated string
	// ClientCertificateAsked is true when the origin asked for a client
	// certificate; with origin_mtls_config set, a request from here (with
	// none) is not CloudFront's.
	ClientCertificateAsked bool
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

// MaxParallelHandshakes bounds the addresses one origin handshakes with
// at once, so more Conns than that would only wait.
const MaxParallelHandshakes = 32

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
	handed := make([]net.Conn, len(addrs))
	unused := maps.Clone(p.Conns)
	for i, a := range addrs {
		ap := netip.AddrPortFrom(a, uint16(p.Port))
		handed[i] = unused[ap]
		delete(unused, ap)
	}
	closeAll(slices.Collect(maps.Values(unused)))
	versions := policyVersions(p.Protocols)
	if len(versions) == 0 {
		closeAll(handed)
		b.SkipStage(report.CategoryTLS, "origin_ssl_protocols lists no protocol CloudFront knows")
		return nil
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultTimeout)
		defer cancel()
	}

	c := &checker{p: p, b: b, sni: p.DomainName, versions: versions}
	// CloudFront sends the forwarded Host as SNI, so exactly one of the two
	// name checks applies to the certificate it gets back.
	if p.HostHeader != "" {
		c.sni = p.HostHeader
		sends := "SNI " + p.HostHeader
		if _, isIP := certname.ParseIP(p.HostHeader); isIP {
			sends = "Host " + p.HostHeader + " (an IP address, so no SNI)"
		}
		b.NotApplicable(report.TLSNameMismatch, "host_header is set: CloudFront sends "+sends+", so tls.host_header_mismatch judges the certificate's names")
	} else {
		b.NotApplicable(report.TLSHostHeaderMismatch, "no host_header: CloudFront sends SNI "+p.DomainName+", so tls.name_mismatch judges the certificate's names")
	}

	summaries := make([]*Summary, len(addrs))
	// Every address in parallel, but bounded: an origin name with thousands
	// of A records must not open thousands of sockets at once.
	var g errgroup.Group
	g.SetLimit(MaxParallelHandshakes)
	for i, a := range addrs {
		g.Go(func() error { summaries[i] = c.checkAddr(ctx, a, handed[i]); return nil })
	}
	_ = g.Wait()
	var served []netip.Addr
	for i, s := range summaries {
		if s != nil {
			served = append(served, addrs[i])
		}
	}
	c.grade(addrs, served)
	for _, s := range summaries {
		if s != nil {
			return s
		}
	}
	b.SkipStage(report.CategoryTLS, "no TLS handshake completed with any origin address, so the certificate could not be examined")
	return nil
}

type checker struct {
	p        Params
	b        *report.Builder
	sni      string
	versions []uint16 // the policy, ascending
	// failed are the handshakes that failed on one address, for grade.
	failed failures
}

// checkAddr judges how the address a answered CloudFront's offer. handed,
// if not nil, is an open connection to it, which checkAddr closes.
func (c *checker) checkAddr(ctx context.Context, a netip.Addr, handed net.Conn) *Summary {
	ap := netip.AddrPortFrom(a, uint16(c.p.Port))
	target := fmt.Sprintf("%s (SNI %s)", ap, c.sni)
	if _, isIP := certname.ParseIP(c.sni); isIP {
		// RFC 6066: SNI carries no IP literal, so the hello has none.
		target = fmt.Sprintf("%s (no SNI, Host %s)", ap, c.sni)
	}
	log := c.p.Logger.With("address", ap.String(), "sni", c.sni)
	h := hello{serverName: c.sni, versions: c.versions}
	h.suites = suitesFor(cloudFrontSuites, h.maxVersion())
	log.DebugContext(ctx, "tls offer", "hello_version", versionName(h.maxVersion()), "accepts", versionNames(h.versions),
		"suites", strings.Join(suiteNames(h.suites), ":"), "groups", "prime256v1:secp384r1:X25519", "signature_schemes", "RSA+PKCS1, ECDSA (SHA1-SHA512)")

	handshakeCtx := ctx
	if c.p.HandshakeTimeout > 0 {
		var cancel context.CancelFunc
		handshakeCtx, cancel = context.WithTimeout(ctx, c.p.HandshakeTimeout)
		defer cancel()
	}
	ans := c.p.Cache.answer(handshakeCtx, ap, h, c.p.HandshakeTimeout, handed, c.p.Sessions != nil)
	handedOver := false
	defer func() {
		if !handedOver {
			closeAll([]net.Conn{ans.conn})
		}
	}()
	// A read that stopped at the deadline may return just before the
	// context's timer fires: netwait.Ended compares with the clock too.
	handshakeOver := netwait.Ended
	// The hello answered in time but the rest of the handshake did not
	// (finishErr) counts the same: CloudFront's limit is on the handshake.
	if (ans.refusal != nil || ans.finishErr != nil) && handshakeOver(handshakeCtx) && !handshakeOver(ctx) {
		// CloudFront's limit, not the check's deadline, ended the wait.
		log.DebugContext(ctx, "tls handshake slower than connection_timeout", "timeout", c.p.HandshakeTimeout.String())
		c.failed.add(addrFailure{id: report.TLSHandshakeFailed, addr: ap, target: target, timeout: true, detail: fmt.Sprintf(
			"no TLS handshake answer within connection_timeout (%s): CloudFront gives up on the connection, tries again up to connection_attempts times, then answers 504",
			c.p.HandshakeTimeout)})
		return nil
	}
	if ans.refusal != nil && ans.refusal.tls13 != nil {
		return c.tls13Only(target, ap, ans.refusal)
	}
	if ans.refusal != nil {
		log.DebugContext(ctx, "tls handshake failed", "error", ans.refusal.err.Error())
		if ans.refusal.certs != nil {
			c.verify(target, ans.refusal.certs)
		}
		c.failed.add(addrFailure{id: ans.refusal.id, addr: ap, target: target, detail: ans.refusal.detail})
		return nil
	}
	f := ans.flight
	log.DebugContext(ctx, "tls selected", "version", versionName(f.version), "suite", suiteName(f.suite), "suite_iana", suiteIANA(f.suite),
		"curve", tls.CurveID(f.curve).String(), "signature_scheme", tls.SignatureScheme(f.sigAlg).String())
	for i, cert := range f.certs {
		log.DebugContext(ctx, "tls certificate", "position", i, "subject", cert.Subject.String(), "issuer", cert.Issuer.String())
	}

	negotiated := versionName(f.version) + ", " + suiteName(f.suite)
	if !slices.Contains(c.versions, f.version) {
		c.failed.add(addrFailure{id: report.TLSNoCommonProtocol, addr: ap, target: target, detail: fmt.Sprintf("offered %s, accepting %s: the origin chose %s, which origin_ssl_protocols does not list",
			versionName(h.maxVersion()), versionNames(c.versions), versionName(f.version))})
		return nil
	}
	c.b.Pass(report.TLSNoCommonProtocol, target, versionName(f.version))
	c.b.Pass(report.TLSTLS13Only, target, "the origin accepts "+versionName(f.version)+", which origin_ssl_protocols lists")
	c.b.Pass(report.TLSNoCommonCipher, target, suiteName(f.suite))
	if len(f.certs) == 0 {
		c.failed.add(addrFailure{id: report.TLSHandshakeFailed, addr: ap, target: target, detail: "the origin sent no certificate"})
		return nil
	}

	completed := true
	auth := ans.clientAuth()
	switch {
	case auth == clientCertRequired && ans.finishErr != nil:
		// The handshake ends for want of a client certificate, which
		// tls.client_certificate_required judges against the
		// configuration; the flight holds all the rest.
		c.b.Pass(report.TLSHandshakeFailed, target, negotiated+" (the origin answered CloudFront's hello and asked for a client certificate: see tls.client_certificate_required)")
		completed = c.p.ClientCertificateDeclared
	case !stdlibCanFinish(f):
		// Nothing can finish this handshake here; CloudFront's offer was
		// accepted, and the certificates are judged below.
		c.b.Pass(report.TLSHandshakeFailed, target, negotiated+" (the origin answered CloudFront's hello; crypto/tls cannot complete "+versionName(f.version)+" with this suite)")
	case ans.finishErr != nil:
		log.DebugContext(ctx, "tls full handshake failed", "error", ans.finishErr.Error())
		c.failed.add(addrFailure{id: report.TLSHandshakeFailed, addr: ap, target: target, detail: "the origin chose " + negotiated + " but a full handshake with it failed: " + describe(ans.finishErr)})
		completed = false
	default:
		c.b.Pass(report.TLSHandshakeFailed, target, negotiated)
	}
	c.reportClientAuth(target, ans, auth)
	leaf := c.verify(target, f.certs)
	if !completed {
		return nil
	}
	if c.p.Sessions != nil {
		s := Session{Addr: ap, Conn: ans.conn, Negotiated: negotiated, ClientCertificateAsked: f.certRequest != nil}
		if stdlibCanFinish(f) {
			sni, version, suite := c.sni, f.version, f.suite
			s.Dial = func(ctx context.Context) (net.Conn, error) {
				_, conn, err := stdlibSession(ctx, ap, nil, restricted(sni, version, suite), true)
				if err == nil && conn == nil {
					err = errors.New("the connection ended as the handshake completed")
				}
				return conn, err
			}
		}
		handedOver = true
		c.p.Sessions(s)
	}
	return &Summary{Version: versionName(f.version), CipherSuite: suiteName(f.suite), Certificate: leaf}
}

// tls13Only reports an origin that refused CloudFront's offer from
// origin_ssl_protocols and completed TLS 1.3 in a separate hello: a
// warning, since AWS's pages disagree on TLS 1.3 to origins; the
// certificate it sent is judged as any other.
func (c *checker) tls13Only(target string, ap netip.AddrPort, r *refusal) *Summary {
	suite := tls.CipherSuiteName(r.tls13.suite)
	// The catalog's Consequence, appended to the message, names both AWS
	// statements and the 502.
	c.b.Warn(report.TLSTLS13Only, target, r.detail+": the origin speaks only TLSv1.3, none of the versions origin_ssl_protocols lists")
	const why = "not judged: the origin completes only TLSv1.3 (see tls.tls13_only)"
	for _, id := range []report.ID{report.TLSHandshakeFailed, report.TLSNoCommonProtocol, report.TLSNoCommonCipher} {
		c.b.Add(report.Observation{ID: id, Status: report.Skip, Target: target, Detail: why})
	}
	if r.tls13.clientCertAsked {
		c.b.Add(report.Observation{ID: report.TLSClientCertificateRequired, Status: report.Skip, Target: target,
			Detail: "not judged: the origin asks for a client certificate over TLSv1.3, where a refusal comes after the handshake (see tls.tls13_only)"})
	} else {
		c.b.Pass(report.TLSClientCertificateRequired, target, "the origin does not ask for a client certificate (TLSv1.3)")
	}
	leaf := c.verify(target, r.certs)
	negotiated := "TLSv1.3, " + suite
	if c.p.Sessions != nil {
		sni := c.sni
		c.p.Sessions(Session{Addr: ap, Negotiated: negotiated, ClientCertificateAsked: r.tls13.clientCertAsked, Dial: func(ctx context.Context) (net.Conn, error) {
			_, conn, err := stdlibSession(ctx, ap, nil, &tls.Config{ServerName: sni, MinVersion: tls.VersionTLS13, CurvePreferences: cloudFrontCurves}, true)
			if err == nil && conn == nil {
				err = errors.New("the connection ended as the handshake completed")
			}
			return conn, err
		}})
	}
	return &Summary{Version: "TLSv1.3", CipherSuite: suite, Certificate: leaf}
}

// describe says what an error means for the user, keeping the raw text.
func describe(err error) string {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return netwait.Refused
	case errors.Is(err, io.EOF), errors.Is(err, syscall.ECONNRESET):
		return "the origin closed the connection without a TLS alert (" + err.Error() + ")"
	case netwait.IsTimeout(err):
		return "no answer before the deadline"
	default:
		return err.Error()
	}
}

func closeAll(conns []net.Conn) {
	for _, c := range conns {
		if c != nil {
			_ = c.Close()
		}
	}
}
