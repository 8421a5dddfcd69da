package tlscheck

import (
	"bytes"
	"crypto/tls"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/pki"
)

// recordApplicationData is the record type a server may not send before its
// first flight ends (RFC 5246 section 6.2.1); the probe never sends it.
const recordApplicationData uint8 = 23

// Builders for a server's first flight, to feed the parser what real and
// broken servers send.

// record wraps body in a record with version TLS 1.2, as servers send.
func record(typ uint8, body []byte) []byte {
	r := append([]byte{typ}, be16(nil, tls.VersionTLS12)...)
	r = be16(r, uint16(len(body)))
	return append(r, body...)
}

func handshake(typ uint8, body []byte) []byte {
	return append(append([]byte{typ}, be24(nil, len(body))...), body...)
}

func serverHello(version, suite uint16, exts []byte) []byte {
	b := be16(nil, version)
	b = append(b, make([]byte, 32)...)
	b = append(b, 0)
	b = be16(b, suite)
	b = append(b, 0)
	if exts != nil {
		b = be16(b, uint16(len(exts)))
		b = append(b, exts...)
	}
	return handshake(msgServerHello, b)
}

func certificate(ders ...[]byte) []byte {
	var list []byte
	for _, d := range ders {
		list = append(be24(list, len(d)), d...)
	}
	return handshake(msgCertificate, append(be24(nil, len(list)), list...))
}

func ecdheKeyExchange(curve, sigAlg uint16) []byte {
	b := append([]byte{3}, be16(nil, curve)...)
	b = append(b, 65)
	b = append(b, make([]byte, 65)...)
	b = be16(b, sigAlg)
	b = be16(b, 4)
	return handshake(msgServerKeyExchange, append(b, 1, 2, 3, 4))
}

var helloDone = handshake(msgServerHelloDone, nil)

// certificateRequest builds a CertificateRequest in version's format:
// supported_signature_algorithms only from TLS 1.2.
func certificateRequest(version uint16, cas ...[]byte) []byte {
	b := []byte{2, 1, 64} // rsa_sign, ecdsa_sign
	if version >= tls.VersionTLS12 {
		b = be16(b, 4)
		b = be16(b, 0x0401)
		b = be16(b, 0x0403)
	}
	var list []byte
	for _, ca := range cas {
		list = append(be16(list, uint16(len(ca))), ca...)
	}
	b = be16(b, uint16(len(list)))
	return handshake(msgCertificateRequest, append(b, list...))
}

