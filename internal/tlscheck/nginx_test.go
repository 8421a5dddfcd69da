package tlscheck

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/daemon"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/loopback"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/nginx"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/pki"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// cloudFrontOpenSSL is CloudFront's offer as `openssl s_client` options,
// derived from the same table the probe uses. Security level 0 lets
// OpenSSL 3 offer the legacy suites, TLS 1.0/1.1 and SHA-1 signatures.
func cloudFrontOpenSSL(protocols []string) nginx.SClientOptions {
	var ciphers, sigalgs []string
	for _, s := range cloudFrontSuites {
		ciphers = append(ciphers, s.openssl)
	}
	hashes := map[uint16]string{2: "SHA1", 3: "SHA224", 4: "SHA256", 5: "SHA384", 6: "SHA512"}
	sigs := map[uint16]string{1: "RSA", 3: "ECDSA"}
	for _, a := range cloudFrontSigAlgs {
		sigalgs = append(sigalgs, sigs[a&0xff]+"+"+hashes[a>>8])
	}
	return nginx.SClientOptions{
		Protocols: protocols,
		Ciphers:   strings.Join(ciphers, ":") + ":@SECLEVEL=0",
		SigAlgs:   strings.Join(sigalgs, ":"),
		Groups:    "P-256:P-384:X25519",
	}
}

