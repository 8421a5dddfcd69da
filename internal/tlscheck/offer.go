package tlscheck

import (
	"crypto/tls"
	"fmt"
	"slices"
	"strings"
)

// What CloudFront offers to custom origins, from AWS's CloudFront
// Developer Guide as of 2026:
//   - "Supported protocols and ciphers between CloudFront and the origin":
//     the 16 suites below (OpenSSL/s2n and RFC names), the curves
//     prime256v1, secp384r1 and X25519, and the signature schemes RSA
//     PKCS#1 and ECDSA with SHA-1/224/256/384/512 (no RSA-PSS);
//   - API Reference "OriginSslProtocols" and "Origin settings": the
//     protocols SSLv3, TLSv1, TLSv1.1, TLSv1.2, no TLS 1.3 to origins;
//     with SSLv3 CloudFront sends only SSLv3 handshakes;
//   - "Requirements for using SSL/TLS certificates with CloudFront": the
//     key types judged in verify.go.
//
// Each suite's minimum version is the protocol that defined it (RFC 5246
// for the GCM and SHA-256/384 suites, RFC 4492 for ECDHE): a hello leaves
// out suites its highest version cannot use, as OpenSSL and s2n do.

// suite is one cipher suite.
type suite struct {
	id         uint16
	openssl    string // the name AWS documents it under
	iana       string // the RFC name
	minVersion uint16
	stdlibCan  bool // crypto/tls implements it as a client
}

const versionSSL30 uint16 = 0x0300

// cloudFrontSuites is CloudFront's origin cipher list, in AWS's order.
var cloudFrontSuites = []suite{
	{0xc02c, "ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", tls.VersionTLS12, true},
	{0xc024, "ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", tls.VersionTLS12, false},
	{0xc00a, "ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", tls.VersionTLS10, true},
	{0xc02b, "ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", tls.VersionTLS12, true},
	{0xc023, "ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", tls.VersionTLS12, true},
	{0xc009, "ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", tls.VersionTLS10, true},
	{0xc030, "ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", tls.VersionTLS12, true},
	{0xc028, "ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", tls.VersionTLS12, false},
	{0xc014, "ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", tls.VersionTLS10, true},
	{0xc02f, "ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", tls.VersionTLS12, true},
	{0xc027, "ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", tls.VersionTLS12, true},
	{0xc013, "ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", tls.VersionTLS10, true},
	{0x0035, "AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", versionSSL30, true},
	{0x002f, "AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", versionSSL30, true},
	{0x000a, "DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", versionSSL30, true},
	{0x0004, "RC4-MD5", "TLS_RSA_WITH_RC4_128_MD5", versionSSL30, false},
}

// CloudFront's elliptic curves (supported_groups) and signature schemes
// (signature_algorithms, TLS 1.2 hash/signature pairs), in wire form.
var (
	cloudFrontGroups = []uint16{
		0x0017, // secp256r1 (prime256v1)
		0x0018, // secp384r1
		0x001d, // x25519
	}
	cloudFrontSigAlgs = []uint16{
		0x0401, 0x0501, 0x0601, 0x0301, 0x0201, // RSA PKCS#1 with SHA-256, 384, 512, 224, 1
		0x0403, 0x0503, 0x0603, 0x0303, 0x0203, // ECDSA with SHA-256, 384, 512, 224, 1
	}
)

// otherSigAlgs are the TLS 1.2 signature schemes crypto/tls has and
// CloudFront does not offer: only the diagnostic probe offers them, to
// tell an origin that signs only with these from one refusing for
// another reason.
var otherSigAlgs = []uint16{
	0x0804, 0x0805, 0x0806, // RSA-PSS (rsae) with SHA-256, 384, 512
	0x0807, // Ed25519
}