// dn is the DER distinguished name of a CA with this CN, of organization Example.
func dn(t testing.TB, cn string) []byte {
	t.Helper()
	der, err := asn1.Marshal(pkix.Name{CommonName: cn, Organization: []string{"Example"}}.ToRDNSequence())
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// testHello is CloudFront's default offer: TLS 1.2 and its suites.
var testHello = hello{serverName: "www.example.test", versions: []uint16{tls.VersionTLS12}, suites: suitesFor(cloudFrontSuites, tls.VersionTLS12)}

func leafDER(t testing.TB) []byte {
	t.Helper()
	c, err := pki.SelfSigned("www.example.test")
	if err != nil {
		t.Fatal(err)
	}
	return c.Cert.Raw
}

func TestReadFlight(t *testing.T) {
	der := leafDER(t)
	const v12 = tls.VersionTLS12
	good := slices.Concat(serverHello(v12, 0xc02f, nil), certificate(der), ecdheKeyExchange(0x0017, 0x0401), helloDone)
	big := make([]byte, maxHandshakeMessage+1)

	cases := []struct {
		name    string
		in      []byte
		wantErr string // "" for success
		// alert is the fatal alert the error must wrap, -1 for none.
		alert int
	}{
		{name: "one record", in: record(recordHandshake, good)},
		{name: "one record per message, extensions", in: slices.Concat(
			record(recordHandshake, serverHello(v12, 0xc02f, extension(nil, 0xff01, []byte{0}))),
			record(recordHandshake, certificate(der)),
			record(recordHandshake, ecdheKeyExchange(0x001d, 0x0403)),
			record(recordHandshake, helloDone))},
		{name: "message split across records", in: slices.Concat(record(recordHandshake, good[:50]), record(recordHandshake, good[50:]))},
		{name: "warning alert then flight", in: slices.Concat(record(recordAlert, []byte{1, 112}), record(recordHandshake, good))},
		{name: "RSA key exchange, no ServerKeyExchange", in: record(recordHandshake, slices.Concat(serverHello(v12, 0x002f, nil), certificate(der), helloDone))},
		{name: "fatal alert", in: record(recordAlert, []byte{2, 40}), wantErr: "alert handshake failure", alert: 40},
		{name: "close_notify", in: record(recordAlert, []byte{1, 0}), wantErr: "close notify", alert: 0},
		{name: "empty answer", in: nil, wantErr: "EOF", alert: -1},
		{name: "truncated record", in: record(recordHandshake, good)[:40], wantErr: "in the middle of a record", alert: -1},
		{name: "flight without ServerHelloDone", in: record(recordHandshake, good[:len(good)-4]), wantErr: "EOF", alert: -1},
		{name: "HTTP instead of TLS", in: []byte("HTTP/1.1 400 Bad Request\r\n\r\n"), wantErr: "plain HTTP", alert: -1},
		{name: "oversized record", in: append([]byte{recordHandshake, 3, 3, 0x48, 0x01}, make([]byte, 100)...), wantErr: "more than TLS allows", alert: -1},
		{name: "oversized certificate chain", in: record(recordHandshake, append([]byte{msgCertificate}, be24(nil, len(big))...)), wantErr: "certificate chain is 65537 bytes, more than the 64 KiB", alert: -1},
		{name: "certificate before ServerHello", in: record(recordHandshake, certificate(der)), wantErr: "instead of ServerHello", alert: -1},
		{name: "application data", in: record(recordApplicationData, []byte{1}), wantErr: "record of type 23", alert: -1},
		{name: "TLS 1.3 answer", in: record(recordHandshake, serverHello(v12, 0x1301, extension(nil, extSupportedVersions, be16(nil, tls.VersionTLS13)))), wantErr: "TLS 1.3 (supported_versions)", alert: -1},
		{name: "suite not offered", in: record(recordHandshake, serverHello(v12, 0xcca8, nil)), wantErr: "ECDHE-RSA-CHACHA20-POLY1305 (TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256), which was not offered", alert: -1},
		{name: "version above the offer", in: record(recordHandshake, serverHello(tls.VersionTLS13, 0xc02f, nil)), wantErr: "chose version TLSv1.3", alert: -1},
		{name: "TLS 1.2 suite with TLS 1.0", in: record(recordHandshake, serverHello(tls.VersionTLS10, 0xc02f, nil)), wantErr: "which that version cannot use", alert: -1},
		{name: "RSA-PSS signature", in: record(recordHandshake, slices.Concat(serverHello(v12, 0xc02f, nil), certificate(der), ecdheKeyExchange(0x0017, 0x0804))), wantErr: "PSSWithSHA256, a signature scheme CloudFront does not offer", alert: -1},
		{name: "curve not offered", in: record(recordHandshake, slices.Concat(serverHello(v12, 0xc02f, nil), certificate(der), ecdheKeyExchange(0x0019, 0x0401))), wantErr: "curve CurveP521, which CloudFront does not offer", alert: -1},
		{name: "ECDHE without ServerKeyExchange", in: record(recordHandshake, slices.Concat(serverHello(v12, 0xc02f, nil), certificate(der), helloDone)), wantErr: "sent no ServerKeyExchange", alert: -1},
		{name: "garbage certificate", in: record(recordHandshake, slices.Concat(serverHello(v12, 0x002f, nil), certificate([]byte{1, 2, 3}))), wantErr: "certificate #1 the origin sent does not parse", alert: -1},
		{name: "truncated ServerHello", in: record(recordHandshake, handshake(msgServerHello, []byte{3, 3, 0})), wantErr: "malformed ServerHello", alert: -1},
		{name: "trickle of empty records", in: bytes.Repeat(record(recordHandshake, nil), maxRecords+1), wantErr: "more than 256 records", alert: -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := readFlight(bytes.NewReader(tc.in), testHello)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if f.version != v12 || len(f.certs) != 1 || !bytes.Equal(f.certs[0].Raw, der) {
					t.Errorf("flight %+v", f)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want %q", err, tc.wantErr)
			}
			got := -1
			if alert := tls.AlertError(0); errors.As(err, &alert) {
				got = int(alert)
			}
			if got != tc.alert {
				t.Errorf("alert %d, want %d", got, tc.alert)
			}
		})
	}
}

