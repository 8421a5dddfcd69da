// Package originspec describes a CloudFront custom origin the way the
// aws_cloudfront_distribution origin block does, and checks the parts of it
// CloudFront rejects before any packet is sent. It needs no network, so the
// provider's pure functions use it as well as the engine.
package originspec

import (
	"fmt"
	"net"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/originhealth/terraform-provider-origin/internal/cflimits"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// Origin protocol policies, as CloudFront names them.
const (
	HTTPOnly    = "http-only"
	HTTPSOnly   = "https-only"
	MatchViewer = "match-viewer"
)

// Policies lists the valid origin_protocol_policy values.
var Policies = []string{HTTPOnly, HTTPSOnly, MatchViewer}

// Protocols lists the origin_ssl_protocols values CloudFront accepts, oldest
// first. There is no TLS 1.3 between CloudFront and origins.
var Protocols = []string{"SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"}

// Defaults for an origin argument left unset (the schema descriptions
// state them) and for certificate_expiry_warning_days.
const (
	DefaultPolicy            = HTTPSOnly
	DefaultHTTPPort          = 80
	DefaultHTTPSPort         = 443
	DefaultExpiryWarningDays = 30
)

// DefaultProtocols is the default origin_ssl_protocols.
var DefaultProtocols = []string{"TLSv1.2"}

// ip_address_type values: the address families CloudFront uses to reach
// the origin.
const (
	IPv4      = "ipv4"
	IPv6      = "ipv6"
	DualStack = "dualstack"
)

// IPAddressTypes lists the valid ip_address_type values; ipv4 is CloudFront's default.
var IPAddressTypes = []string{IPv4, IPv6, DualStack}

// reachable_from values (not an AWS name): who the origin admits.
const (
	ReachableFromAnywhere   = "anywhere"
	ReachableFromCloudFront = "cloudfront"
)

// ReachableFromValues lists the valid reachable_from values.
var ReachableFromValues = []string{ReachableFromAnywhere, ReachableFromCloudFront}

// CloudFront's connection settings (cflimits): connection_attempts 1-3
// (default 3), connection_timeout 1-10 seconds (default 10).
const (
	DefaultConnectionAttempts = cflimits.ConnectionAttemptsDefault
	MinConnectionAttempts     = cflimits.ConnectionAttemptsMin
	MaxConnectionAttempts     = cflimits.ConnectionAttemptsMax
	DefaultConnectionTimeout  = cflimits.ConnectionTimeoutDefault
	MinConnectionTimeout      = cflimits.ConnectionTimeoutMin
	MaxConnectionTimeout      = cflimits.ConnectionTimeoutMax
)

// Spec is one origin to check.
type Spec struct {
	DomainName     string
	ProtocolPolicy string
	HTTPPort       int
	HTTPSPort      int
	SSLProtocols   []string
	// HostHeader is the Host value CloudFront forwards ("" when it sends
	// domain_name). CloudFront then uses it as SNI.
	HostHeader string
	// CustomHeaders are the names of the origin's custom_header blocks
	// (provider::origin::config_problems reads them; origin_health has none).
	CustomHeaders []string
	// ExpiryWarningDays is the notice wanted before the certificate
	// expires; 0 means no warning.
	ExpiryWarningDays int
	// IPAddressType is ip_address_type: which families CloudFront uses.
	IPAddressType string
	// ConnectionAttempts and ConnectionTimeout (seconds) are CloudFront's
	// connection settings for the origin.
	ConnectionAttempts int
	ConnectionTimeout  int
	// ClientCertificateARN is origin_mtls_config.client_certificate_arn:
	// the certificate CloudFront presents to the origin ("" for none).
	ClientCertificateARN string
	// ClientCertificateDeclared is true when origin_mtls_config is set,
	// whatever its ARN holds.
	ClientCertificateDeclared bool
	// ReachableFrom is "anywhere", or "cloudfront" for an origin that
	// admits only CloudFront's address ranges.
	ReachableFrom string
	// VPCOriginID is vpc_origin_config.vpc_origin_id: CloudFront reaches
	// the origin inside a VPC, so only its configuration is checked here.
	VPCOriginID string
	// HTTPRequest is the origin request the http stage sends; nil sends
	// none (the stage is skipped).
	HTTPRequest *HTTPRequest
}

// IsVPCOrigin reports whether CloudFront reaches the origin inside a VPC.
func (s Spec) IsVPCOrigin() bool { return s.VPCOriginID != "" }

// Normalize returns s with the connection defaults filled in and names in the form DNS
// compares them: lower case, no trailing dot.
func (s Spec) Normalize() Spec {
	s.DomainName = CanonicalName(s.DomainName)
	s.HostHeader = hostName(s.HostHeader)
	if s.ProtocolPolicy == "" {
		s.ProtocolPolicy = DefaultPolicy
	}
	if s.HTTPPort == 0 {
		s.HTTPPort = DefaultHTTPPort
	}
	if s.HTTPSPort == 0 {
		s.HTTPSPort = DefaultHTTPSPort
	}
	if s.SSLProtocols == nil {
		s.SSLProtocols = DefaultProtocols
	}
	if s.IPAddressType == "" {
		s.IPAddressType = IPv4
	}
	if s.ConnectionAttempts == 0 {
		s.ConnectionAttempts = DefaultConnectionAttempts
	}
	if s.ConnectionTimeout == 0 {
		s.ConnectionTimeout = DefaultConnectionTimeout
	}
	if s.ReachableFrom == "" {
		s.ReachableFrom = ReachableFromAnywhere
	}
	if s.ClientCertificateARN != "" {
		s.ClientCertificateDeclared = true
	}
	if s.HTTPRequest != nil {
		r := s.HTTPRequest.Normalize()
		s.HTTPRequest = &r
	}
	return s
}

// UsesIPv4 and UsesIPv6 report whether CloudFront connects to the origin's
// A or AAAA addresses under ip_address_type.
func (s Spec) UsesIPv4() bool { return s.IPAddressType != IPv6 }
func (s Spec) UsesIPv6() bool { return s.IPAddressType == IPv6 || s.IPAddressType == DualStack }

// UsesFamily reports whether CloudFront connects to addresses of a's family.
func (s Spec) UsesFamily(a netip.Addr) bool {
	if a.Unmap().Is4() {
		return s.UsesIPv4()
	}
	return s.UsesIPv6()
}

// LockedToCloudFront reports whether the origin admits only CloudFront's ranges.
func (s Spec) LockedToCloudFront() bool { return s.ReachableFrom == ReachableFromCloudFront }

// CanonicalName lower-cases a host name and drops one trailing dot, as DNS
// treats "Example.COM." and "example.com" as the same name. A dot after an
// empty or blank label ("a..", "a .") stays, for the name to be rejected:
// normalizing twice, as the provider and the engine both do, must not make
// it valid.
func CanonicalName(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if trimmed := strings.TrimSuffix(name, "."); trimmed == strings.TrimSpace(trimmed) && !strings.HasSuffix(trimmed, ".") {
		return trimmed
	}
	return name
}

// hostName is the name in a Host value: canonical, without its port. It
// strips until nothing changes, so that normalizing twice changes nothing
// ("[a:1]:2" gives "a", not "a:1" then "a"). A value with blanks inside is
// left whole: no trimming may turn "a :1" into a valid "a".
func hostName(host string) string {
	host = CanonicalName(host)
	if strings.ContainsFunc(host, unicode.IsSpace) {
		return host
	}
	for {
		next := CanonicalName(stripPort(host))
		if next == host {
			return host
		}
		host = next
	}
}

// stripPort drops a port from a Host value ("example.com:8443",
// "[2001:db8::1]:443"): it is not part of the name CloudFront sends as SNI.
func stripPort(host string) string {
	if h, port, err := net.SplitHostPort(host); err == nil && port != "" && strings.Trim(port, "0123456789") == "" {
		return h
	}
	return host
}

// UsesHTTP reports whether CloudFront may connect to http_port.
func (s Spec) UsesHTTP() bool { return s.ProtocolPolicy != HTTPSOnly }

// UsesHTTPS reports whether CloudFront may connect to https_port.
func (s Spec) UsesHTTPS() bool { return s.ProtocolPolicy != HTTPOnly }

// SNI is the server name CloudFront sends: the forwarded Host value when
// there is one, else the origin domain name.
func (s Spec) SNI() string {
	if s.HostHeader != "" {
		return s.HostHeader
	}
	return s.DomainName
}

// s3WebsiteEndpoint matches both S3 website endpoint spellings:
// bucket.s3-website-us-east-1.amazonaws.com and bucket.s3-website.eu-west-1.amazonaws.com.
var s3WebsiteEndpoint = regexp.MustCompile(`\.s3-website[.-][a-z0-9-]+\.amazonaws\.com$`)

// hostLabel is one DNS label as CloudFront accepts it in an origin name.
var hostLabel = regexp.MustCompile(`^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$`)

// Check reports every configuration check for s (already normalized) into
// b and returns the failed checks that stop the origin from being probed
// (none when it can be).
func Check(s Spec, b *report.Builder) (blockers []report.ID) {
	if problem := domainProblem(s.DomainName); problem != "" {
		b.Fail(report.ConfigDomainName, "domain_name "+quote(s.DomainName), problem)
		b.NotApplicable(report.ConfigIPLiteral, "domain_name is not a valid name")
		blockers = append(blockers, report.ConfigDomainName)
	} else {
		b.Pass(report.ConfigDomainName, "", s.DomainName)
		if _, err := netip.ParseAddr(strings.Trim(s.DomainName, "[]")); err == nil {
			b.Fail(report.ConfigIPLiteral, "domain_name "+quote(s.DomainName), "is an IP address")
			blockers = append(blockers, report.ConfigIPLiteral)
		} else {
			b.Pass(report.ConfigIPLiteral, "", s.DomainName+" is a host name")
		}
	}

	portsOK := true
	for _, p := range []struct {
		attr string
		port int
	}{{"http_port", s.HTTPPort}, {"https_port", s.HTTPSPort}} {
		if !PortAllowed(p.port) {
			b.Fail(report.ConfigPortOutOfRange, p.attr, fmt.Sprintf("%d is not 80, 443 or 1024-65535", p.port))
			portsOK = false
		}
	}
	if portsOK {
		b.Pass(report.ConfigPortOutOfRange, "", fmt.Sprintf("http_port %d, https_port %d", s.HTTPPort, s.HTTPSPort))
	} else {
		blockers = append(blockers, report.ConfigPortOutOfRange)
	}

	if bad := unknownProtocols(s.SSLProtocols); len(s.SSLProtocols) == 0 {
		b.Fail(report.ConfigUnknownProtocol, "origin_ssl_protocols", "is empty")
		blockers = appendIf(blockers, s.UsesHTTPS(), report.ConfigUnknownProtocol)
	} else if len(bad) > 0 {
		b.Fail(report.ConfigUnknownProtocol, "origin_ssl_protocols", "has "+strings.Join(bad, ", ")+", which CloudFront does not offer to origins")
		blockers = appendIf(blockers, s.UsesHTTPS(), report.ConfigUnknownProtocol)
	} else {
		b.Pass(report.ConfigUnknownProtocol, "", strings.Join(s.SSLProtocols, ", "))
	}

	checkCustomHeaders(s.CustomHeaders, b)
	blockers = append(blockers, checkConnectionSettings(s, b)...)

	if !s3WebsiteEndpoint.MatchString(s.DomainName) {
		b.NotApplicable(report.ConfigS3WebsiteHTTPS, "domain_name is not an S3 website endpoint")
	} else if s.UsesHTTPS() {
		b.Fail(report.ConfigS3WebsiteHTTPS, "domain_name "+quote(s.DomainName),
			"is an S3 website endpoint and origin_protocol_policy is "+quote(s.ProtocolPolicy))
	} else {
		b.Pass(report.ConfigS3WebsiteHTTPS, "", "S3 website endpoint reached over HTTP")
	}
	return blockers
}

func appendIf(list []report.ID, cond bool, id report.ID) []report.ID {
	if cond {
		return append(list, id)
	}
	return list
}

// deniedHeaders are the custom headers CloudFront can't add to origin
// requests, lower case, and the prefixes it reserves ("Custom headers that
// CloudFront can't add to origin requests", CloudFront Developer Guide).
var (
	deniedHeaders = []string{
		"cache-control", "connection", "content-length", "cookie", "host", "if-match",
		"if-modified-since", "if-none-match", "if-range", "if-unmodified-since", "max-forwards",
		"pragma", "proxy-authenticate", "proxy-authorization", "proxy-connection", "range",
		"request-range", "te", "trailer", "transfer-encoding", "upgrade", "via", "x-real-ip",
	}
	deniedHeaderPrefixes = []string{"x-amz-", "x-edge-"}
)

func checkCustomHeaders(names []string, b *report.Builder) {
	if len(names) == 0 {
		b.NotApplicable(report.ConfigCustomHeader, "no custom headers given (provider::origin::config_problems checks an origin block's custom_header)")
		return
	}
	ok := true
	for _, name := range names {
		lower := strings.ToLower(strings.TrimSpace(name))
		if slices.Contains(deniedHeaders, lower) || slices.ContainsFunc(deniedHeaderPrefixes, func(p string) bool { return strings.HasPrefix(lower, p) }) {
			b.Fail(report.ConfigCustomHeader, "custom_header "+quote(name), "is a header CloudFront can't add to origin requests")
			ok = false
		}
	}
	if ok {
		b.Pass(report.ConfigCustomHeader, "", strings.Join(names, ", "))
	}
}

// acmCertificateARN matches an ACM certificate in us-east-1, where
// CloudFront takes certificates from.
var acmCertificateARN = regexp.MustCompile(`^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/[A-Za-z0-9-]+$`)

// checkConnectionSettings reports ip_address_type, connection_attempts,
// connection_timeout and origin_mtls_config, and tells
// whether the origin can still be probed.
func checkConnectionSettings(s Spec, b *report.Builder) (blockers []report.ID) {
	switch {
	case !slices.Contains(IPAddressTypes, s.IPAddressType):
		b.Fail(report.ConfigIPAddressType, "ip_address_type "+quote(s.IPAddressType), "is not ipv4, ipv6 or dualstack")
		blockers = append(blockers, report.ConfigIPAddressType)
	case s.IsVPCOrigin() && s.IPAddressType == IPv6:
		b.Fail(report.ConfigIPAddressType, "ip_address_type "+quote(s.IPAddressType), "is not allowed for a VPC origin (ipv4 or dualstack only)")
	default:
		b.Pass(report.ConfigIPAddressType, "", s.IPAddressType)
	}
	for _, setting := range []struct {
		id       report.ID
		attr     string
		value    int
		min, max int
		unit     string
	}{
		{report.ConfigConnectionAttempts, "connection_attempts", s.ConnectionAttempts, MinConnectionAttempts, MaxConnectionAttempts, ""},
		{report.ConfigConnectionTimeout, "connection_timeout", s.ConnectionTimeout, MinConnectionTimeout, MaxConnectionTimeout, " seconds"},
	} {
		if setting.value < setting.min || setting.value > setting.max {
			b.Fail(setting.id, setting.attr, fmt.Sprintf("%d%s is outside CloudFront's range %d-%d", setting.value, setting.unit, setting.min, setting.max))
			blockers = append(blockers, setting.id)
			continue
		}
		b.Pass(setting.id, "", fmt.Sprintf("%s %d%s", setting.attr, setting.value, setting.unit))
	}
	switch {
	case !s.ClientCertificateDeclared:
		b.NotApplicable(report.ConfigOriginMTLS, "no origin_mtls_config: CloudFront presents no client certificate")
	case !acmCertificateARN.MatchString(s.ClientCertificateARN):
		b.Fail(report.ConfigOriginMTLS, "origin_mtls_config.client_certificate_arn "+quote(s.ClientCertificateARN),
			"is not an ACM certificate ARN in us-east-1 (arn:aws:acm:us-east-1:<account>:certificate/<id>)")
	case !s.UsesHTTPS():
		b.Fail(report.ConfigOriginMTLS, "origin_mtls_config", "is set while origin_protocol_policy is http-only: a client certificate needs HTTPS")
	case s.IsVPCOrigin():
		b.Fail(report.ConfigOriginMTLS, "origin_mtls_config", "is set on a VPC origin, which CloudFront's origin mTLS does not support")
	default:
		b.Pass(report.ConfigOriginMTLS, "", "client certificate "+s.ClientCertificateARN)
	}
	return blockers
}

// HostProblem says what is wrong with a Host header value, a host name
// or IP address with an optional port, or returns "" when CloudFront can
// forward it. Empty means no Host header.
func HostProblem(host string) string {
	if strings.TrimSpace(host) == "" {
		return ""
	}
	if _, port, err := net.SplitHostPort(CanonicalName(host)); err == nil {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Sprintf("has the port %q; a port is a number from 1 to 65535", port)
		}
	}
	name := hostName(host)
	if a, err := netip.ParseAddr(strings.Trim(name, "[]")); err == nil {
		if a.Zone() != "" {
			return "has an IPv6 zone, which no Host header carries"
		}
		return ""
	}
	return domainProblem(name)
}

