package tlscheck

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Bounds on what the probe reads from an origin, so that a hostile or
// broken server cannot make it allocate or loop without limit.
const (
	// maxRecord is the largest TLSCiphertext (RFC 5246 6.2.3); the server's
	// first flight is plaintext, limited to 2^14, but some stacks pad.
	maxRecord = 1<<14 + 2048
	// maxHandshakeMessage caps one handshake message, in practice the
	// Certificate chain: real chains are a few KiB.
	maxHandshakeMessage = 64 << 10
	// maxRecords stops a server that trickles empty records.
	maxRecords = 256
)

// flight is what the origin answered to a hello, up to ServerHelloDone.
type flight struct {
	version uint16
	suite   uint16
	certs   []*x509.Certificate // exactly as sent, leaf first
	// curve is the ECDHE group of ServerKeyExchange, 0 for other suites.
	curve uint16
	// sigAlg is the TLS 1.2 ServerKeyExchange signature scheme, 0 if none.
	sigAlg uint16
	// certRequest is the origin's CertificateRequest, nil if it asked for
	// no client certificate.
	certRequest *certRequest
}

// certRequest is what a CertificateRequest announced. Whether the origin
// requires the certificate or only asks for it is not in the message: it
// shows when a client goes on without one (handshakeAnswer.clientAuth).
type certRequest struct {
	// caNames are the first maxCANames acceptable CA distinguished names,
	// as RFC 4514 strings, in the order announced; a name that does not
	// parse is described instead.
	caNames []string
	// caCount counts every name announced, kept or not.
	caCount int
}

// Bounds on what a CertificateRequest's CA list may cost: the message is
// already capped by maxHandshakeMessage, this caps parsing and messages.
const (
	maxCANames   = 16
	maxCANameLen = 256
)

// violationError is an answer no conforming client would accept: a
// malformed or oversized message, or a choice the hello did not offer.
// CloudFront would abort the handshake on it.
type violationError struct{ msg string }

func (e violationError) Error() string { return e.msg }

func violation(format string, args ...any) error {
	return violationError{fmt.Sprintf(format, args...)}
}

// readFlight reads the server's answer to h from r and stops at
// ServerHelloDone: no key exchange is needed for the verdict. Errors wrap
// tls.AlertError for a fatal alert and violationError for a bad answer.
func readFlight(r io.Reader, h hello) (flight, error) {
	var (
		f        flight
		buf      []byte // handshake bytes not yet parsed
		gotHello bool
		header   [5]byte
	)
	for range maxRecords {
		if _, err := io.ReadFull(r, header[:]); err != nil {
			return f, readError(err, "a record header")
		}
		typ, length := header[0], int(binary.BigEndian.Uint16(header[3:5]))
		if bytes.HasPrefix(header[:], []byte("HTTP/")) {
			return f, violation("the origin answered in plain HTTP (%q...): an HTTP server listens on the HTTPS port, not TLS", header[:])
		}
		if header[1] != 3 {
			return f, violation("the origin answered with a record of version 0x%02X%02X: not SSL 3.0/TLS (is it TLS on this port?)", header[1], header[2])
		}
		if length > maxRecord {
			return f, violation("the origin sent a %d-byte record, more than TLS allows (%d)", length, maxRecord)
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			return f, readError(err, "a record")
		}
		switch typ {
		case recordAlert:
			if err := alert(body); err != nil {
				return f, err
			}
			continue
		case recordHandshake:
		default:
			return f, violation("the origin sent a record of type %d before ServerHelloDone", typ)
		}
		buf = append(buf, body...)
		for len(buf) >= 4 {
			msgType, msgLen := buf[0], int(buf[1])<<16|int(buf[2])<<8|int(buf[3])
			if msgLen > maxHandshakeMessage {
				what := fmt.Sprintf("handshake message %d", msgType)
				if msgType == msgCertificate {
					what = "certificate chain"
				}
				return f, violation("the origin's %s is %d bytes, more than the %d KiB this probe accepts", what, msgLen, maxHandshakeMessage>>10)
			}
			if len(buf) < 4+msgLen {
				break
			}
			msg := buf[4 : 4+msgLen]
			buf = buf[4+msgLen:]
			if !gotHello && msgType != msgServerHello {
				return f, violation("the origin sent handshake message %d instead of ServerHello", msgType)
			}
			var err error
			switch msgType {
			case msgServerHello:
				if gotHello {
					return f, violation("the origin sent a second ServerHello")
				}
				gotHello = true
				err = f.parseServerHello(msg, h)
			case msgCertificate:
				f.certs, err = parseCertificates(msg)
			case msgServerKeyExchange:
				err = f.parseServerKeyExchange(msg, h)
			case msgServerHelloDone:
				if len(buf) > 0 {
					return f, violation("the origin sent data after ServerHelloDone")
				}
				if f.curve == 0 && strings.HasPrefix(suiteName(f.suite), "ECDHE-") {
					return f, violation("the origin chose %s but sent no ServerKeyExchange", suiteName(f.suite))
				}
				return f, nil
			case msgCertificateRequest:
				f.certRequest, err = parseCertificateRequest(msg, f.version)
			case msgCertificateStatus, msgHelloRequest:
				// Not needed for the verdict.
			default:
				err = violation("the origin sent unexpected handshake message %d", msgType)
			}
			if err != nil {
				return f, err
			}
		}
	}
	return f, violation("the origin sent more than %d records without ServerHelloDone", maxRecords)
}

