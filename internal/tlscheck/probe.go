package tlscheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"time"
)

// suite is one cipher suite CloudFront offers to origins
// ("Supported protocols and ciphers between CloudFront and the origin").
type suite struct {
	id      uint16
	openssl string // the name AWS documents it under
	goCan   bool   // crypto/tls implements it as a client
}

// cloudFrontSuites is CloudFront's origin cipher list, in its order.
var cloudFrontSuites = []suite{
	{0xc02c, "ECDHE-ECDSA-AES256-GCM-SHA384", true},
	{0xc024, "ECDHE-ECDSA-AES256-SHA384", false},
	{0xc00a, "ECDHE-ECDSA-AES256-SHA", true},
	{0xc02b, "ECDHE-ECDSA-AES128-GCM-SHA256", true},
	{0xc023, "ECDHE-ECDSA-AES128-SHA256", true},
	{0xc009, "ECDHE-ECDSA-AES128-SHA", true},
	{0xc030, "ECDHE-RSA-AES256-GCM-SHA384", true},
	{0xc028, "ECDHE-RSA-AES256-SHA384", false},
	{0xc014, "ECDHE-RSA-AES256-SHA", true},
	{0xc02f, "ECDHE-RSA-AES128-GCM-SHA256", true},
	{0xc027, "ECDHE-RSA-AES128-SHA256", true},
	{0xc013, "ECDHE-RSA-AES128-SHA", true},
	{0x0035, "AES256-SHA", true},
	{0x002f, "AES128-SHA", true},
	{0x000a, "DES-CBC3-SHA", true},
	{0x0004, "RC4-MD5", false},
}

// offeredSuites are the CloudFront suites the Go probe can offer. Go leaves
// RSA key exchange and 3DES out of its defaults, so they are listed here
// explicitly.
func offeredSuites() []uint16 {
	var ids []uint16
	for _, s := range cloudFrontSuites {
		if s.goCan {
			ids = append(ids, s.id)
		}
	}
	return ids
}

// unprobedSuites names the CloudFront suites the Go probe cannot offer.
func unprobedSuites() string {
	var names []string
	for _, s := range cloudFrontSuites {
		if !s.goCan {
			names = append(names, s.openssl)
		}
	}
	return strings.Join(names, ", ")
}

// allGoSuites is every TLS 1.0-1.2 suite Go implements, for the diagnostic
// probe that finds what an origin accepts instead.
func allGoSuites() []uint16 {
	var ids []uint16
	for _, s := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		if !slices.Equal(s.SupportedVersions, []uint16{tls.VersionTLS13}) {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

func suiteName(id uint16) string {
	for _, s := range cloudFrontSuites {
		if s.id == id {
			return s.openssl
		}
	}
	return tls.CipherSuiteName(id)
}

func isCloudFrontSuite(id uint16) bool {
	return slices.ContainsFunc(cloudFrontSuites, func(s suite) bool { return s.id == id })
}

// protocolVersions maps origin_ssl_protocols names to wire versions; SSLv3
// has none because Go cannot speak it.
var protocolVersions = map[string]uint16{
	"TLSv1":   tls.VersionTLS10,
	"TLSv1.1": tls.VersionTLS11,
	"TLSv1.2": tls.VersionTLS12,
}

func versionName(v uint16) string {
	switch v {
	case tls.VersionTLS10:
		return "TLSv1"
	case tls.VersionTLS11:
		return "TLSv1.1"
	case tls.VersionTLS12:
		return "TLSv1.2"
	case tls.VersionTLS13:
		return "TLSv1.3"
	default:
		return tls.VersionName(v)
	}
}

func versionNames(vs []uint16) string {
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = versionName(v)
	}
	return strings.Join(names, ", ")
}

// offer is what one ClientHello proposes.
type offer struct {
	serverName string
	versions   []uint16 // ascending
	suites     []uint16
}

// session is what a completed handshake established.
type session struct {
	version uint16
	suite   uint16
	certs   []*x509.Certificate // as sent, leaf first
}

// handshaker performs one handshake with addr offering o and returns what
// the origin chose. Errors wrap tls.AlertError when the origin answered
// with an alert, and connectError when no TCP connection was made. It is
// the seam where a hand-built CloudFront ClientHello (SSLv3, the suites Go
// lacks, no RSA-PSS) replaces crypto/tls.
type handshaker func(ctx context.Context, addr netip.AddrPort, o offer) (session, error)

// connectError marks a failure to open the TCP connection.
type connectError struct{ err error }

func (e connectError) Error() string { return e.err.Error() }
func (e connectError) Unwrap() error { return e.err }

// goHandshake is the crypto/tls handshaker. crypto/tls cannot leave a
// version out of the middle of a range, so the caller checks that the
// version chosen is one of those offered.
func goHandshake(ctx context.Context, addr netip.AddrPort, o offer) (session, error) {
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", addr.String())
	if err != nil {
		return session{}, connectError{err}
	}
	defer raw.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = raw.SetDeadline(dl)
	}
	conn := tls.Client(raw, &tls.Config{
		ServerName: o.serverName,
		// The chain is verified as sent by verifyChain, with findings
		// crypto/tls would collapse into one error.
		InsecureSkipVerify: true,
		MinVersion:         o.versions[0],
		MaxVersion:         o.versions[len(o.versions)-1],
		CipherSuites:       o.suites,
		CurvePreferences:   []tls.CurveID{tls.CurveP256, tls.CurveP384, tls.X25519},
	})
	if err := conn.HandshakeContext(ctx); err != nil {
		return session{}, remoteAlert(err)
	}
	st := conn.ConnectionState()
	return session{version: st.Version, suite: st.CipherSuite, certs: st.PeerCertificates}, nil
}

// remoteAlert exposes an alert received from the origin as tls.AlertError:
// crypto/tls reports it as a net.OpError around an unexported uint8 type.
func remoteAlert(err error) error {
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "remote error" {
		return err
	}
	if v := reflect.ValueOf(op.Err); v.Kind() == reflect.Uint8 {
		return alertError{tls.AlertError(v.Uint())}
	}
	return err
}

type alertError struct{ alert tls.AlertError }

func (e alertError) Error() string {
	return "the origin sent alert " + strings.TrimPrefix(e.alert.Error(), "tls: ")
}
func (e alertError) Unwrap() error { return e.alert }

// TLS alert codes (RFC 8446 section 6) that crypto/tls does not export.
const (
	alertHandshakeFailure     tls.AlertError = 40
	alertProtocolVersion      tls.AlertError = 70
	alertInsufficientSecurity tls.AlertError = 71
)

// defaultTimeout bounds the stage when the caller's context has no
// deadline: CloudFront's own connection timeout is at most 10 s.
const defaultTimeout = 10 * time.Second