// TestReadFlightCertificateRequest: a CertificateRequest in each
// version's format gives the CA names announced, bounded; a malformed one
// is a violation, a name that is not a DN only described.
func TestReadFlightCertificateRequest(t *testing.T) {
	der := leafDER(t)
	ca1, ca2 := dn(t, "Test Client CA"), dn(t, "Other Client CA")
	var many [][]byte
	for i := range maxCANames + 4 {
		many = append(many, dn(t, fmt.Sprintf("CA %02d", i)))
	}
	long := dn(t, strings.Repeat("x", 400))
	withCR := func(version, suite uint16, cr []byte) []byte {
		return record(recordHandshake, slices.Concat(serverHello(version, suite, nil), certificate(der), cr, helloDone))
	}
	tls10 := hello{serverName: "www.example.test", versions: []uint16{tls.VersionTLS10}, suites: suitesFor(cloudFrontSuites, tls.VersionTLS10)}
	ssl3 := hello{serverName: "www.example.test", versions: []uint16{versionSSL30}, suites: suitesFor(cloudFrontSuites, versionSSL30)}
	const v12 = tls.VersionTLS12

	cases := []struct {
		name    string
		h       hello
		in      []byte
		wantCAs []string
		count   int
		wantErr string
	}{
		{name: "TLS 1.2, two CAs", h: testHello, in: withCR(v12, 0x002f, certificateRequest(v12, ca1, ca2)),
			wantCAs: []string{"CN=Test Client CA,O=Example", "CN=Other Client CA,O=Example"}, count: 2},
		{name: "TLS 1.2, no CA names", h: testHello, in: withCR(v12, 0x002f, certificateRequest(v12)), wantCAs: []string{}, count: 0},
		{name: "TLS 1.0 format, no signature algorithms", h: tls10, in: withCR(tls.VersionTLS10, 0x002f, certificateRequest(tls.VersionTLS10, ca1)),
			wantCAs: []string{"CN=Test Client CA,O=Example"}, count: 1},
		{name: "SSLv3 format", h: ssl3, in: withCR(versionSSL30, 0x002f, certificateRequest(versionSSL30, ca2)),
			wantCAs: []string{"CN=Other Client CA,O=Example"}, count: 1},
		{name: "more names than kept", h: testHello, in: withCR(v12, 0x002f, certificateRequest(v12, many...)), count: maxCANames + 4},
		{name: "overlong name is cut", h: testHello, in: withCR(v12, 0x002f, certificateRequest(v12, long)), count: 1},
		{name: "name that is not a DN", h: testHello, in: withCR(v12, 0x002f, certificateRequest(v12, []byte{1, 2, 3})),
			wantCAs: []string{"(a 3-byte name that is not a distinguished name)"}, count: 1},
		{name: "TLS 1.0 format in TLS 1.2", h: testHello, in: withCR(v12, 0x002f, certificateRequest(tls.VersionTLS10, ca1)), wantErr: "malformed CertificateRequest"},
		{name: "truncated", h: testHello, in: withCR(v12, 0x002f, handshake(msgCertificateRequest, certificateRequest(v12, ca1)[4:20])), wantErr: "malformed CertificateRequest"},
		{name: "empty", h: testHello, in: withCR(v12, 0x002f, handshake(msgCertificateRequest, nil)), wantErr: "malformed CertificateRequest"},
		{name: "odd signature algorithms", h: testHello, in: withCR(v12, 0x002f, handshake(msgCertificateRequest, []byte{1, 1, 0, 3, 4, 1, 3, 0, 0})), wantErr: "(signature algorithms)"},
		{name: "empty CA name", h: testHello, in: withCR(v12, 0x002f, handshake(msgCertificateRequest, []byte{1, 1, 0, 0, 0, 2, 0, 0})), wantErr: "malformed CA name"},
		{name: "trailing bytes", h: testHello, in: withCR(v12, 0x002f, handshake(msgCertificateRequest, append(certificateRequest(v12, ca1)[4:], 0))), wantErr: "malformed CertificateRequest"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := readFlight(bytes.NewReader(tc.in), tc.h)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !errors.As(err, new(violationError)) {
					t.Fatalf("error %v, want a violation %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			r := f.certRequest
			if r == nil {
				t.Fatal("no CertificateRequest recorded")
			}
			if r.caCount != tc.count || len(r.caNames) != min(tc.count, maxCANames) {
				t.Errorf("%d names kept of %d counted, want %d counted", len(r.caNames), r.caCount, tc.count)
			}
			if tc.wantCAs != nil && !slices.Equal(r.caNames, tc.wantCAs) {
				t.Errorf("CA names %q, want %q", r.caNames, tc.wantCAs)
			}
			for _, n := range r.caNames {
				if len(n) > maxCANameLen+3 {
					t.Errorf("name of %d bytes kept", len(n))
				}
			}
		})
	}
	if f, err := readFlight(bytes.NewReader(record(recordHandshake, slices.Concat(serverHello(v12, 0x002f, nil), certificate(der), helloDone))), testHello); err != nil || f.certRequest != nil {
		t.Errorf("flight without CertificateRequest: %+v, %v", f.certRequest, err)
	}
}

// TestHelloMarshal checks the offer on the wire: versions, suites per
// version, extensions, and no RSA-PSS.
func TestHelloMarshal(t *testing.T) {
	cases := []struct {
		name                   string
		versions               []uint16
		recordVersion, version uint16
		suites                 int
		extensions             []uint16
	}{
		{"TLSv1.2", []uint16{tls.VersionTLS12}, tls.VersionTLS10, tls.VersionTLS12, 16,
			[]uint16{extServerName, extSupportedGroups, extECPointFormats, extExtendedMasterSecret, extRenegotiationInfo, extSignatureAlgorithms}},
		{"TLSv1 and TLSv1.1", []uint16{tls.VersionTLS10, tls.VersionTLS11}, tls.VersionTLS10, tls.VersionTLS11, 8,
			[]uint16{extServerName, extSupportedGroups, extECPointFormats, extExtendedMasterSecret, extRenegotiationInfo}},
		// CloudFront's 4 SSLv3 suites and TLS_EMPTY_RENEGOTIATION_INFO_SCSV.
		{"SSLv3", []uint16{versionSSL30}, versionSSL30, versionSSL30, 5, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := hello{serverName: "www.example.test", versions: tc.versions}
			h.suites = suitesFor(cloudFrontSuites, h.maxVersion())
			p := parser(h.marshal())
			typ, recVersion, rec := p.u8(), p.u16(), p.vec16()
			m := parser(rec)
			msgType, body := m.u8(), m.vec24()
			b := parser(body)
			version, _, sid, suites, comp := b.u16(), b.bytes(32), b.vec8(), b.vec16(), b.vec8()
			if typ != recordHandshake || msgType != msgClientHello || p.short || m.short || b.short || len(sid) != 0 || !bytes.Equal(comp, []byte{0}) {
				t.Fatalf("malformed hello %x", h.marshal())
			}
			if scsv := slices.Contains(suiteIDs(suites), suiteEmptyRenegotiationInfoSCSV); scsv != (tc.version == versionSSL30) {
				t.Errorf("TLS_EMPTY_RENEGOTIATION_INFO_SCSV offered: %v, want it in SSLv3 hellos only", scsv)
			}
			if recVersion != tc.recordVersion || version != tc.version || len(suites) != 2*tc.suites {
				t.Errorf("record %s, hello %s, %d suites", versionName(recVersion), versionName(version), len(suites)/2)
			}
			var exts []uint16
			if len(b.rest) > 0 {
				for e := parser(b.vec16()); len(e.rest) > 0; {
					typ, data := e.u16(), e.vec16()
					exts = append(exts, typ)
					// RFC 7627: empty; RFC 5746: an empty renegotiated_connection.
					if want, ok := map[uint16][]byte{extExtendedMasterSecret: {}, extRenegotiationInfo: {0}}[typ]; ok && !bytes.Equal(data, want) {
						t.Errorf("extension %#04x carries %x, want %x", typ, data, want)
					}
					if typ == extSignatureAlgorithms {
						for a := parser(data[2:]); len(a.rest) > 0; {
							if alg := a.u16(); alg>>8 == 0x08 {
								t.Errorf("offers RSA-PSS/EdDSA scheme %#04x", alg)
							}
						}
					}
				}
			}
			if !slices.Equal(exts, tc.extensions) {
				t.Errorf("extensions %v, want %v", exts, tc.extensions)
			}
		})
	}
}