func readError(err error, what string) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("the origin closed the connection in the middle of %s: %w", what, err)
	}
	return err
}

// alert returns the error a fatal alert means, nil for a warning the
// handshake survives (unrecognized_name, as some servers send).
func alert(body []byte) error {
	if len(body) != 2 {
		return violation("the origin sent a malformed alert record (%d bytes)", len(body))
	}
	level, desc := body[0], body[1]
	if level == 1 && desc != 0 {
		return nil
	}
	return alertError{tls.AlertError(desc)}
}

func (f *flight) parseServerHello(m []byte, h hello) error {
	p := parser(m)
	version, random, sid := p.u16(), p.bytes(32), p.vec8()
	f.version, f.suite = version, p.u16()
	compression := p.u8()
	if random == nil || sid == nil || p.short || len(sid) > 32 {
		return violation("the origin sent a malformed ServerHello")
	}
	if len(p.rest) > 0 {
		exts := p.vec16()
		if exts == nil || len(p.rest) > 0 {
			return violation("the origin sent a malformed ServerHello extension block")
		}
		for e := parser(exts); len(e.rest) > 0; {
			typ, data := e.u16(), e.vec16()
			if e.short || data == nil {
				return violation("the origin sent a malformed ServerHello extension")
			}
			if typ == extSupportedVersions {
				return violation("the origin answered with TLS 1.3 (supported_versions), which was not offered")
			}
		}
	}
	switch {
	case version > h.maxVersion() || version < versionSSL30:
		return violation("the origin chose version %s, which the hello (up to %s) did not offer", versionName(version), versionName(h.maxVersion()))
	case !slices.Contains(h.suites, f.suite):
		return violation("the origin chose cipher suite %s (%s), which was not offered", suiteName(f.suite), suiteIANA(f.suite))
	case compression != 0:
		return violation("the origin chose compression method %d; only null was offered", compression)
	}
	if s, ok := lookupSuite(f.suite); ok && s.minVersion > version {
		return violation("the origin chose %s with %s, which that version cannot use", suiteName(f.suite), versionName(version))
	}
	return nil
}

// parseCertificates parses a Certificate message, keeping the order sent.
func parseCertificates(m []byte) ([]*x509.Certificate, error) {
	p := parser(m)
	list := p.vec24()
	if list == nil || len(p.rest) > 0 {
		return nil, violation("the origin sent a malformed Certificate message")
	}
	var certs []*x509.Certificate
	for l := parser(list); len(l.rest) > 0; {
		der := l.vec24()
		if len(der) == 0 {
			return nil, violation("the origin sent a malformed certificate entry")
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, violation("certificate #%d the origin sent does not parse: %v", len(certs)+1, err)
		}
		certs = append(certs, c)
	}
	return certs, nil
}