// otherSuites are suites CloudFront does NOT offer that origins commonly
// restrict themselves to. Only the diagnostic probe offers them, to name
// what such an origin wants; the probe stops before key exchange, so
// nothing here needs an implementation.
var otherSuites = []suite{
	{0xcca9, "ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", tls.VersionTLS12, true},
	{0xcca8, "ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", tls.VersionTLS12, true},
	{0xccaa, "DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", tls.VersionTLS12, false},
	{0x009f, "DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", tls.VersionTLS12, false},
	{0x009e, "DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", tls.VersionTLS12, false},
	{0x006b, "DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", tls.VersionTLS12, false},
	{0x0067, "DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", tls.VersionTLS12, false},
	{0x0039, "DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", versionSSL30, false},
	{0x0033, "DHE-RSA-AES128-SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", versionSSL30, false},
	{0x009d, "AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", tls.VersionTLS12, true},
	{0x009c, "AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", tls.VersionTLS12, true},
	{0x003d, "AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256", tls.VersionTLS12, false},
	{0x003c, "AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256", tls.VersionTLS12, true},
	{0xc0ad, "ECDHE-ECDSA-AES256-CCM", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", tls.VersionTLS12, false},
	{0xc0ac, "ECDHE-ECDSA-AES128-CCM", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", tls.VersionTLS12, false},
	{0x0005, "RC4-SHA", "TLS_RSA_WITH_RC4_128_SHA", versionSSL30, true},
}

// protocolVersions maps origin_ssl_protocols names to wire versions.
var protocolVersions = map[string]uint16{
	"SSLv3":   versionSSL30,
	"TLSv1":   tls.VersionTLS10,
	"TLSv1.1": tls.VersionTLS11,
	"TLSv1.2": tls.VersionTLS12,
}

// policyVersions returns, ascending, the wire versions of a policy.
func policyVersions(protocols []string) []uint16 {
	var vs []uint16
	for _, p := range protocols {
		if v, ok := protocolVersions[p]; ok && !slices.Contains(vs, v) {
			vs = append(vs, v)
		}
	}
	slices.Sort(vs)
	return vs
}

func lookupSuite(id uint16) (suite, bool) {
	for _, list := range [][]suite{cloudFrontSuites, otherSuites} {
		if i := slices.IndexFunc(list, func(s suite) bool { return s.id == id }); i >= 0 {
			return list[i], true
		}
	}
	return suite{}, false
}

// suiteName is the OpenSSL name, the one AWS documents.
func suiteName(id uint16) string {
	if s, ok := lookupSuite(id); ok {
		return s.openssl
	}
	return fmt.Sprintf("0x%04X", id)
}

// suiteIANA is the RFC name, for debug logs.
func suiteIANA(id uint16) string {
	if s, ok := lookupSuite(id); ok {
		return s.iana
	}
	return tls.CipherSuiteName(id)
}

// keyExchange is a suite's key exchange and authentication ("ECDHE-RSA",
// "ECDHE-ECDSA", "DHE-RSA", "RSA"): the part of a handshake that uses the
// origin's key.
func keyExchange(id uint16) string {
	name := suiteName(id)
	for _, kx := range []string{"ECDHE-ECDSA-", "ECDHE-RSA-", "DHE-RSA-"} {
		if strings.HasPrefix(name, kx) {
			return strings.TrimSuffix(kx, "-")
		}
	}
	return "RSA"
}

func isCloudFrontSuite(id uint16) bool {
	return slices.ContainsFunc(cloudFrontSuites, func(s suite) bool { return s.id == id })
}

// suitesFor lists the ids of list usable at version max, in order.
func suitesFor(list []suite, maxVersion uint16) []uint16 {
	var ids []uint16
	for _, s := range list {
		if s.minVersion <= maxVersion {
			ids = append(ids, s.id)
		}
	}
	return ids
}

func versionName(v uint16) string {
	switch v {
	case versionSSL30:
		return "SSLv3"
	case tls.VersionTLS10:
		return "TLSv1"
	case tls.VersionTLS11:
		return "TLSv1.1"
	case tls.VersionTLS12:
		return "TLSv1.2"
	case tls.VersionTLS13:
		return "TLSv1.3"
	default:
		return fmt.Sprintf("0x%04X", v)
	}
}

func versionNames(vs []uint16) string {
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = versionName(v)
	}
	return strings.Join(names, ", ")
}

func suiteNames(ids []uint16) []string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = suiteName(id)
	}
	return names
}