// TestNginxInterop checks origins served by Debian's nginx and OpenSSL,
// for what Go's TLS server cannot serve, and cross-checks each verdict with
// `openssl s_client` making CloudFront's offer.
func TestNginxInterop(t *testing.T) {
	fixture.RequireRoot(t)
	for _, program := range []string{"nginx", "openssl"} {
		_, err := daemon.Find(program)
		daemon.Require(t, err)
	}
	_, err := daemon.Find("sslscan")
	withSSLScan := daemon.Optional(t, err)
	t.Parallel()
	h := fixtures(t)
	inter2Leaf := leaf(t, h.inter2, domain)
	ecdsaLeaf := issue(t, pki.Template{DNSNames: []string{domain}, Key: pki.ECDSAP256}, h.inter)
	rsaLeaf := leaf(t, h.inter, domain)
	full := []*pki.Cert{rsaLeaf, h.inter}
	tls12 := []string{"TLSv1.2"}

	cases := []struct {
		name      string
		origin    nginx.Config
		protocols []string
		want      map[report.ID]report.Status
		inMessage map[report.ID]string
		suite     string // the summary's suite when the handshake passes
		// openssl s_client's verdict: a handshake, and OpenSSL's verify
		// code (0 ok, 21 unable to verify the first certificate, 62 hostname mismatch).
		sslHandshake bool
		sslVerify    int
		// sslBlind says why openssl cannot make this check, if it cannot.
		sslBlind string
		// scanBlind says why sslscan's list of accepted suites cannot
		// decide protocol and cipher checks here.
		scanBlind string
	}{
		{
			name: "full chain, nginx defaults", origin: nginx.Config{Chain: full}, protocols: tls12,
			want: healthy(), suite: "ECDHE-RSA-AES256-GCM-SHA384", sslHandshake: true,
		},
		{
			name:      "TLS 1.0 only with AES128-SHA, policy TLSv1.2",
			origin:    nginx.Config{Chain: full, Protocols: "TLSv1", Ciphers: "AES128-SHA:@SECLEVEL=0"},
			protocols: tls12, want: handshakeOnly(report.TLSNoCommonProtocol),
			inMessage: map[report.ID]string{report.TLSNoCommonProtocol: "offered TLSv1.2, accepting TLSv1.2: the origin chose TLSv1,"},
		},
		{
			name:      "TLS 1.0 only with AES128-SHA, policy TLSv1",
			origin:    nginx.Config{Chain: full, Protocols: "TLSv1", Ciphers: "AES128-SHA:@SECLEVEL=0"},
			protocols: []string{"TLSv1"}, want: healthy(), suite: "AES128-SHA", sslHandshake: true,
		},
		{
			name:      "only suites outside CloudFront's list",
			origin:    nginx.Config{Chain: full, Ciphers: "AES128-SHA256:AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256"},
			protocols: tls12, want: handshakeOnly(report.TLSNoCommonCipher),
			inMessage: map[report.ID]string{report.TLSNoCommonCipher: "it chose AES128-SHA256, which CloudFront does not offer"},
		},
		{
			name:      "only ECDHE-RSA-AES256-SHA384 (Go cannot complete it)",
			origin:    nginx.Config{Chain: full, Ciphers: "ECDHE-RSA-AES256-SHA384"},
			protocols: tls12, want: healthy(), suite: "ECDHE-RSA-AES256-SHA384", sslHandshake: true,
			inMessage: map[report.ID]string{report.TLSHandshakeFailed: "crypto/tls cannot complete TLSv1.2 with this suite"},
		},
		{
			name:      "only ECDHE-ECDSA-AES256-SHA384, ECDSA leaf",
			origin:    nginx.Config{Chain: []*pki.Cert{ecdsaLeaf, h.inter}, Ciphers: "ECDHE-ECDSA-AES256-SHA384"},
			protocols: tls12, want: healthy(), suite: "ECDHE-ECDSA-AES256-SHA384", sslHandshake: true,
		},
		{
			name:      "signs only with RSA-PSS",
			origin:    nginx.Config{Chain: full, Ciphers: "ECDHE-RSA-AES128-GCM-SHA256", SignatureAlgorithms: "rsa_pss_rsae_sha256:rsa_pss_rsae_sha384"},
			protocols: tls12,
			want:      with(map[report.ID]report.Status{report.TLSHandshakeFailed: report.Fail, report.TLSNoCommonProtocol: report.Skip, report.TLSNoCommonCipher: report.Skip}),
			inMessage: map[report.ID]string{report.TLSHandshakeFailed: "signature schemes are outside CloudFront's offer"},
			scanBlind: "sslscan offers RSA-PSS, so it lists the suite as accepted",
		},
		{
			name:         "intermediates in the wrong order",
			origin:       nginx.Config{Chain: []*pki.Cert{inter2Leaf, h.inter, h.inter2}},
			protocols:    tls12,
			want:         with(map[report.ID]report.Status{report.TLSChainOrder: report.Fail}),
			inMessage:    map[report.ID]string{report.TLSChainOrder: `#1 "www.example.test" is followed by #2 "Test Intermediate CA" instead of its issuer #3`},
			suite:        "ECDHE-RSA-AES256-GCM-SHA384",
			sslHandshake: true,
			sslBlind:     "OpenSSL builds the path from the sent certificates in any order",
		},
		{
			name:         "chain without the intermediate",
			origin:       nginx.Config{Chain: []*pki.Cert{rsaLeaf}},
			protocols:    tls12,
			want:         with(map[report.ID]report.Status{report.TLSMissingIntermediate: report.Fail, report.TLSUntrusted: report.Skip}),
			suite:        "ECDHE-RSA-AES256-GCM-SHA384",
			sslHandshake: true, sslVerify: 21,
		},
		{
			name:         "certificate for another name",
			origin:       nginx.Config{Chain: []*pki.Cert{leaf(t, h.inter, "other.example.test"), h.inter}},
			protocols:    tls12,
			want:         with(map[report.ID]report.Status{report.TLSNameMismatch: report.Fail}),
			suite:        "ECDHE-RSA-AES256-GCM-SHA384",
			sslHandshake: true, sslVerify: 62,
		},
		{
			name:      "TLS 1.3 only",
			origin:    nginx.Config{Chain: full, Protocols: "TLSv1.3"},
			protocols: []string{"TLSv1", "TLSv1.1", "TLSv1.2"},
			want: with(map[report.ID]report.Status{
				report.TLSTLS13Only: report.Warn, report.TLSHandshakeFailed: report.Skip, report.TLSNoCommonProtocol: report.Skip, report.TLSNoCommonCipher: report.Skip,
			}),
			inMessage: map[report.ID]string{report.TLSTLS13Only: "offered TLSv1.3 in a separate hello, it completes TLSv1.3, TLS_AES_128_GCM_SHA256"},
			suite:     "TLS_AES_128_GCM_SHA256",
			// CloudFront's OpenSSL offer stops at TLSv1.2, as origin_ssl_protocols
			// does; whether CloudFront offers TLS 1.3 is the doubt the warning states.
			sslBlind: "s_client is given origin_ssl_protocols, which stop at TLSv1.2",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, err := nginx.Start(netip.AddrPortFrom(loopback.Addr(), 443), tc.origin)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(srv.Close)
			p := params(h)
			p.Protocols = tc.protocols
			r, s, traffic := runCounted(t, []netip.Addr{srv.Addr.Addr()}, p)
			expect(t, r, tc.want, tc.inMessage)
			if s != nil && s.CipherSuite != tc.suite || s == nil && tc.suite != "" {
				t.Errorf("summary %+v, want suite %q", s, tc.suite)
			}
			sequentialAgrees(t, srv.Addr.Addr(), p, r)
			// A pass in 2 connects was confirmed by crypto/tls alongside
			// the probe; in 3 a handshake restricted to the probe's choice
			// followed, because crypto/tls's own offer ended elsewhere.
			connects := fmt.Sprintf("%d connects", traffic.Connects)

			o := cloudFrontOpenSSL(tc.protocols)
			o.ServerName, o.CAPEM = domain, h.root.PEM()
			ssl, err := nginx.SClient(context.Background(), srv.Addr, o)
			if err != nil {
				t.Fatal(err)
			}
			if ssl.Handshake != tc.sslHandshake || ssl.Handshake && ssl.VerifyCode != tc.sslVerify {
				t.Errorf("openssl s_client: %s, want handshake %v, verify %d\n%s", ssl.Summary(), tc.sslHandshake, tc.sslVerify, ssl.Output)
			}
			if ssl.Handshake && s != nil && (ssl.Cipher != s.CipherSuite || ssl.Protocol != s.Version) {
				t.Errorf("openssl negotiated %s %s, the probe %s %s", ssl.Protocol, ssl.Cipher, s.Version, s.CipherSuite)
			}
			sslOK := ssl.Handshake && ssl.VerifyCode == 0
			if agree := sslOK == r.Healthy; !agree && tc.sslBlind == "" {
				t.Errorf("verdicts differ: ours healthy=%v, openssl %s", r.Healthy, ssl.Summary())
			}
			scan := "sslscan not installed"
			if withSSLScan {
				accepted, err := nginx.SSLScan(context.Background(), srv.Addr, domain)
				if err != nil {
					t.Fatal(err)
				}
				usable := cloudFrontUsable(accepted, tc.protocols)
				scan = fmt.Sprintf("sslscan: %d of %d accepted suites usable by CloudFront %v", len(usable), len(accepted), usable)
				negotiated := r.Checks[checkIndex(report.TLSNoCommonProtocol)].Status == report.Pass && r.Checks[checkIndex(report.TLSNoCommonCipher)].Status == report.Pass
				if (len(usable) > 0) != negotiated && tc.scanBlind == "" {
					t.Errorf("protocol/cipher verdicts differ: ours negotiated=%v, %s", negotiated, scan)
				}
				scan += blind(tc.scanBlind)
			}
			t.Logf("matrix | %s | %s | %s (%s) | openssl: %s%s | %s", tc.name, verdict(tc.want), ourVerdict(r), connects, ssl.Summary(), blind(tc.sslBlind), scan)
		})
	}
}

