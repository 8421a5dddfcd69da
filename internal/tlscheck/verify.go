package tlscheck

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/certname"
	"github.com/originhealth/terraform-provider-origin/internal/cflimits"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// chain is the certificate path found in what the origin sent.
type chain struct {
	sent []*x509.Certificate
	// path indexes sent from the leaf up, each certificate followed by its
	// issuer wherever the origin put it.
	path []int
	// root is the trusted root the path's top chains to, nil if none.
	root *x509.Certificate
	// misordered says where an issuer was sent but not right after the
	// certificate it signed.
	misordered []string
}

// buildChain follows issuers from the leaf through the sent certificates
// and stops at the first one a trusted root vouches for, as OpenSSL does
// by default (trusted first), so extra cross-signed certificates after it
// do not matter.
func buildChain(sent []*x509.Certificate, roots *x509.CertPool, now time.Time) chain {
	ch := chain{sent: sent, path: []int{0}}
	for {
		i := ch.path[len(ch.path)-1]
		cur := sent[i]
		if root := trustedRoot(cur, roots, now); root != nil {
			ch.root = root
			return ch
		}
		if selfSigned(cur) {
			return ch
		}
		j := issuerIndex(sent, i, ch.path)
		if j < 0 {
			return ch
		}
		if j != i+1 {
			next := "nothing"
			if i+1 < len(sent) {
				next = fmt.Sprintf("#%d %s", i+2, name(sent[i+1]))
			}
			ch.misordered = append(ch.misordered, fmt.Sprintf("#%d %s is followed by %s instead of its issuer #%d %s",
				i+1, name(cur), next, j+1, name(sent[j])))
		}
		ch.path = append(ch.path, j)
	}
}

// issuerIndex finds the sent certificate that signed sent[i], preferring
// the next one, and skipping those already on the path.
func issuerIndex(sent []*x509.Certificate, i int, path []int) int {
	candidates := []int{i + 1}
	for j := range sent {
		if j != i+1 {
			candidates = append(candidates, j)
		}
	}
	for _, j := range candidates {
		if j >= len(sent) || j == i || slices.Contains(path, j) {
			continue
		}
		if bytes.Equal(sent[i].RawIssuer, sent[j].RawSubject) && sent[i].CheckSignatureFrom(sent[j]) == nil {
			return j
		}
	}
	return -1
}