// domainProblem says what is wrong with name as an origin domain name, or
// returns "" when it is a valid host name.
func domainProblem(name string) string {
	switch {
	case name == "":
		return "is empty"
	case strings.Contains(name, "://"):
		return "contains a URL scheme; give only the host name"
	case strings.ContainsAny(name, "/?#"):
		return "contains a path; give only the host name"
	case strings.Contains(name, ":") && !isIPv6(name):
		return "contains a port; set http_port/https_port instead"
	case len(name) > 253:
		return fmt.Sprintf("is %d characters long; DNS names have at most 253", len(name))
	}
	if isIPv6(name) {
		return "" // reported by config.ip_literal
	}
	for _, label := range strings.Split(name, ".") {
		if !hostLabel.MatchString(label) {
			return fmt.Sprintf("has the label %q; labels are 1-63 of a-z, 0-9, '-', '_' and do not start or end with '-'", label)
		}
	}
	return ""
}

func isIPv6(name string) bool {
	a, err := netip.ParseAddr(strings.Trim(name, "[]"))
	return err == nil && a.Is6()
}

// PortAllowed reports whether CloudFront accepts p as an origin port.
func PortAllowed(p int) bool { return p == 80 || p == 443 || (p >= 1024 && p <= 65535) }

func unknownProtocols(list []string) []string {
	var bad []string
	for _, p := range list {
		if !slices.Contains(Protocols, p) {
			bad = append(bad, quote(p))
		}
	}
	return bad
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

// DomainProblem says what is wrong with name as an origin domain name (a
// URL, a path, a port, a bad label), or returns "" for a host name or an IP
// address (an IP is config.ip_literal's finding, not a malformed name).
func DomainProblem(name string) string { return domainProblem(CanonicalName(name)) }
