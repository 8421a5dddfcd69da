package tlscheck

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/netip"
	"time"
)

// cloudFrontCurves are cloudFrontGroups as crypto/tls names them.
var cloudFrontCurves = []tls.CurveID{tls.CurveP256, tls.CurveP384, tls.X25519}

// stdlibOffer is the part of the offer h that crypto/tls can make: its TLS
// versions as one range (crypto/tls has no SSLv3 and cannot leave TLS 1.1
// out), the suites it implements, CloudFront's curves. It also offers
// RSA-PSS and Ed25519 signatures, which the hand-built hello does not.
func stdlibOffer(h hello) *tls.Config {
	var suites []uint16
	for _, s := range cloudFrontSuites {
		if s.stdlibCan && s.minVersion <= h.maxVersion() {
			suites = append(suites, s.id)
		}
	}
	return &tls.Config{
		ServerName:       h.serverName,
		MinVersion:       max(h.versions[0], tls.VersionTLS10),
		MaxVersion:       h.maxVersion(),
		CipherSuites:     suites,
		CurvePreferences: cloudFrontCurves,
	}
}

// stdlibCanFinish reports whether crypto/tls can complete the handshake f
// began.
func stdlibCanFinish(f flight) bool {
	s, _ := lookupSuite(f.suite)
	return f.version != versionSSL30 && s.stdlibCan
}

// stdlibFinish completes a real crypto/tls handshake restricted to what the
// probe negotiated, proving the origin can finish it (key exchange,
// Finished) and not only answer a hello.
// It also returns what enforcedAfter found.
func stdlibFinish(ctx context.Context, addr netip.AddrPort, serverName string, version, suite uint16) (enforced string, err error) {
	enforced, kept, err := stdlibFinishKeep(ctx, addr, serverName, version, suite, false)
	closeAll([]net.Conn{kept})
	return enforced, err
}

// stdlibFinishKeep is stdlibFinish; with keep, the connection of a handshake that
// completed without a client certificate being asked for is returned
// open, for the HTTP stage.
func stdlibFinishKeep(ctx context.Context, addr netip.AddrPort, serverName string, version, suite uint16, keep bool) (enforced string, kept net.Conn, err error) {
	_, enforced, kept, err = stdlibSession(ctx, addr, nil, restricted(serverName, version, suite), true, keep)
	return enforced, kept, err
}

// restricted is a crypto/tls offer of exactly one version and suite.
func restricted(serverName string, version, suite uint16) *tls.Config {
	return &tls.Config{
		ServerName:       serverName,
		MinVersion:       version,
		MaxVersion:       version,
		CipherSuites:     []uint16{suite},
		CurvePreferences: cloudFrontCurves,
	}
}

// stdlibHandshakeTLS13 asks whether the origin speaks TLS 1.3, which CloudFront never
// offers and the hand-built hello cannot, to explain a refused hello.
func stdlibHandshakeTLS13(ctx context.Context, addr netip.AddrPort, serverName string) error {
	_, err := stdlibHandshake(ctx, addr, nil, &tls.Config{ServerName: serverName, MinVersion: tls.VersionTLS13})
	return err
}

// stdlibHandshake runs a crypto/tls handshake with addr, on handed if not nil.
func stdlibHandshake(ctx context.Context, addr netip.AddrPort, handed net.Conn, cfg *tls.Config) (tls.ConnectionState, error) {
	st, _, _, err := stdlibSession(ctx, addr, handed, cfg, false, false)
	return st, err
}

// stdlibSession is stdlibHandshake, without a client certificate as CloudFront
// without origin_mtls_config: asked for one, crypto/tls sends an empty
// Certificate message. With checkEnforced, when the origin asked and still
// finished the handshake, it returns what enforcedAfter found. With keep,
// a completed handshake's connection is returned open (kept), freed from
// ctx, unless the origin asked for a client certificate (enforcedAfter
// may have used it, and a request on it is not CloudFront's).
func stdlibSession(ctx context.Context, addr netip.AddrPort, handed net.Conn, cfg *tls.Config, checkEnforced, keep bool) (st tls.ConnectionState, enforced string, kept net.Conn, err error) {
	raw, done, detach, err := connectDetachable(ctx, addr, handed)
	if err != nil {
		return tls.ConnectionState{}, "", nil, err
	}
	defer func() {
		if kept == nil {
			done()
		}
	}()
	// The chain was judged from the probe's flight, as sent.
	cfg.InsecureSkipVerify = true
	asked := false
	cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
		asked = true
		return &tls.Certificate{}, nil
	}
	conn := tls.Client(raw, cfg)
	if err := conn.HandshakeContext(ctx); err != nil {
		return tls.ConnectionState{}, "", nil, remoteAlert(err)
	}
	if asked && checkEnforced {
		enforced = enforcedAfter(ctx, conn, cfg.ServerName)
	}
	if keep && !asked && detach() {
		kept = conn
	}
	return conn.ConnectionState(), enforced, kept, nil
}

// enforcedTimeout bounds the request enforcedAfter makes: nginx refuses
// it as soon as it has read the headers.
const enforcedTimeout = 2 * time.Second

// nginxNoCert is how nginx with ssl_verify_client on answers a request on
// a connection without a client certificate: it completes the handshake
// (its verify callback accepts everything) and refuses each request.
const nginxNoCert = "No required SSL certificate was sent"

// enforcedAfter asks for / on conn, whose handshake finished without a
// client certificate the origin asked for, and returns the origin's
// refusal if it answers as nginx requiring one does, "" otherwise. Only
// the status line and a few KiB are read.
func enforcedAfter(ctx context.Context, conn *tls.Conn, host string) string {
	dl := time.Now().Add(enforcedTimeout)
	if ctxDL, ok := ctx.Deadline(); ok && ctxDL.Before(dl) {
		dl = ctxDL
	}
	_ = conn.SetDeadline(dl)
	req := "GET / HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: Amazon CloudFront\r\nConnection: close\r\n\r\n"
	if _, err := io.WriteString(conn, req); err != nil {
		return ""
	}
	resp, err := http.ReadResponse(bufio.NewReader(io.LimitReader(conn, 16<<10)), nil)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if resp.StatusCode == http.StatusBadRequest && bytes.Contains(body, []byte(nginxNoCert)) {
		return `after the handshake it answered a request with 400 "` + nginxNoCert + `" (nginx's ssl_verify_client on)`
	}
	return ""
}