// trustedRoot returns the root in roots that c chains to directly (or c
// itself when it is a root there), or nil. c is judged within its own
// validity period: expiry is reported separately.
func trustedRoot(c *x509.Certificate, roots *x509.CertPool, now time.Time) *x509.Certificate {
	at := now
	if at.Before(c.NotBefore) {
		at = c.NotBefore
	}
	if at.After(c.NotAfter) {
		at = c.NotAfter
	}
	chains, err := c.Verify(x509.VerifyOptions{
		Roots:       roots,
		CurrentTime: at,
		KeyUsages:   []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err != nil || len(chains) == 0 {
		return nil
	}
	return chains[0][len(chains[0])-1]
}

// selfIssued reports whether c names itself as its issuer, as roots do,
// whichever key signed it.
func selfIssued(c *x509.Certificate) bool { return bytes.Equal(c.RawIssuer, c.RawSubject) }

func selfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject) && c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

// verify reports every certificate check for one address and returns the
// leaf's description.
func (c *checker) verify(target string, sent []*x509.Certificate) Certificate {
	ch := buildChain(sent, c.p.Roots, c.p.Now)
	c.reportTrust(target, ch)
	c.reportValidity(target, ch)
	c.reportKey(target, sent[0])
	c.reportNames(target, sent[0])
	return describeLeaf(sent[0], len(sent), c.p.Now)
}

func (c *checker) reportTrust(target string, ch chain) {
	leaf, top := ch.sent[0], ch.sent[ch.path[len(ch.path)-1]]
	skip := func(id report.ID, why string) {
		c.b.Add(report.Observation{ID: id, Status: report.Skip, Target: target, Detail: why})
	}

	if len(ch.misordered) > 0 {
		c.b.Fail(report.TLSChainOrder, target, "sent "+listSent(ch.sent)+": "+strings.Join(ch.misordered, "; "))
	} else {
		c.b.Pass(report.TLSChainOrder, target, "sent "+listSent(ch.sent))
	}

	leafSelfSigned := selfSigned(leaf)
	if leafSelfSigned {
		c.b.Fail(report.TLSSelfSigned, target, name(leaf)+" is self-signed (its issuer is itself)")
	} else {
		c.b.Pass(report.TLSSelfSigned, target, "issued by "+leaf.Issuer.String())
	}

	var verr error
	if ch.root != nil {
		verr = fullVerify(ch, c.p.Roots, c.p.Now)
	}
	c.reportPurpose(target, ch, verr)

	switch {
	case ch.root != nil && verr != nil && !isInvalid(verr, x509.IncompatibleUsage):
		c.b.Fail(report.TLSUntrusted, target, "the path to trusted root "+name(ch.root)+" does not verify: "+verifyProblem(verr))
		c.b.Pass(report.TLSMissingIntermediate, target, fmt.Sprintf("%d sent certificate(s) reach the trusted root", len(ch.path)))
	case ch.root != nil:
		c.b.Pass(report.TLSUntrusted, target, "chains to trusted root "+name(ch.root))
		c.b.Pass(report.TLSMissingIntermediate, target, fmt.Sprintf("%d sent certificate(s) reach the trusted root", len(ch.path)))
	case leafSelfSigned:
		skip(report.TLSUntrusted, "not judged: the leaf is self-signed (see tls.self_signed)")
		skip(report.TLSMissingIntermediate, "not judged: the leaf is self-signed (see tls.self_signed)")
	case top != leaf && selfIssued(top):
		// The hierarchy visibly ends here: top names itself as its issuer,
		// so it is a root (or a root's re-key link), and it is not trusted.
		c.b.Fail(report.TLSUntrusted, target, "the chain ends at root "+name(top)+", which is neither in Mozilla's CA list nor in trusted_ca_pem")
		c.b.Pass(report.TLSMissingIntermediate, target, "every issuer up to the root "+name(top)+" was sent")
	case !leafSelfSigned && insecureSignature(top.SignatureAlgorithm):
		// The issuer may well be there: its signature cannot be checked.
		c.b.Fail(report.TLSUntrusted, target, fmt.Sprintf("%s %s is signed with %s (%v), which crypto/x509 and OpenSSL 3 at its default security level reject, "+
			"so no path from it to a trusted root verifies; AWS does not document SHA-1 or MD5 for origin certificates: reissue it signed with SHA-256 or better",
			role(ch.path[len(ch.path)-1], top), name(top), top.SignatureAlgorithm, x509.InsecureAlgorithmError(top.SignatureAlgorithm)))
		skip(report.TLSMissingIntermediate, "not judged: the path stops at a SHA-1 or MD5 signature (see tls.untrusted)")
	default:
		// The path stops at top (the leaf or a sent intermediate) because
		// its issuer was neither sent nor is a trusted root. Only that
		// issuer could tell a missing intermediate of a trusted hierarchy
		// from a private CA, and CloudFront has nothing else either: the
		// sent certificates and the trust store are the same in both cases
		// (a leaf, or leaf and intermediate, of a public CA missing the
		// next intermediate; of a private CA missing its root), and
		// neither the Authority Key Identifier nor the issuer's name is in
		// the store. So the absent issuer is reported as what the origin
		// can act on, tls.missing_intermediate, naming it by DN and saying
		// both possibilities; tls.untrusted fails only when the hierarchy
		// can be seen to end untrusted (an untrusted root was sent, case
		// above), and waits otherwise. A sent certificate that bears the
		// issuer's name but did not sign top (another key: an outdated or
		// wrong intermediate) leaves the same gap, so it is the same
		// finding, with that certificate named.
		c.b.Fail(report.TLSMissingIntermediate, target, missingIssuer(ch, top))
		skip(report.TLSUntrusted, fmt.Sprintf("not judged until the issuer %q is sent (see tls.missing_intermediate)", top.Issuer.String()))
	}
}

// fullVerify verifies the leaf once the path is found, as a TLS client
// does: with the sent intermediates, against the trust store, for
// serverAuth, at now. Expiry is tls.expired's, so a path failing only on
// dates is verified again within every path certificate's validity.
func fullVerify(ch chain, roots *x509.CertPool, now time.Time) error {
	inter := x509.NewCertPool()
	for _, x := range ch.sent[1:] {
		inter.AddCert(x)
	}
	opts := x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	_, err := ch.sent[0].Verify(opts)
	if !isInvalid(err, x509.Expired) {
		return err
	}
	from, until := time.Time{}, time.Time{}
	for _, i := range ch.path {
		x := ch.sent[i]
		if x.NotBefore.After(from) {
			from = x.NotBefore
		}
		if until.IsZero() || x.NotAfter.Before(until) {
			until = x.NotAfter
		}
	}
	if from.After(until) {
		return nil // no common validity: tls.expired or tls.not_yet_valid says it
	}
	opts.CurrentTime = from
	if _, err = ch.sent[0].Verify(opts); isInvalid(err, x509.Expired) {
		return nil
	}
	return err
}

func isInvalid(err error, reason x509.InvalidReason) bool {
	var inv x509.CertificateInvalidError
	return errors.As(err, &inv) && inv.Reason == reason
}

// verifyProblem says which rule of the path a verification error broke.
func verifyProblem(err error) string {
	var inv x509.CertificateInvalidError
	var alg x509.InsecureAlgorithmError
	switch {
	case errors.As(err, &alg):
		return fmt.Sprintf("a signature uses %s, which crypto/x509 and OpenSSL 3 at its default security level reject (%v); reissue it signed with SHA-256 or better", x509.SignatureAlgorithm(alg), err)
	case !errors.As(err, &inv):
		return err.Error()
	}
	what := inv.Detail
	if what == "" {
		what = inv.Error()
	}
	switch inv.Reason {
	case x509.CANotAuthorizedForThisName, x509.NameConstraintsWithoutSANs, x509.UnconstrainedName:
		return fmt.Sprintf("a CA's name constraints exclude the names of %s (%s): the CA may not issue for them", name(inv.Cert), what)
	case x509.TooManyIntermediates:
		return fmt.Sprintf("a CA's path length constraint (pathLenConstraint) allows fewer CAs below it than the path has (%s)", inv.Error())
	case x509.NotAuthorizedToSign:
		return fmt.Sprintf("%s signed another certificate but is not a CA (basic constraints)", name(inv.Cert))
	default:
		return inv.Error()
	}
}

// insecureSignature reports the signature algorithms crypto/x509 refuses
// to verify (x509.InsecureAlgorithmError): SHA-1 and MD5 based.
func insecureSignature(a x509.SignatureAlgorithm) bool {
	switch a {
	case x509.MD2WithRSA, x509.MD5WithRSA, x509.SHA1WithRSA, x509.DSAWithSHA1, x509.ECDSAWithSHA1:
		return true
	}
	return false
}

// reportPurpose judges the extended key usage: the leaf's own, and the
// CAs' on the path as the full verification found them.
func (c *checker) reportPurpose(target string, ch chain, verr error) {
	leaf := ch.sent[0]
	if !allowsServerAuth(leaf) {
		c.b.Fail(report.TLSNotServerCertificate, target, fmt.Sprintf("the leaf %s has extended key usage %s, without serverAuth: it is not a TLS server certificate",
			name(leaf), extKeyUsages(leaf)))
		return
	}
	if isInvalid(verr, x509.IncompatibleUsage) {
		for _, i := range ch.path[1:] {
			if x := ch.sent[i]; !allowsServerAuth(x) {
				c.b.Fail(report.TLSNotServerCertificate, target, fmt.Sprintf("intermediate %s restricts its certificates to extended key usage %s, without serverAuth", name(x), extKeyUsages(x)))
				return
			}
		}
		c.b.Fail(report.TLSNotServerCertificate, target, "a CA above the sent certificates does not allow serverAuth: "+verr.Error())
		return
	}
	if len(leaf.ExtKeyUsage) == 0 && len(leaf.UnknownExtKeyUsage) == 0 {
		c.b.Pass(report.TLSNotServerCertificate, target, "the leaf has no extended key usage restriction")
		return
	}
	c.b.Pass(report.TLSNotServerCertificate, target, "the leaf's extended key usage is "+extKeyUsages(leaf))
}

func allowsServerAuth(x *x509.Certificate) bool {
	if len(x.ExtKeyUsage) == 0 && len(x.UnknownExtKeyUsage) == 0 {
		return true
	}
	return slices.Contains(x.ExtKeyUsage, x509.ExtKeyUsageServerAuth) || slices.Contains(x.ExtKeyUsage, x509.ExtKeyUsageAny)
}

func extKeyUsages(x *x509.Certificate) string {
	names := map[x509.ExtKeyUsage]string{
		x509.ExtKeyUsageAny: "any", x509.ExtKeyUsageServerAuth: "serverAuth", x509.ExtKeyUsageClientAuth: "clientAuth",
		x509.ExtKeyUsageCodeSigning: "codeSigning", x509.ExtKeyUsageEmailProtection: "emailProtection",
		x509.ExtKeyUsageTimeStamping: "timeStamping", x509.ExtKeyUsageOCSPSigning: "OCSPSigning",
	}
	var out []string
	for _, u := range x.ExtKeyUsage {
		if n, ok := names[u]; ok {
			out = append(out, n)
		} else {
			out = append(out, fmt.Sprintf("usage %d", u))
		}
	}
	for _, oid := range x.UnknownExtKeyUsage {
		out = append(out, oid.String())
	}
	return strings.Join(out, ", ")
}

// missingIssuer says where the path from the leaf stops and what is
// missing: the issuer of top, which was not sent and is not trusted.
func missingIssuer(ch chain, top *x509.Certificate) string {
	what := "the leaf's issuer"
	if top != ch.sent[0] {
		what = fmt.Sprintf("the chain stops at intermediate %s (#%d): its issuer", name(top), ch.path[len(ch.path)-1]+1)
	}
	msg := fmt.Sprintf("%s %q is neither among the %d certificate(s) sent nor a trusted root", what, top.Issuer.String(), len(ch.sent))
	for i, x := range ch.sent {
		if x != top && bytes.Equal(x.RawSubject, top.RawIssuer) {
			msg += fmt.Sprintf(" (#%d has that name but did not sign %s: another key, an outdated or wrong certificate)", i+1, name(top))
			break
		}
	}
	return msg + fmt.Sprintf(". If %q is an intermediate CA, send it after %s (CloudFront does not fetch missing intermediates); "+
		"if it is a private root, CloudFront will not trust this chain whatever is sent (tls.untrusted). "+
		"Only the missing certificate tells which", top.Issuer.String(), name(top))
}

// reportValidity judges the dates of every certificate on the path.
func (c *checker) reportValidity(target string, ch chain) {
	now := c.p.Now
	var expired, notYet, soon []string
	for n, i := range ch.path {
		x := ch.sent[i]
		what := role(n, x) + " " + name(x)
		switch {
		case now.After(x.NotAfter):
			expired = append(expired, fmt.Sprintf("%s expired %s (%s ago)", what, stamp(x.NotAfter), wholeDays(now.Sub(x.NotAfter))))
		case now.Before(x.NotBefore):
			notYet = append(notYet, fmt.Sprintf("%s is valid only from %s (in %s)", what, stamp(x.NotBefore), wholeDays(x.NotBefore.Sub(now))))
		case x.NotAfter.Sub(now) < c.p.ExpiryWarning:
			soon = append(soon, fmt.Sprintf("%s expires %s (in %s)", what, stamp(x.NotAfter), wholeDays(x.NotAfter.Sub(now))))
		}
	}
	leaf := ch.sent[0]
	valid := fmt.Sprintf("leaf valid %s to %s", day(leaf.NotBefore), day(leaf.NotAfter))
	judge := func(id report.ID, problems []string, warn bool) {
		switch {
		case len(problems) == 0:
			c.b.Pass(id, target, valid)
		case warn:
			c.b.Warn(id, target, strings.Join(problems, "; "))
		default:
			c.b.Fail(id, target, strings.Join(problems, "; "))
		}
	}
	judge(report.TLSExpired, expired, false)
	judge(report.TLSNotYetValid, notYet, false)
	if len(expired) > 0 {
		c.b.Add(report.Observation{ID: report.TLSExpiringSoon, Status: report.Skip, Target: target, Detail: "not judged: a certificate has already expired (see tls.expired)"})
	} else {
		judge(report.TLSExpiringSoon, soon, true)
	}
}

// reportKey judges the leaf key against the types CloudFront accepts
// (cflimits: "Requirements for using SSL/TLS certificates with CloudFront").
func (c *checker) reportKey(target string, leaf *x509.Certificate) {
	typ, bits := keyInfo(leaf.PublicKey)
	key := fmt.Sprintf("%s %d-bit key", typ, bits)
	switch k := leaf.PublicKey.(type) {
	case *rsa.PublicKey:
		if bits >= cflimits.RSAKeyBitsMin && bits <= cflimits.RSAKeyBitsMax {
			c.b.Pass(report.TLSUnsupportedKey, target, key)
			return
		}
	case *ecdsa.PublicKey:
		// Only the NIST curves AWS names (P-256, P-384) by their sizes.
		if (k.Curve == elliptic.P256() || k.Curve == elliptic.P384()) && slices.Contains(cflimits.ECDSAKeyBits, bits) {
			c.b.Pass(report.TLSUnsupportedKey, target, "ECDSA "+k.Curve.Params().Name+" key")
			return
		}
		key = "ECDSA " + k.Curve.Params().Name + " key"
	}
	c.b.Fail(report.TLSUnsupportedKey, target, key+": "+acceptedKeys)
}

// acceptedKeys says what CloudFront accepts, from cflimits.
var acceptedKeys = fmt.Sprintf("CloudFront accepts only RSA %d-%d-bit and ECDSA %s keys (\"Requirements for using SSL/TLS certificates with CloudFront\")",
	cflimits.RSAKeyBitsMin, cflimits.RSAKeyBitsMax, ecdsaCurves())

func ecdsaCurves() string {
	names := map[int]string{256: "P-256", 384: "P-384", 521: "P-521"}
	var out []string
	for _, b := range cflimits.ECDSAKeyBits {
		out = append(out, names[b])
	}
	return strings.Join(out, "/")
}

// reportNames judges whether the leaf covers the names CloudFront
// accepts: the origin domain or, when forwarded, the Host value.
func (c *checker) reportNames(target string, leaf *x509.Certificate) {
	id, wants := report.TLSNameMismatch, []string{c.p.DomainName}
	if c.p.HostHeader != "" {
		id, wants = report.TLSHostHeaderMismatch, []string{c.p.HostHeader, c.p.DomainName}
	}
	switch {
	case certname.CertCovers(leaf, wants[0]):
		c.b.Pass(id, target, "the certificate covers "+wants[0])
		return
	case len(wants) > 1 && certname.CertCovers(leaf, wants[1]):
		// AWS disagrees with itself here: the 502 page accepts a match on
		// either name, "Origin settings" wants the Host value. Warn.
		c.b.Warn(id, target, fmt.Sprintf("the certificate covers domain_name %s but not the forwarded Host %s; "+
			"CloudFront's 502 troubleshooting page accepts either name, its Origin settings page requires the Host name", wants[1], wants[0]))
		return
	}
	detail := fmt.Sprintf("the certificate names %s, none covers %s", identities(leaf), strings.Join(wants, " or "))
	for _, w := range wants {
		if _, isIP := certname.ParseIP(w); isIP {
			detail += " (an IP address is covered only by an IP address SAN, never by a DNS SAN or the CN)"
			break
		}
	}
	c.b.Fail(id, target, detail)
}

// identities lists what a certificate names and where each came from:
// its DNS SANs (or its CN, used only when there are none) and its IP
// address SANs.
func identities(leaf *x509.Certificate) string {
	var parts []string
	switch {
	case len(leaf.DNSNames) > 0:
		parts = append(parts, strings.Join(leaf.DNSNames, ", ")+" (DNS SANs)")
	case leaf.Subject.CommonName != "":
		parts = append(parts, leaf.Subject.CommonName+" (CN, used because there are no DNS SANs)")
	}
	if len(leaf.IPAddresses) > 0 {
		ips := make([]string, len(leaf.IPAddresses))
		for i, ip := range leaf.IPAddresses {
			ips[i] = ip.String()
		}
		part := strings.Join(ips, ", ") + " (IP SANs"
		if len(parts) == 0 {
			part += "; no DNS SANs, no CN"
		}
		parts = append(parts, part+")")
	}
	if len(parts) == 0 {
		return "nothing (no DNS or IP SANs, no CN)"
	}
	return strings.Join(parts, " and ")
}

func describeLeaf(leaf *x509.Certificate, sent int, now time.Time) Certificate {
	typ, bits := keyInfo(leaf.PublicKey)
	sans := append([]string(nil), leaf.DNSNames...)
	for _, ip := range leaf.IPAddresses {
		sans = append(sans, ip.String())
	}
	return Certificate{
		Subject:       leaf.Subject.String(),
		SANs:          sans,
		Issuer:        leaf.Issuer.String(),
		NotAfter:      leaf.NotAfter,
		DaysRemaining: daysLeft(leaf, now),
		ChainLength:   sent,
		KeyType:       typ,
		KeyBits:       bits,
	}
}

func keyInfo(pub any) (string, int) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return "RSA", k.N.BitLen()
	case *ecdsa.PublicKey:
		return "ECDSA", k.Curve.Params().BitSize
	case ed25519.PublicKey:
		return "Ed25519", 256
	default:
		return fmt.Sprintf("%T", pub), 0
	}
}

