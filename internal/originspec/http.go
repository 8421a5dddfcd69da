package originspec

import (
	"strings"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/cflimits"
)

// http_request defaults and bounds, as CloudFront's custom_origin_config
// has them (cflimits): origin_read_timeout 1-120 s (30),
// origin_keepalive_timeout 1-120 s (5).
const (
	DefaultHTTPPath               = "/"
	DefaultHTTPMethod             = "HEAD"
	DefaultOriginReadTimeout      = cflimits.OriginReadTimeoutDefault
	DefaultOriginKeepaliveTimeout = cflimits.OriginKeepaliveTimeoutDefault
	MinOriginReadTimeout          = cflimits.OriginReadTimeoutMin
	MaxOriginReadTimeout          = cflimits.OriginReadTimeoutMax
	MinOriginKeepaliveTimeout     = cflimits.OriginKeepaliveTimeoutMin
	MaxOriginKeepaliveTimeout     = cflimits.OriginKeepaliveTimeoutMax
)

// HTTPMethods are the methods http_request may send.
var HTTPMethods = []string{"HEAD", "GET"}

// HTTPRequest is the origin request the http stage sends, as CloudFront
// would forward it: nil in a Spec means no request is sent.
type HTTPRequest struct {
	// Path is the request target, starting with "/". A caller with an
	// origin_path joins it first (JoinOriginPath): the engine sends Path
	// as it is.
	Path string
	// Method is HEAD or GET.
	Method string
	// Headers are added to CloudFront's own (Host, User-Agent, Via,
	// X-Amz-Cf-Id); a header named like one of those replaces it, except
	// Host, which is host_header's.
	Headers map[string]string
	// ReadTimeout is origin_read_timeout, KeepaliveTimeout is
	// origin_keepalive_timeout, both in seconds.
	ReadTimeout      int
	KeepaliveTimeout int
	// MeasureKeepalive asks for the idle connection to be watched for up
	// to KeepaliveTimeout after the response, to see whether the origin
	// closes it before CloudFront would.
	MeasureKeepalive bool
}

// Normalize fills in the defaults.
func (r HTTPRequest) Normalize() HTTPRequest {
	if r.Path == "" {
		r.Path = DefaultHTTPPath
	}
	if !strings.HasPrefix(r.Path, "/") {
		r.Path = "/" + r.Path
	}
	r.Method = strings.ToUpper(r.Method)
	if r.Method == "" {
		r.Method = DefaultHTTPMethod
	}
	if r.ReadTimeout == 0 {
		r.ReadTimeout = DefaultOriginReadTimeout
	}
	if r.KeepaliveTimeout == 0 {
		r.KeepaliveTimeout = DefaultOriginKeepaliveTimeout
	}
	return r
}

// ReadTimeoutDuration and KeepaliveDuration are the timeouts as durations.
func (r HTTPRequest) ReadTimeoutDuration() time.Duration {
	return time.Duration(r.ReadTimeout) * time.Second
}

func (r HTTPRequest) KeepaliveDuration() time.Duration {
	return time.Duration(r.KeepaliveTimeout) * time.Second
}

// JoinOriginPath is the path CloudFront requests from an origin with
// origin_path for a viewer request of path: origin_path ("/api", no
// trailing slash) followed by the viewer's path ("/v1/x" gives
// "/api/v1/x"). An empty origin_path leaves path as it is.
func JoinOriginPath(originPath, path string) string {
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	originPath = strings.TrimRight(originPath, "/")
	if originPath == "" {
		return path
	}
	if !strings.HasPrefix(originPath, "/") {
		originPath = "/" + originPath
	}
	return originPath + path
}

// Redacted replaces what is cut from a shown path or URL.
const Redacted = "?…"

// DisplayPath is an http_request path (or a URL, such as a redirect's
// Location) as every message, summary, diagnostic, log record and output
// shows it: everything from its query (or fragment) on becomes "?…",
// since query strings carry tokens and signatures. Only the request sent
// to the origin keeps the query. Header values are never shown at all.
func DisplayPath(p string) string {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		return p[:i] + Redacted
	}
	return p
}

// PathProblem says what is wrong with an http_request path, or returns
// "" when it can be sent: it starts with / and has no blank or control
// character (those must be percent-encoded).
func PathProblem(p string) string {
	if !strings.HasPrefix(p, "/") || strings.ContainsFunc(p, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return "must start with / and contain no spaces or control characters (percent-encode them)"
	}
	return ""
}