// cloudFrontUsable keeps what sslscan found that CloudFront could use
// with this policy.
func cloudFrontUsable(accepted []nginx.Accepted, protocols []string) []string {
	var usable []string
	for _, a := range accepted {
		for _, cs := range cloudFrontSuites {
			if cs.openssl == a.Cipher && slices.Contains(protocols, a.Protocol) {
				usable = append(usable, a.Protocol+" "+a.Cipher)
			}
		}
	}
	return usable
}

func checkIndex(id report.ID) int {
	return slices.IndexFunc(report.All(), func(d report.Definition) bool { return d.ID == id })
}

func verdict(want map[report.ID]report.Status) string {
	var fails []string
	for id, s := range want {
		if s == report.Fail {
			fails = append(fails, string(id))
		}
	}
	if len(fails) == 0 {
		return "pass"
	}
	return "fail " + strings.Join(fails, ",")
}

func ourVerdict(r report.Report) string {
	var fails []string
	for _, c := range r.Checks {
		if c.Status == report.Fail {
			fails = append(fails, string(c.ID))
		}
	}
	if len(fails) == 0 {
		return "pass"
	}
	return "fail " + strings.Join(fails, ",")
}

func blind(why string) string {
	if why == "" {
		return ""
	}
	return fmt.Sprintf(" (cannot check: %s)", why)
}