// parseCertificateRequest parses a CertificateRequest (RFC 5246 7.4.4;
// RFC 4346 7.4.4 and RFC 6101 5.6.4 for TLS 1.1, 1.0 and SSLv3, which have
// no supported_signature_algorithms). A malformed message is a violation,
// since every client aborts on it; a CA name that is not a DER
// distinguished name is only described, as some clients skip over it.
func parseCertificateRequest(m []byte, version uint16) (*certRequest, error) {
	p := parser(m)
	types := p.vec8()
	if version >= tls.VersionTLS12 {
		if algs := p.vec16(); algs == nil || len(algs)%2 != 0 {
			return nil, violation("the origin sent a malformed CertificateRequest (signature algorithms)")
		}
	}
	cas := p.vec16()
	if types == nil || cas == nil || len(p.rest) > 0 {
		return nil, violation("the origin sent a malformed CertificateRequest")
	}
	r := &certRequest{}
	for l := parser(cas); len(l.rest) > 0; {
		der := l.vec16()
		if len(der) == 0 {
			return nil, violation("the origin sent a malformed CA name in its CertificateRequest")
		}
		r.caCount++
		if len(r.caNames) < maxCANames {
			r.caNames = append(r.caNames, distinguishedName(der))
		}
	}
	return r, nil
}

// distinguishedName renders a DER Name as RFC 4514 text, bounded.
func distinguishedName(der []byte) string {
	var rdns pkix.RDNSequence
	rest, err := asn1.Unmarshal(der, &rdns)
	if err != nil || len(rest) > 0 {
		return fmt.Sprintf("(a %d-byte name that is not a distinguished name)", len(der))
	}
	s := rdns.String()
	if s == "" {
		return "(an empty name)"
	}
	if len(s) > maxCANameLen {
		s = strings.ToValidUTF8(s[:maxCANameLen], "") + "..."
	}
	return s
}

// parseServerKeyExchange checks an ECDHE key exchange against CloudFront's
// offer: a group it listed and, in TLS 1.2, a signature scheme it listed
// (an RSA-PSS-only origin fails here though crypto/tls would accept it).
func (f *flight) parseServerKeyExchange(m []byte, h hello) error {
	if !strings.HasPrefix(suiteName(f.suite), "ECDHE-") {
		return nil
	}
	p := parser(m)
	curveType, curve, point := p.u8(), p.u16(), p.vec8()
	if p.short || point == nil || curveType != 3 {
		return violation("the origin sent a malformed or non-named-curve ECDHE ServerKeyExchange")
	}
	f.curve = curve
	if !slices.Contains(cloudFrontGroups, curve) {
		return violation("the origin chose elliptic curve %s, which CloudFront does not offer", tls.CurveID(curve))
	}
	if f.version >= tls.VersionTLS12 {
		f.sigAlg = p.u16()
		if p.short {
			return violation("the origin sent a ServerKeyExchange without a signature")
		}
		if !slices.Contains(h.sigAlgs(), f.sigAlg) {
			return violation("the origin signed its key exchange with %s, a signature scheme CloudFront does not offer (only RSA PKCS#1 and ECDSA)", tls.SignatureScheme(f.sigAlg))
		}
	}
	return nil
}

// parserState reads big-endian fields; after a read past the end, short
// is set and every further read returns zero or nil.
type parserState struct {
	rest  []byte
	short bool
}

func parser(b []byte) *parserState { return &parserState{rest: b} }

func (p *parserState) bytes(n int) []byte {
	if p.short || n > len(p.rest) {
		p.short = true
		return nil
	}
	b := p.rest[:n:n]
	p.rest = p.rest[n:]
	return b
}

func (p *parserState) uint(n int) int {
	v := 0
	for _, c := range p.bytes(n) {
		v = v<<8 | int(c)
	}
	return v
}

func (p *parserState) u8() uint8   { return uint8(p.uint(1)) }
func (p *parserState) u16() uint16 { return uint16(p.uint(2)) }

// vecN reads a vector with an N-byte length prefix; nil when truncated,
// a non-nil empty slice for an empty vector.
func (p *parserState) vec(n int) []byte {
	l := p.uint(n)
	if p.short {
		return nil
	}
	b := p.bytes(l)
	if b == nil && !p.short {
		b = []byte{}
	}
	return b
}

func (p *parserState) vec8() []byte  { return p.vec(1) }
func (p *parserState) vec16() []byte { return p.vec(2) }
func (p *parserState) vec24() []byte { return p.vec(3) }
