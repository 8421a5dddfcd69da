// Package cflimits is CloudFront's limits on origins, each defined once
// with the AWS page it comes from and when that page was read. The other
// packages take them from here: originspec's ranges, the HTTP stage's
// response head limit, origin groups' failover codes, the TLS stage's key
// sizes. Where AWS's pages disagree, both values are here and the doubt is
// said where they are used.
package cflimits

import "slices"

// Connection settings ("Origin settings" → Connection attempts, Connection
// timeout; API CustomOriginConfig/Origin; read 2026-11).
const (
	ConnectionAttemptsMin     = 1
	ConnectionAttemptsMax     = 3
	ConnectionAttemptsDefault = 3
	// Seconds.
	ConnectionTimeoutMin     = 1
	ConnectionTimeoutMax     = 10
	ConnectionTimeoutDefault = 10
)

// Response and keep-alive timeouts, in seconds ("Origin settings" →
// Response timeout, Keep-alive timeout; "Quotas" allows more by request,
// which this provider does not follow; read 2026-11).
const (
	OriginReadTimeoutMin          = 1
	OriginReadTimeoutMax          = 120
	OriginReadTimeoutDefault      = 30
	OriginKeepaliveTimeoutMin     = 1
	OriginKeepaliveTimeoutMax     = 120
	OriginKeepaliveTimeoutDefault = 5
)

// The response head limit: "Quotas" → "Maximum length of a request or an
// origin response, including headers and query strings, but not including
// the body content". AWS's pages gave 20,480 bytes through late 2025 and
// give 32,768 bytes in newer snapshots (read 2026-11): a head above the
// newer value is over both; one between them is over the older one only.
// No limit on the number of header lines is documented.
const (
	ResponseHeadMax      = 32768
	ResponseHeadMaxOlder = 20480
)

// FailoverStatusCodes are the codes an origin group's failover_criteria may
// list ("Optimize high availability with CloudFront origin failover" →
// "Create an origin group"; read 2026-11).
var FailoverStatusCodes = []int{400, 403, 404, 416, 500, 502, 503, 504}

// IsFailoverStatusCode reports whether code may be in failover_criteria.
func IsFailoverStatusCode(code int) bool { return slices.Contains(FailoverStatusCodes, code) }

// Origin certificate keys ("Requirements for using SSL/TLS certificates
// with CloudFront" → "Certificate key sizes"; read 2026-11): RSA 1024 to
// 4096 bits; ECDSA 256 and 384 bits (P-256 and P-384; older versions of
// the page listed 256 only). P-521 and Ed25519 are not listed.
const (
	RSAKeyBitsMin = 1024
	RSAKeyBitsMax = 4096
)

// ECDSAKeyBits are the ECDSA key sizes the page lists.
var ECDSAKeyBits = []int{256, 384}
