package tlscheck

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/crypto/x509roots/fallback/bundle"
)

// mozillaRoots is parsed once: the bundle holds about 150 certificates.
var mozillaRoots = sync.OnceValue(func() *x509.CertPool {
	pool := x509.NewCertPool()
	for r := range bundle.Roots() {
		cert, err := x509.ParseCertificate(r.Certificate)
		if err != nil {
			panic("tlscheck: bad certificate in the Mozilla bundle: " + err.Error())
		}
		// Some roots are distrusted after a date; the constraint enforces it.
		pool.AddCertWithConstraint(cert, r.Constraint)
	}
	return pool
})

// MozillaRoots returns the roots of Mozilla's included CA list, the list
// CloudFront trusts for origins. The pool is shared: do not modify it; use
// AddPEM to extend a copy.
func MozillaRoots() *x509.CertPool { return mozillaRoots() }

// AddPEM returns a copy of pool (an empty pool if nil) with every
// certificate in pemText added as a trust anchor. The error says which
// block was wrong and why.
func AddPEM(pool *x509.CertPool, pemText string) (*x509.CertPool, error) {
	out := x509.NewCertPool()
	if pool != nil {
		out = pool.Clone()
	}
	rest := []byte(pemText)
	n := 0
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		n++
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("PEM block %d is a %q block; only CERTIFICATE blocks are trust anchors", n, block.Type)
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("PEM block %d is not a valid certificate: %w", n, err)
		}
		out.AddCert(cert)
	}
	if len(bytes.TrimSpace(rest)) > 0 {
		if n == 0 {
			return nil, errors.New(`no PEM certificate found: expected "-----BEGIN CERTIFICATE-----" blocks`)
		}
		return nil, fmt.Errorf("text after PEM block %d is not a PEM block (truncated or corrupted certificate?)", n)
	}
	if n == 0 {
		return nil, errors.New("no PEM certificate found")
	}
	return out, nil
}
