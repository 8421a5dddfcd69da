package tlscheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/netip"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/memo"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// handshakeAnswer is how one address answered CloudFront's offer:
// everything the network said, before any of the origin's own parameters
// (names, roots, clock) judge it, so that origins sharing address, SNI and
// offer can share it.
type handshakeAnswer struct {
	// refusal says why the hello got no usable answer; nil if it got one.
	refusal *refusal
	flight  flight
	// finishErr is why no crypto/tls handshake could finish the flight's
	// version and suite; nil if one did or none was tried (stdlibCanFinish).
	finishErr error
	// conn is the crypto/tls connection whose handshake completed, open,
	// when ask was told to keep it; never kept in the cache.
	conn net.Conn
}

// refusal is a hello that got no usable answer, diagnosed.
type refusal struct {
	err    error
	id     report.ID
	detail string
	// certs are the certificates crypto/tls's wider offer got, when that
	// succeeded where CloudFront's failed; nil otherwise.
	certs []*x509.Certificate
	// tls13 is the TLS 1.3 handshake a separate hello completed when
	// CloudFront's offer failed (id tls.tls13_only); nil otherwise.
	tls13 *tls13Answer
}

// tls13Answer is a completed TLS 1.3 handshake.
type tls13Answer struct {
	suite uint16
	// clientCertAsked: the origin asked for a client certificate.
	clientCertAsked bool
}

// handshakeKey is what an answer depends on: the hello's server name and
// versions (the suites follow from those), and connection_timeout, which
// bounds the wait: an answer that came in 5 s passes an origin with a 10 s
// timeout and must not pass one with 1 s.
type handshakeKey struct {
	addr       netip.AddrPort
	serverName string
	versions   string
	timeout    time.Duration
}

// HandshakeCache shares handshake answers between checks, so that origins
// reaching the same address with the same SNI and protocols handshake
// once. It is safe for concurrent use.
type HandshakeCache struct {
	answers memo.Group[handshakeKey, handshakeAnswer]
}

// NewHandshakeCache returns an empty HandshakeCache.
func NewHandshakeCache() *HandshakeCache { return &HandshakeCache{} }

func (c *HandshakeCache) group() *memo.Group[handshakeKey, handshakeAnswer] {
	if c == nil {
		return nil
	}
	return &c.answers
}

// answer gets addr's answer to h, from the cache or by asking, on handed
// when that is not nil. It closes handed. With keep, an answer this call
// asked for carries the completed crypto/tls connection (handshakeAnswer.conn),
// which the caller must close; a cached one carries none.
func (c *HandshakeCache) answer(ctx context.Context, addr netip.AddrPort, h hello, timeout time.Duration, handed net.Conn, keep bool) handshakeAnswer {
	asked := false
	var conn net.Conn
	a, err := c.group().Do(ctx, handshakeKey{addr, h.serverName, versionNames(h.versions), timeout}, func(ctx context.Context) handshakeAnswer {
		asked = true
		a := ask(ctx, addr, h, handed, keep)
		conn, a.conn = a.conn, nil
		return a
	})
	a.conn = conn
	if !asked && handed != nil {
		_ = handed.Close()
	}
	if err != nil {
		// Our deadline came while another check was asking.
		return handshakeAnswer{refusal: diagnose(ctx, addr, h, err)}
	}
	return a
}