// TestNginxClientCertificate: Debian's nginx asking for client
// certificates. With ssl_verify_client on it completes the handshake
// without one and refuses each request (400 "No required SSL certificate
// was sent"), which only a request shows: without http_request none is
// sent, and the message says so.
func TestNginxClientCertificate(t *testing.T) {
	fixture.RequireRoot(t)
	if _, err := nginx.Find(); err != nil {
		t.Skip(err)
	}
	t.Parallel()
	h := fixtures(t)
	full := []*pki.Cert{leaf(t, h.inter, domain), h.inter}
	id := report.TLSClientCertificateRequired
	cases := []struct {
		name      string
		origin    nginx.Config
		protocols []string
		declared  bool
		want      report.Status
		inMessage string
	}{
		{
			// Judged from the handshake alone, which nginx completes: no
			// request is sent without http_request, so the message names
			// the 400 nginx would answer.
			name: "on, not declared", origin: nginx.Config{Chain: full, VerifyClient: "on", ClientCA: clientCA(t)},
			want: report.Pass,
			inMessage: `(acceptable CAs it announced: "CN=Test Client CA"): the handshake completed without one. nginx with ssl_verify_client on completes it too ` +
				`and then answers every request 400 "No required SSL certificate was sent"`,
		},
		{
			name: "on, TLSv1 policy, not declared", origin: nginx.Config{Chain: full, VerifyClient: "on", ClientCA: clientCA(t), Protocols: "TLSv1", Ciphers: "AES128-SHA:@SECLEVEL=0"},
			protocols: []string{"TLSv1"}, want: report.Pass, inMessage: `"CN=Test Client CA"`,
		},
		{
			name: "on, declared", origin: nginx.Config{Chain: full, VerifyClient: "on", ClientCA: clientCA(t)}, declared: true,
			want: report.Pass, inMessage: "(acceptable CAs it announced: \"CN=Test Client CA\"); CloudFront presents the one origin_mtls_config names, and whether the origin trusts CloudFront's client certificate",
		},
		{
			name: "optional, not declared", origin: nginx.Config{Chain: full, VerifyClient: "optional", ClientCA: clientCA(t)},
			want: report.Pass, inMessage: `asks for, but does not require, a client certificate (acceptable CAs it announced: "CN=Test Client CA")`,
		},
		{
			name: "optional_no_ca without a CA file", origin: nginx.Config{Chain: full, VerifyClient: "optional_no_ca"},
			want: report.Pass, inMessage: "asks for, but does not require, a client certificate (it announced no CA names)",
		},
		{
			// crypto/tls cannot finish this suite, so nothing tells required
			// from asked: a warning, not a 502.
			name: "on, only ECDHE-RSA-AES256-SHA384, not declared", origin: nginx.Config{Chain: full, VerifyClient: "on", ClientCA: clientCA(t), Ciphers: "ECDHE-RSA-AES256-SHA384"},
			want: report.Warn, inMessage: "whether it requires one, which would fail CloudFront's handshakes, could not be determined: crypto/tls cannot complete TLSv1.2 with ECDHE-RSA-AES256-SHA384",
		},
		{
			name: "off, declared", origin: nginx.Config{Chain: full}, declared: true,
			want: report.Pass, inMessage: "origin_mtls_config is set but the origin does not ask for a client certificate",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, err := nginx.Start(netip.AddrPortFrom(loopback.Addr(), 443), tc.origin)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(srv.Close)
			p := params(h)
			p.ClientCertificateDeclared = tc.declared
			if tc.protocols != nil {
				p.Protocols = tc.protocols
			}
			r, s := run(t, []netip.Addr{srv.Addr.Addr()}, p)
			// nginx finishes every handshake: the rest of the TLS checks pass.
			expect(t, r, with(map[report.ID]report.Status{id: tc.want}), map[report.ID]string{id: tc.inMessage})
			if s == nil {
				t.Error("no summary")
			}
			t.Logf("matrix | nginx ssl_verify_client %q, declared %v | %s", tc.origin.VerifyClient, tc.declared, ourVerdict(r))
		})
	}
}
