package tlscheck

import (
	"context"
	"crypto/tls"
	"net"
	"net/netip"
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

// stdlibFinishKeep completes a real crypto/tls handshake restricted to what
// the probe negotiated, proving the origin can finish it (key exchange,
// Finished) and not only answer a hello. With keep, the connection of a
// handshake that completed is returned open, for the HTTP stage; without, it
// is closed and kept is nil.
func stdlibFinishKeep(ctx context.Context, addr netip.AddrPort, serverName string, version, suite uint16, keep bool) (kept net.Conn, err error) {
	_, kept, err = stdlibSession(ctx, addr, nil, restricted(serverName, version, suite), keep)
	return kept, err
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

// stdlibHandshakeTLS13 makes a TLS 1.3 handshake, which the hand-built
// hello cannot, in a separate connection: only asked when CloudFront's
// offer from origin_ssl_protocols failed (tls.tls13_only). asked says
// whether the origin asked for a client certificate.
func stdlibHandshakeTLS13(ctx context.Context, addr netip.AddrPort, serverName string) (st tls.ConnectionState, asked bool, err error) {
	raw, done, err := connect(ctx, addr, nil)
	if err != nil {
		return st, false, err
	}
	defer done()
	conn := tls.Client(raw, &tls.Config{ServerName: serverName, MinVersion: tls.VersionTLS13, CurvePreferences: cloudFrontCurves, InsecureSkipVerify: true,
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			asked = true
			return &tls.Certificate{}, nil
		}})
	if err := conn.HandshakeContext(ctx); err != nil {
		return st, asked, remoteAlert(err)
	}
	return conn.ConnectionState(), asked, nil
}

// stdlibHandshake runs a crypto/tls handshake with addr, on handed if not nil.
func stdlibHandshake(ctx context.Context, addr netip.AddrPort, handed net.Conn, cfg *tls.Config) (tls.ConnectionState, error) {
	st, _, err := stdlibSession(ctx, addr, handed, cfg, false)
	return st, err
}

// stdlibSession is stdlibHandshake, without a client certificate as CloudFront
// without origin_mtls_config: asked for one, crypto/tls sends an empty
// Certificate message. Nothing is written after the handshake: a request
// is the HTTP stage's, sent only when http_request asks for one. With
// keep, a completed handshake's connection is returned open (kept), freed
// from ctx, for that request (the HTTP stage sends none on it when
// origin_mtls_config is set: CloudFront would present a certificate).
func stdlibSession(ctx context.Context, addr netip.AddrPort, handed net.Conn, cfg *tls.Config, keep bool) (st tls.ConnectionState, kept net.Conn, err error) {
	raw, done, detach, err := connectDetachable(ctx, addr, handed)
	if err != nil {
		return tls.ConnectionState{}, nil, err
	}
	defer func() {
		if kept == nil {
			done()
		}
	}()
	// The chain was judged from the probe's flight, as sent.
	cfg.InsecureSkipVerify = true
	cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
		return &tls.Certificate{}, nil
	}
	conn := tls.Client(raw, cfg)
	if err := conn.HandshakeContext(ctx); err != nil {
		return tls.ConnectionState{}, nil, remoteAlert(err)
	}
	if keep && detach() {
		kept = conn
	}
	return conn.ConnectionState(), kept, nil
}

// nginxNoCert is how nginx with ssl_verify_client on answers a request on
// a connection without a client certificate: it completes the handshake
// (its verify callback accepts everything) and refuses each request. The
// handshake alone cannot tell it from ssl_verify_client optional; only a
// request (http_request) shows it.
const nginxNoCert = "No required SSL certificate was sent"
