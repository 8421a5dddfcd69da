package tlscheck

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"slices"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// diagnose names why CloudFront's hello h was refused with err. It asks
// again with the hello widened to TLS 1.2, to suites CloudFront does not
// offer, to RSA-PSS and Ed25519 signature schemes, to crypto/tls's whole
// hello, to the P-521 curve, then to TLS 1.3: what the
// origin accepts then tells protocol from cipher problems even when it
// hangs up without a telling alert.
func diagnose(ctx context.Context, ap netip.AddrPort, h hello, err error) *refusal {
	r := &refusal{err: err, id: report.TLSHandshakeFailed}
	if errors.As(err, new(connectError)) {
		r.detail = "could not connect: " + describe(err)
		return r
	}
	if ctx.Err() != nil || errors.Is(err, os.ErrDeadlineExceeded) {
		r.detail = "no handshake answer before the deadline (the origin accepted the TCP connection but did not complete the TLS handshake)"
		return r
	}
	r.detail = fmt.Sprintf("offered %s with CloudFront's %d cipher suites, %s", versionName(h.maxVersion()), len(h.suites), describe(err))
	if errors.As(err, new(violationError)) {
		return r
	}

	if h.maxVersion() < tls.VersionTLS12 {
		wide := hello{serverName: h.serverName, versions: []uint16{tls.VersionTLS12}, suites: suitesFor(cloudFrontSuites, tls.VersionTLS12)}
		if f, werr := probe(ctx, ap, wide, nil); werr == nil {
			r.id, r.detail = report.TLSNoCommonProtocol, r.detail+"; offered TLSv1.2, it chose "+versionName(f.version)
			return r
		}
	}
	wide := h
	wide.suites = slices.Concat(h.suites, suitesFor(otherSuites, h.maxVersion()))
	if f, werr := probe(ctx, ap, wide, nil); werr == nil && !isCloudFrontSuite(f.suite) {
		r.id, r.detail = report.TLSNoCommonCipher, r.detail+"; offered suites CloudFront lacks too, it chose "+suiteName(f.suite)+", which CloudFront does not offer"
		return r
	}
	if h.maxVersion() >= tls.VersionTLS12 {
		// CloudFront's hello with the signature schemes crypto/tls also
		// has (RSA-PSS, Ed25519): an answer now means those made the
		// difference, and names the one the origin signs with.
		sig := h
		sig.moreSigAlgs = otherSigAlgs
		if f, werr := probe(ctx, ap, sig, nil); werr == nil && len(f.certs) > 0 {
			r.certs = f.certs
			r.detail += "; offered RSA-PSS and Ed25519 signature schemes too, the origin chose " + versionName(f.version) + ", " + suiteName(f.suite) +
				signedWith(f.sigAlg) + ": the origin's certificate key or signature schemes are outside CloudFront's offer (RSA PKCS#1 and ECDSA only)"
			return r
		}
	}
	if h.maxVersion() >= tls.VersionTLS10 {
		// Same versions, suites and curves from crypto/tls, whose hello
		// differs from CloudFront's in more than signature schemes (those
		// alone were ruled out above): success means the origin wants
		// something else of the hello that CloudFront's lacks, such as an
		// extension; the certificate can still be judged.
		// Only CloudFront's curves: with crypto/tls's own (P-521 too) an
		// origin that accepts nothing else would pass here.
		if st, werr := stdlibHandshake(ctx, ap, nil, &tls.Config{ServerName: h.serverName, MinVersion: max(h.versions[0], tls.VersionTLS10), MaxVersion: h.maxVersion(),
			CurvePreferences: cloudFrontCurves}); werr == nil && isCloudFrontSuite(st.CipherSuite) {
			r.certs = st.PeerCertificates
			r.detail += "; crypto/tls negotiates " + versionName(st.Version) + ", " + suiteName(st.CipherSuite) +
				" with the same versions, suites and curves, while CloudFront's hello with RSA-PSS and Ed25519 signatures added is still refused: " +
				"the origin requires something of the hello other than signature schemes that CloudFront's lacks (an extension crypto/tls sends, such as session_ticket, status_request or signed_certificate_timestamp); " +
				"CloudFront's hello carries server_name, supported_groups, ec_point_formats, extended_master_secret, renegotiation_info and signature_algorithms only"
			return r
		}
		// Then CloudFront's curves and P-521, the one other curve
		// crypto/tls has below TLS 1.3: a handshake over P-521 means the
		// origin takes ECDHE only over a curve CloudFront lacks. That is
		// tls.no_common_cipher: every suite both accept is ECDHE, and an
		// ECDHE suite without a common curve cannot be negotiated, so no
		// suite is shared in practice; the fix is the origin's cipher and
		// curve configuration (ssl_ecdh_curve, ecdhCurve), not the
		// certificate.
		if st, werr := stdlibHandshake(ctx, ap, nil, &tls.Config{ServerName: h.serverName, MinVersion: max(h.versions[0], tls.VersionTLS10), MaxVersion: h.maxVersion(),
			CurvePreferences: append(slices.Clone(cloudFrontCurves), tls.CurveP521)}); werr == nil && isCloudFrontSuite(st.CipherSuite) && !slices.Contains(cloudFrontCurves, st.CurveID) {
			r.certs = st.PeerCertificates
			r.id = report.TLSNoCommonCipher
			r.detail += fmt.Sprintf("; offered CloudFront's curves and %s too, the origin negotiates %s, %s over %s: it accepts ECDHE only over %s, and CloudFront offers prime256v1, secp384r1 and X25519",
				curveName(tls.CurveP521), versionName(st.Version), suiteName(st.CipherSuite), curveName(st.CurveID), curveName(st.CurveID))
			return r
		}
	}
	// Only now, CloudFront's offer having failed, a separate TLS 1.3
	// hello: AWS's pages disagree on whether CloudFront uses TLS 1.3 to
	// origins, so a TLS 1.3-only origin is a warning (tls.tls13_only).
	if st, asked, err := stdlibHandshakeTLS13(ctx, ap, h.serverName); err == nil {
		r.id, r.certs = report.TLSTLS13Only, st.PeerCertificates
		r.tls13 = &tls13Answer{suite: st.CipherSuite, clientCertAsked: asked}
		r.detail += "; offered TLSv1.3 in a separate hello, it completes TLSv1.3, " + tls.CipherSuiteName(st.CipherSuite)
		return r
	}

	var alert tls.AlertError
	if errors.As(err, &alert) {
		switch alert {
		case alertProtocolVersion:
			r.id = report.TLSNoCommonProtocol
		case alertHandshakeFailure, alertInsufficientSecurity:
			r.id, r.detail = report.TLSNoCommonCipher, r.detail+" (the usual answer when no cipher suite is shared)"
		}
	}
	return r
}

// signedWith names the TLS 1.2 signature scheme of a key exchange, if any.
func signedWith(alg uint16) string {
	if alg == 0 {
		return ""
	}
	return " signing its key exchange with " + tls.SignatureScheme(alg).String()
}

// curveName names a curve as AWS and OpenSSL do, with its NIST name.
func curveName(c tls.CurveID) string {
	switch c {
	case tls.CurveP256:
		return "P-256 (prime256v1)"
	case tls.CurveP384:
		return "P-384 (secp384r1)"
	case tls.CurveP521:
		return "P-521 (secp521r1)"
	case tls.X25519:
		return "X25519"
	default:
		return c.String()
	}
}