// FuzzReadFlight: no input makes the parser panic, read unbounded or
// accept what the hello did not offer. The seeds run in every go test.
func FuzzReadFlight(f *testing.F) {
	der := leafDER(f)
	const v12 = tls.VersionTLS12
	good := slices.Concat(serverHello(v12, 0xc02f, nil), certificate(der), ecdheKeyExchange(0x0017, 0x0401), helloDone)
	f.Add(record(recordHandshake, good))
	f.Add(slices.Concat(record(recordHandshake, good[:50]), record(recordHandshake, good[50:])))
	f.Add(record(recordHandshake, slices.Concat(serverHello(tls.VersionTLS10, 0x002f, extension(nil, 0xff01, []byte{0})), certificate(der, der), helloDone)))
	f.Add(record(recordAlert, []byte{2, 70}))
	f.Add(record(recordHandshake, serverHello(v12, 0x1301, extension(nil, extSupportedVersions, be16(nil, tls.VersionTLS13)))))
	f.Add(append([]byte{recordHandshake, 3, 3, 0, 4, msgCertificate}, be24(nil, maxHandshakeMessage+1)...))
	ca := dn(f, "Test Client CA")
	f.Add(record(recordHandshake, slices.Concat(serverHello(v12, 0xc02f, nil), certificate(der), ecdheKeyExchange(0x0017, 0x0401), certificateRequest(v12, ca, []byte{1, 2, 3}), helloDone)))
	f.Add(record(recordHandshake, slices.Concat(serverHello(v12, 0x002f, nil), certificate(der), certificateRequest(v12), helloDone)))
	f.Fuzz(func(t *testing.T, in []byte) {
		r := bytes.NewReader(in)
		fl, err := readFlight(r, testHello)
		if err != nil {
			return
		}
		if fl.version > v12 || !slices.Contains(testHello.suites, fl.suite) {
			t.Errorf("accepted %s %s", versionName(fl.version), suiteName(fl.suite))
		}
		if consumed := len(in) - r.Len(); consumed > maxRecords*(5+maxRecord) {
			t.Errorf("read %d bytes", consumed)
		}
		if cr := fl.certRequest; cr != nil && (len(cr.caNames) > maxCANames || len(cr.caNames) > cr.caCount) {
			t.Errorf("kept %d CA names of %d", len(cr.caNames), cr.caCount)
		}
	})
}

func suiteIDs(wire []byte) []uint16 {
	var ids []uint16
	for p := parser(wire); len(p.rest) > 0; {
		ids = append(ids, p.u16())
	}
	return ids
}
