package tlscheck

import (
	"crypto/rand"
	"crypto/tls"
	"net/netip"
	"slices"
)

// hello is what one ClientHello proposes.
//
// CloudFront is a TLS client: like OpenSSL and s2n it sends ONE hello at
// the highest version origin_ssl_protocols lists and accepts the server's
// choice when it is also listed. So does the probe: probing each version
// separately would pass origins on versions CloudFront never ends up
// using, and would hide a version-intolerant origin (one that hangs up on
// a TLS 1.2 hello instead of answering TLS 1.0), which fails with
// CloudFront too (no insecure version fallback is assumed). The one
// exception is AWS's: with only SSLv3 listed the hello is an SSLv3 hello.
type hello struct {
	serverName string
	versions   []uint16 // the policy, ascending
	suites     []uint16
	// moreSigAlgs are signature schemes offered beyond CloudFront's, by
	// the diagnostic probe only (RSA-PSS, Ed25519).
	moreSigAlgs []uint16
}

// sigAlgs are the signature schemes the hello offers in TLS 1.2.
func (h hello) sigAlgs() []uint16 { return slices.Concat(cloudFrontSigAlgs, h.moreSigAlgs) }

func (h hello) maxVersion() uint16 { return h.versions[len(h.versions)-1] }

// TLS record and handshake types (RFC 5246 section 6.2.1, 7.4).
const (
	recordAlert     uint8 = 21
	recordHandshake uint8 = 22

	msgHelloRequest       uint8 = 0
	msgClientHello        uint8 = 1
	msgServerHello        uint8 = 2
	msgCertificate        uint8 = 11
	msgServerKeyExchange  uint8 = 12
	msgCertificateRequest uint8 = 13
	msgServerHelloDone    uint8 = 14
	msgCertificateStatus  uint8 = 22

	extServerName           uint16 = 0x0000
	extSupportedGroups      uint16 = 0x000a
	extECPointFormats       uint16 = 0x000b
	extSignatureAlgorithms  uint16 = 0x000d
	extExtendedMasterSecret uint16 = 0x0017 // RFC 7627
	extSupportedVersions    uint16 = 0x002b
	extRenegotiationInfo    uint16 = 0xff01 // RFC 5746

	// suiteEmptyRenegotiationInfoSCSV is RFC 5746's signal of secure
	// renegotiation for hellos without extensions (SSLv3).
	suiteEmptyRenegotiationInfoSCSV uint16 = 0x00ff
)

// marshal returns the hello as one TLS record.
func (h hello) marshal() []byte {
	v := h.maxVersion()
	var random [32]byte
	_, _ = rand.Read(random[:])

	body := be16(nil, v)
	body = append(body, random[:]...)
	body = append(body, 0) // no session id: nothing to resume
	suites := h.suites
	if v == versionSSL30 {
		// No extensions in SSLv3: OpenSSL signals RFC 5746 secure
		// renegotiation with the SCSV instead. It is not a suite the
		// server may choose, so h.suites leaves it out.
		suites = append(slices.Clone(suites), suiteEmptyRenegotiationInfoSCSV)
	}
	body = be16(body, uint16(2*len(suites)))
	for _, s := range suites {
		body = be16(body, s)
	}
	body = append(body, 1, 0) // null compression only

	// SSLv3 (RFC 6101) has no extensions; an SSLv3-only client sends none.
	recordVersion := v
	if v > versionSSL30 {
		// TLS 1.0 on the record layer, as OpenSSL does, so that old
		// servers do not drop the hello before reading its version.
		recordVersion = tls.VersionTLS10
		body = appendExtensions(body, h)
	}

	msg := append([]byte{msgClientHello}, be24(nil, len(body))...)
	msg = append(msg, body...)
	rec := append([]byte{recordHandshake}, be16(nil, recordVersion)...)
	rec = be16(rec, uint16(len(msg)))
	return append(rec, msg...)
}

func appendExtensions(body []byte, h hello) []byte {
	var ext []byte
	// RFC 6066: SNI carries host names, never IP literals.
	if _, err := netip.ParseAddr(h.serverName); err != nil && h.serverName != "" {
		name := []byte(h.serverName)
		entry := append([]byte{0}, be16(nil, uint16(len(name)))...) // host_name
		entry = append(entry, name...)
		ext = extension(ext, extServerName, be16(nil, uint16(len(entry))), entry)
	}
	groups := be16(nil, uint16(2*len(cloudFrontGroups)))
	for _, g := range cloudFrontGroups {
		groups = be16(groups, g)
	}
	ext = extension(ext, extSupportedGroups, groups)
	ext = extension(ext, extECPointFormats, []byte{1, 0}) // uncompressed
	// As OpenSSL and s2n-tls send them in every TLS 1.0-1.2 hello: an
	// origin that requires the extended master secret (RFC 7627) or secure
	// renegotiation (RFC 5746; an initial hello's renegotiated_connection
	// is empty) refuses a hello without them, and CloudFront's gets through.
	ext = extension(ext, extExtendedMasterSecret)
	ext = extension(ext, extRenegotiationInfo, []byte{0})
	// RFC 5246 7.4.1.4.1: signature_algorithms only in TLS 1.2 hellos.
	if h.maxVersion() >= tls.VersionTLS12 {
		algs := be16(nil, uint16(2*len(h.sigAlgs())))
		for _, a := range h.sigAlgs() {
			algs = be16(algs, a)
		}
		ext = extension(ext, extSignatureAlgorithms, algs)
	}
	body = be16(body, uint16(len(ext)))
	return append(body, ext...)
}

func extension(b []byte, typ uint16, parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	b = be16(b, typ)
	b = be16(b, uint16(n))
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

func be16(b []byte, v uint16) []byte { return append(b, byte(v>>8), byte(v)) }

func be24(b []byte, v int) []byte { return append(b, byte(v>>16), byte(v>>8), byte(v)) }
