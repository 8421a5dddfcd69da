package tlscheck

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestValidityMessages checks the day counts in the expiry messages and
// the days_remaining attribute at the boundaries: messages say the whole
// days elapsed or remaining, days_remaining rounds down, so it is
// negative exactly when the certificate has expired.
func TestValidityMessages(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	h := time.Hour
	cases := []struct {
		name       string
		notAfter   time.Duration // from now
		notBefore  time.Duration // from now; 0 means 400 days before
		id         report.ID
		status     report.Status
		message    string
		daysRemain int
	}{
		{"expired 1 hour ago", -h, 0, report.TLSExpired, report.Fail, `leaf "o.example.test" expired 2026-03-10T11:00:00Z (less than a day ago)`, -1},
		{"expired 24 hours ago", -24 * h, 0, report.TLSExpired, report.Fail, `expired 2026-03-09T12:00:00Z (1 day ago)`, -1},
		{"expired 24 hours and a second ago", -24*h - time.Second, 0, report.TLSExpired, report.Fail, `(1 day ago)`, -2},
		{"expired 36 hours ago", -36 * h, 0, report.TLSExpired, report.Fail, `expired 2026-03-09T00:00:00Z (1 day ago)`, -2},
		{"expired 48 hours ago", -48 * h, 0, report.TLSExpired, report.Fail, `(2 days ago)`, -2},
		{"expired 10 days ago", -240 * h, 0, report.TLSExpired, report.Fail, `(10 days ago)`, -10},
		{"expires this instant", 0, 0, report.TLSExpiringSoon, report.Warn, `expires 2026-03-10T12:00:00Z (in less than a day)`, 0},
		{"expires in 1 hour", h, 0, report.TLSExpiringSoon, report.Warn, `(in less than a day)`, 0},
		{"expires in 24 hours", 24 * h, 0, report.TLSExpiringSoon, report.Warn, `expires 2026-03-11T12:00:00Z (in 1 day)`, 1},
		{"expires in 36 hours", 36 * h, 0, report.TLSExpiringSoon, report.Warn, `(in 1 day)`, 1},
		{"expires in 10 days and 1 hour", 241 * h, 0, report.TLSExpiringSoon, report.Warn, `(in 10 days)`, 10},
		{"expires in 60 days", 60 * 24 * h, 0, report.TLSExpiringSoon, report.Pass, `leaf valid 2025-02-03 to 2026-05-09`, 60},
		{"valid in 36 hours", 90 * 24 * h, 36 * h, report.TLSNotYetValid, report.Fail, `leaf "o.example.test" is valid only from 2026-03-12T00:00:00Z (in 1 day)`, 90},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			notBefore := now.Add(tc.notBefore)
			if tc.notBefore == 0 {
				notBefore = now.Add(-400 * 24 * h)
			}
			cert := &x509.Certificate{Subject: pkix.Name{CommonName: "o.example.test"}, NotBefore: notBefore, NotAfter: now.Add(tc.notAfter)}
			b := report.NewBuilder()
			c := &checker{p: Params{Now: now, ExpiryWarning: 30 * 24 * h}, b: b}
			c.reportValidity("t", chain{sent: []*x509.Certificate{cert}, path: []int{0}})
			got := b.Build("o.example.test", nil).Checks[checkIndex(tc.id)]
			if got.Status != tc.status || !strings.Contains(got.Message, tc.message) {
				t.Errorf("%s: %s %q, want %s containing %q", tc.id, got.Status, got.Message, tc.status, tc.message)
			}
			if d := describeLeaf(cert, 1, now).DaysRemaining; d != tc.daysRemain {
				t.Errorf("days_remaining %d, want %d", d, tc.daysRemain)
			}
			if expired := now.After(cert.NotAfter); expired != (daysLeft(cert, now) < 0) {
				t.Errorf("days_remaining %d disagrees with expired = %v", daysLeft(cert, now), expired)
			}
		})
	}
}

// TestReportKey: the key types of "Requirements for using SSL/TLS
// certificates with CloudFront" (cflimits) pass, every other fails.
func TestReportKey(t *testing.T) {
	rsaKey := func(bits int) any { return &rsa.PublicKey{N: new(big.Int).Lsh(big.NewInt(1), uint(bits-1)), E: 65537} }
	ecKey := func(c elliptic.Curve) any { return &ecdsa.PublicKey{Curve: c} }
	cases := []struct {
		name    string
		key     any
		status  report.Status
		message string
	}{
		{"RSA 1023", rsaKey(1023), report.Fail, "RSA 1023-bit key: CloudFront accepts only RSA 1024-4096-bit and ECDSA P-256/P-384 keys"},
		{"RSA 1024", rsaKey(1024), report.Pass, "RSA 1024-bit key"},
		{"RSA 3072", rsaKey(3072), report.Pass, "RSA 3072-bit key"},
		{"RSA 4096", rsaKey(4096), report.Pass, "RSA 4096-bit key"},
		{"RSA 4097", rsaKey(4097), report.Fail, "RSA 4097-bit key: CloudFront accepts only"},
		{"RSA 8192", rsaKey(8192), report.Fail, `RSA 8192-bit key: CloudFront accepts only RSA 1024-4096-bit and ECDSA P-256/P-384 keys ("Requirements for using SSL/TLS certificates with CloudFront")`},
		{"P-256", ecKey(elliptic.P256()), report.Pass, "ECDSA P-256 key"},
		{"P-384", ecKey(elliptic.P384()), report.Pass, "ECDSA P-384 key"},
		{"P-521", ecKey(elliptic.P521()), report.Fail, "ECDSA P-521 key: CloudFront accepts only"},
		{"Ed25519", ed25519.PublicKey(make([]byte, ed25519.PublicKeySize)), report.Fail, "Ed25519 256-bit key: CloudFront accepts only"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := report.NewBuilder()
			c := &checker{b: b}
			c.reportKey("192.0.2.1:443 (SNI o.example.test)", &x509.Certificate{PublicKey: tc.key})
			got := b.Build("o.example.test", nil).Checks[checkIndex(report.TLSUnsupportedKey)]
			if got.Status != tc.status || !strings.Contains(got.Message, tc.message) {
				t.Errorf("%s %q, want %s containing %q", got.Status, got.Message, tc.status, tc.message)
			}
		})
	}
}
