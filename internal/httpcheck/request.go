package httpcheck

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"maps"
	"net/textproto"
	"slices"
	"strings"

	"github.com/originhealth/terraform-provider-origin/internal/originspec"
)

// CloudFront's own request headers, as an origin sees them (an origin's
// access log: "User-Agent: Amazon CloudFront", "Via: 1.1 <32 hex
// digits>.cloudfront.net (CloudFront)", "X-Amz-Cf-Id: <56 characters>").
const userAgent = "Amazon CloudFront"

// ValidHeader reports why a header cannot be sent as one of
// http_request.headers, "" when it can: a token name, a value without
// CR, LF or NUL, and not Host (host_header sets it) or a header that
// frames the request (Connection, Content-Length, Transfer-Encoding).
func ValidHeader(name, value string) string {
	if name == "" || !isToken([]byte(name)) {
		return "the name must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~, no spaces or colons)"
	}
	if strings.ContainsAny(value, "\r\n\x00") {
		return "the value must not contain CR, LF or NUL"
	}
	switch textproto.CanonicalMIMEHeaderKey(name) {
	case "Host":
		return "set host_header instead: it is also the TLS server name CloudFront sends"
	case "Connection", "Content-Length", "Transfer-Encoding", "Keep-Alive", "Te", "Upgrade":
		return "CloudFront manages this header on its connections to the origin"
	}
	return ""
}

// buildRequest writes the request CloudFront would send for r to host.
func buildRequest(host string, r originspec.HTTPRequest) []byte {
	headers := map[string]string{
		"User-Agent":  userAgent,
		"Via":         "1.1 " + randomHex(16) + ".cloudfront.net (CloudFront)",
		"X-Amz-Cf-Id": randomID(),
	}
	for name, value := range r.Headers {
		if ValidHeader(name, value) == "" {
			headers[textproto.CanonicalMIMEHeaderKey(name)] = value
		}
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]" // an IPv6 host_header
	}
	var sb strings.Builder
	sb.WriteString(r.Method + " " + r.Path + " HTTP/1.1\r\nHost: " + host + "\r\n")
	for _, name := range slices.Sorted(maps.Keys(headers)) {
		sb.WriteString(name + ": " + headers[name] + "\r\n")
	}
	sb.WriteString("Connection: keep-alive\r\n\r\n")
	return []byte(sb.String())
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// randomID looks like an X-Amz-Cf-Id: 56 characters of URL-safe base64.
func randomID() string {
	b := make([]byte, 42)
	_, _ = rand.Read(b)
	return base64.URLEncoding.EncodeToString(b)
}
