package tlscheck

import "testing"

func TestKeyExchange(t *testing.T) {
	tests := []struct {
		suite uint16
		want  string
	}{
		{0xc030, "ECDHE-RSA"},   // ECDHE-RSA-AES256-GCM-SHA384
		{0xc02f, "ECDHE-RSA"},   // ECDHE-RSA-AES128-GCM-SHA256: same key use as above
		{0xc02c, "ECDHE-ECDSA"}, // ECDHE-ECDSA-AES256-GCM-SHA384
		{0x009f, "DHE-RSA"},     // DHE-RSA-AES256-GCM-SHA384
		{0x002f, "RSA"},         // AES128-SHA: RSA key transport
		{0x0004, "RSA"},         // RC4-MD5
	}
	for _, tc := range tests {
		if got := keyExchange(tc.suite); got != tc.want {
			t.Errorf("keyExchange(%s) = %q, want %q", suiteName(tc.suite), got, tc.want)
		}
	}
}