// ask sends the probe's hello h to addr and, alongside on handed or a new
// connection, makes crypto/tls's part of the offer (stdlibOffer). When both
// end on the same version and key exchange, the origin has finished the
// handshake CloudFront would make, in the time the probe takes: it used
// its key the same way and completed Finished. Only the bulk cipher may
// differ, because crypto/tls orders suites its own way and an origin that
// honours the client's order picks from Go's offer another suite than from
// CloudFront's. Otherwise a handshake restricted to the probe's choice
// follows, which proves the same at the cost of its round trips.
//
// With keep, the answer carries the connection of the crypto/tls handshake
// that completed (the one made alongside, or the restricted one), open
// for a request: it proved the same version and key exchange as
// CloudFront's offer, though possibly another bulk cipher.
func ask(ctx context.Context, addr netip.AddrPort, h hello, handed net.Conn, keep bool) handshakeAnswer {
	if h.maxVersion() < tls.VersionTLS10 {
		// An SSLv3 hello: crypto/tls has no SSLv3.
		f, err := probe(ctx, addr, h, handed)
		if err != nil {
			return handshakeAnswer{refusal: diagnose(ctx, addr, h, err)}
		}
		return handshakeAnswer{flight: f}
	}

	stdlibCtx, stopStdlib := context.WithCancel(ctx)
	defer stopStdlib()
	var (
		wg          sync.WaitGroup
		stdlibState tls.ConnectionState
		stdlibConn  net.Conn
		stdlibErr   error
	)
	// The handed connection is already open: it takes the longer exchange.
	wg.Go(func() {
		stdlibState, stdlibConn, stdlibErr = stdlibSession(stdlibCtx, addr, handed, stdlibOffer(h), keep)
	})
	f, err := probe(ctx, addr, h, nil)
	// Only a choice the policy allows, with a certificate, is worth
	// finishing (checkAddr fails the others).
	confirm := err == nil && slices.Contains(h.versions, f.version) && len(f.certs) > 0 && stdlibCanFinish(f)
	if !confirm {
		stopStdlib()
	}
	wg.Wait()

	if err != nil {
		closeAll([]net.Conn{stdlibConn})
		return handshakeAnswer{refusal: diagnose(ctx, addr, h, err)}
	}
	a := handshakeAnswer{flight: f}
	switch {
	case !confirm:
		closeAll([]net.Conn{stdlibConn})
	case stdlibErr != nil || stdlibState.Version != f.version || keyExchange(stdlibState.CipherSuite) != keyExchange(f.suite):
		closeAll([]net.Conn{stdlibConn})
		a.conn, a.finishErr = stdlibFinishKeep(ctx, addr, h.serverName, f.version, f.suite, keep)
	default:
		a.conn = stdlibConn
	}
	return a
}

// clientAuth is what an origin does about client certificates.
type clientAuth int

const (
	// clientCertNotAsked: the flight had no CertificateRequest.
	clientCertNotAsked clientAuth = iota
	// clientCertOptional: asked for one, and a crypto/tls handshake,
	// which sends an empty Certificate message, finished without it. An
	// origin that refuses requests afterwards (nginx's ssl_verify_client
	// on) looks the same here: only a request, the HTTP stage's, tells.
	clientCertOptional
	// clientCertRequired: asked for one, and ended the handshake that
	// went on without it (an alert such as certificate_required,
	// handshake_failure or bad_certificate, or a hang-up).
	clientCertRequired
	// clientCertUndetermined: asked for one, but no handshake could be
	// finished here to tell whether it is required.
	clientCertUndetermined
)

// clientAuth reads, from what the network said, whether the origin asks
// for a client certificate and whether it requires one. Whether that is
// a problem depends on the origin's configuration (origin_mtls_config),
// so the verdict is left to checkAddr and a cached answer serves origins
// configured either way.
func (a handshakeAnswer) clientAuth() clientAuth {
	switch {
	case a.flight.certRequest == nil:
		return clientCertNotAsked
	case !stdlibCanFinish(a.flight):
		return clientCertUndetermined
	case a.finishErr == nil:
		return clientCertOptional
	case refusedByOrigin(a.finishErr):
		return clientCertRequired
	default:
		// crypto/tls gave up on its own (a bad signature, say): the
		// origin never had to decide.
		return clientCertUndetermined
	}
}

// refusedByOrigin reports whether err is the origin ending a handshake:
// an alert, or a hang-up without one.
func refusedByOrigin(err error) bool {
	return errors.As(err, new(alertError)) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET)
}