const oneDay = 24 * time.Hour

// daysLeft is Certificate.DaysRemaining: the time until c expires in
// days, rounded down, so that it is negative exactly when c has expired
// (-1 during the first 24 hours after, -2 during the next) and 0 during
// its last 24 hours, as days_until_expiry computes it. Messages say the
// whole days elapsed or remaining instead (wholeDays).
func daysLeft(c *x509.Certificate, now time.Time) int {
	d := c.NotAfter.Sub(now)
	n := d / oneDay
	if d < 0 && d%oneDay != 0 {
		n--
	}
	return int(n)
}

// wholeDays says how many whole days d (not negative) spans, as "N
// days": 36 hours is "1 day", under 24 hours "less than a day".
func wholeDays(d time.Duration) string {
	switch n := d / oneDay; n {
	case 0:
		return "less than a day"
	case 1:
		return "1 day"
	default:
		return fmt.Sprintf("%d days", n)
	}
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

// stamp is an instant in messages: to the second, in UTC.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// name identifies a certificate in messages by its CN, or its whole
// subject when it has no CN.
func name(c *x509.Certificate) string {
	if c.Subject.CommonName != "" {
		return fmt.Sprintf("%q", c.Subject.CommonName)
	}
	return fmt.Sprintf("%q", c.Subject.String())
}

func role(pathPos int, c *x509.Certificate) string {
	switch {
	case pathPos == 0:
		return "leaf"
	case selfSigned(c):
		return "root"
	default:
		return "intermediate"
	}
}

func listSent(sent []*x509.Certificate) string {
	parts := make([]string, len(sent))
	for i, c := range sent {
		parts[i] = fmt.Sprintf("#%d %s", i+1, name(c))
	}
	return strings.Join(parts, ", ")
}
