package tlscheck

import (
	"fmt"
	"strings"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// reportClientAuth judges the origin's demand for a client certificate
// against origin_mtls_config. A requirement CloudFront meets passes, though
// whether the origin trusts CloudFront's certificate is beyond this probe.
func (c *checker) reportClientAuth(target string, ans handshakeAnswer, auth clientAuth) {
	f, finishErr := ans.flight, ans.finishErr
	const unverifiable = "whether the origin trusts CloudFront's client certificate (the ACM certificate origin_mtls_config names) cannot be checked from here"
	declared := c.p.ClientCertificateDeclared
	id := report.TLSClientCertificateRequired
	switch auth {
	case clientCertNotAsked:
		if declared {
			c.b.Pass(id, target, "origin_mtls_config is set but the origin does not ask for a client certificate (it is not verifying CloudFront, which presents one only when asked)")
		} else {
			c.b.Pass(id, target, "the origin does not ask for a client certificate")
		}
	case clientCertOptional:
		detail := "the origin asks for, but does not require, a client certificate (" + acceptableCAs(f.certRequest) + ")"
		if declared {
			detail += "; CloudFront presents the one origin_mtls_config names, and " + unverifiable
		} else {
			// Judged from the handshake alone: nothing is sent on it
			// unless http_request asks (the HTTP stage's request).
			detail += `: the handshake completed without one. nginx with ssl_verify_client on completes it too and then answers every request 400 "` +
				nginxNoCert + `", which CloudFront passes on to viewers; set http_request to have CloudFront's request checked`
		}
		c.b.Pass(id, target, detail)
	case clientCertRequired:
		if declared {
			c.b.Pass(id, target, "the origin requires a client certificate, as configured with origin_mtls_config ("+acceptableCAs(f.certRequest)+"); "+unverifiable)
			return
		}
		c.b.Fail(id, target, "the origin requires a client certificate and origin_mtls_config is not set: it asked for one ("+acceptableCAs(f.certRequest)+
			") and ended the handshake that went on without one: "+describe(finishErr))
	case clientCertUndetermined:
		why := "crypto/tls cannot complete " + versionName(f.version) + " with " + suiteName(f.suite)
		if finishErr != nil {
			why = "the handshake failed before the origin had to decide (" + describe(finishErr) + ")"
		}
		if declared {
			c.b.Pass(id, target, "the origin asks for a client certificate ("+acceptableCAs(f.certRequest)+"), which origin_mtls_config provides; "+unverifiable)
			return
		}
		c.b.Warn(id, target, "the origin asks for a client certificate ("+acceptableCAs(f.certRequest)+") and origin_mtls_config is not set; whether it requires one, "+
			"which would fail CloudFront's handshakes, could not be determined: "+why)
	}
}

// acceptableCAs lists the CA names a CertificateRequest announced.
func acceptableCAs(r *certRequest) string {
	if r.caCount == 0 {
		return "it announced no CA names"
	}
	quoted := make([]string, len(r.caNames))
	for i, n := range r.caNames {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	s := "acceptable CAs it announced: " + strings.Join(quoted, ", ")
	if more := r.caCount - len(r.caNames); more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}
