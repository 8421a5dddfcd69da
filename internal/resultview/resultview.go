// Package resultview is the one mapping from an engine result to the
// result object users see: data "origin_health"'s attributes, and
// origincheck's --json output. Field tags carry the Terraform attribute
// names twice: `json` for origincheck, and `tfsdk` for the nested objects
// the provider stores as they are (checks, nameservers, tls), so the
// provider's model and the JSON cannot drift apart.
//
// It has no Terraform imports: tags are only strings.
package resultview

import (
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// Detail is how much of a result is kept: the data sources' detail.
type Detail string

const (
	// DetailProblems (the data sources' default): a check that is not a
	// problem (report.Check.IsProblem: it passed, or it did not run and
	// hides no warning or failure) keeps its category and status only, and nothing
	// measured (times) is kept,
	// so an unchanged origin reads back the same state on every refresh.
	DetailProblems Detail = "problems"
	// DetailFull keeps every message, with the times measured.
	DetailFull Detail = "full"
)

// Details are the values of detail, the default first.
var Details = []string{string(DetailProblems), string(DetailFull)}

// Health is one checked origin: the effective arguments of origin_health
// and its computed attributes, under their attribute names. on_failure is
// not here: it is how Terraform reacts to the result (origincheck's exit
// code plays that part), not part of the result.
type Health struct {
	ID                           string      `json:"id"`
	DomainName                   string      `json:"domain_name"`
	OriginProtocolPolicy         string      `json:"origin_protocol_policy"`
	HTTPPort                     int64       `json:"http_port"`
	HTTPSPort                    int64       `json:"https_port"`
	OriginSSLProtocols           []string    `json:"origin_ssl_protocols"`
	HostHeader                   *string     `json:"host_header"`
	CertificateExpiryWarningDays int64       `json:"certificate_expiry_warning_days"`
	SkipChecks                   []string    `json:"skip_checks"`
	IPAddressType                string      `json:"ip_address_type"`
	ConnectionAttempts           int64       `json:"connection_attempts"`
	ConnectionTimeout            int64       `json:"connection_timeout"`
	OriginMTLSConfig             *MTLSConfig `json:"origin_mtls_config"`
	ReachableFrom                string      `json:"reachable_from"`
	// HTTPRequest is nil when no request is sent. Header values are
	// sensitive: only their names are shown.
	HTTPRequest *HTTPRequest `json:"http_request"`
	// Detail is what the result keeps: "full" in origincheck's output.
	Detail string `json:"detail"`

	Healthy bool   `json:"healthy"`
	Summary string `json:"summary"`
	// Checks is keyed by check id.
	Checks    map[string]Check `json:"checks"`
	Addresses []string         `json:"addresses"`
	// CNAMEChain lists the names DNS followed, the origin first.
	CNAMEChain  []string     `json:"cname_chain"`
	Nameservers []Nameserver `json:"nameservers"`
	// TLS is nil when no handshake completed.
	TLS *TLS `json:"tls"`
	// HTTP is nil when the http stage got no response head.
	HTTP *HTTP `json:"http"`
}

// HTTPRequest is http_request as the engine sends it (defaults filled).
type HTTPRequest struct {
	Path                   string            `json:"path"`
	Method                 string            `json:"method"`
	Headers                map[string]string `json:"headers"`
	OriginReadTimeout      int64             `json:"origin_read_timeout"`
	OriginKeepaliveTimeout int64             `json:"origin_keepalive_timeout"`
	MeasureKeepalive       bool              `json:"measure_keepalive"`
}

// sensitiveValue stands for a header value in the result object.
const sensitiveValue = "(sensitive)"

// HTTP is what the origin answered to http_request.
type HTTP struct {
	StatusCode int64 `json:"status_code" tfsdk:"status_code"`
	// TimeToFirstByteMS is nil unless the detail is full.
	TimeToFirstByteMS *int64 `json:"time_to_first_byte_ms" tfsdk:"time_to_first_byte_ms"`
}

// MTLSConfig is origin_mtls_config.
type MTLSConfig struct {
	ClientCertificateARN string `json:"client_certificate_arn" tfsdk:"client_certificate_arn"`
}

// Check is one entry of checks, under its id. A problem (a warning, a
// failure, or one of them skip_checks hid) has every field; any other
// check has its message only with DetailFull, and a remediation only
// when it did not pass.
type Check struct {
	Category    string  `json:"category" tfsdk:"category"`
	Status      string  `json:"status" tfsdk:"status"`
	Message     *string `json:"message" tfsdk:"message"`
	Remediation *string `json:"remediation" tfsdk:"remediation"`
}

// ChecksOf is checks as the checks map holds them, by id, as detail
// keeps them.
func ChecksOf(checks []report.Check, detail Detail) map[string]Check {
	out := make(map[string]Check, len(checks))
	for _, c := range checks {
		out[string(c.ID)] = newCheck(c, detail)
	}
	return out
}

// newCheck is c as detail keeps it.
func newCheck(c report.Check, detail Detail) Check {
	v := Check{Category: string(c.Category), Status: string(c.Status)}
	message := c.Compact
	if detail == DetailFull {
		message = c.Message
	}
	if detail == DetailFull || c.IsProblem() {
		v.Message = &message
		if c.Status != report.Pass {
			remediation := c.Remediation
			v.Remediation = &remediation
		}
	}
	return v
}

// Nameserver is one entry of nameservers.
type Nameserver struct {
	Name    string `json:"name" tfsdk:"name"`
	Address string `json:"address" tfsdk:"address"`
	Zone    string `json:"zone" tfsdk:"zone"`
	Status  string `json:"status" tfsdk:"status"`
	Detail  string `json:"detail" tfsdk:"detail"`
}

// TLS is what the handshake negotiated.
type TLS struct {
	Version     string      `json:"version" tfsdk:"version"`
	CipherSuite string      `json:"cipher_suite" tfsdk:"cipher_suite"`
	Certificate Certificate `json:"certificate" tfsdk:"certificate"`
}

// Certificate is the leaf certificate the origin sent.
type Certificate struct {
	Subject       string   `json:"subject" tfsdk:"subject"`
	SANs          []string `json:"sans" tfsdk:"sans"`
	Issuer        string   `json:"issuer" tfsdk:"issuer"`
	NotAfter      string   `json:"not_after" tfsdk:"not_after"`
	DaysRemaining int64    `json:"days_remaining" tfsdk:"days_remaining"`
	ChainLength   int64    `json:"chain_length" tfsdk:"chain_length"`
	KeyType       string   `json:"key_type" tfsdk:"key_type"`
	KeyBits       int64    `json:"key_bits" tfsdk:"key_bits"`
}

// FromResult is FromResultDetail with DetailFull: origincheck --json's
// result, every message and time included.
func FromResult(spec originspec.Spec, res engine.Result) Health {
	return FromResultDetail(spec, res, DetailFull)
}

// FromResultDetail is the result object for spec (normalized here, as the
// engine does) and what the engine found, keeping what detail keeps (an
// unknown detail keeps what DetailProblems does). Lists and maps are never
// nil, so they print as [] and {} rather than null. SkipChecks is left nil:
// spec does not carry it, and the caller knows what it asked for.
func FromResultDetail(spec originspec.Spec, res engine.Result, detail Detail) Health {
	spec = spec.Normalize()
	h := Health{
		ID:                           spec.DomainName,
		DomainName:                   spec.DomainName,
		OriginProtocolPolicy:         spec.ProtocolPolicy,
		HTTPPort:                     int64(spec.HTTPPort),
		HTTPSPort:                    int64(spec.HTTPSPort),
		OriginSSLProtocols:           append([]string{}, spec.SSLProtocols...),
		CertificateExpiryWarningDays: int64(spec.ExpiryWarningDays),
		IPAddressType:                spec.IPAddressType,
		ConnectionAttempts:           int64(spec.ConnectionAttempts),
		ConnectionTimeout:            int64(spec.ConnectionTimeout),
		ReachableFrom:                spec.ReachableFrom,
		Detail:                       string(detail),
	}
	if spec.HostHeader != "" {
		h.HostHeader = &spec.HostHeader
	}
	if spec.ClientCertificateDeclared {
		h.OriginMTLSConfig = &MTLSConfig{ClientCertificateARN: spec.ClientCertificateARN}
	}
	if r := spec.HTTPRequest; r != nil {
		// The query may hold a token: shown as "?…", like header values.
		h.HTTPRequest = &HTTPRequest{Path: originspec.DisplayPath(r.Path), Method: r.Method, Headers: map[string]string{},
			OriginReadTimeout: int64(r.ReadTimeout), OriginKeepaliveTimeout: int64(r.KeepaliveTimeout), MeasureKeepalive: r.MeasureKeepalive}
		for name := range r.Headers {
			h.HTTPRequest.Headers[name] = sensitiveValue
		}
	}
	if res.HTTP != nil {
		h.HTTP = &HTTP{StatusCode: int64(res.HTTP.StatusCode)}
		if detail == DetailFull {
			ms := res.HTTP.TimeToFirstByte.Milliseconds()
			h.HTTP.TimeToFirstByteMS = &ms
		}
	}

	r := res.Report
	h.Healthy = r.Healthy
	h.Summary = r.Summary
	h.Checks = make(map[string]Check, len(r.Checks))
	for _, c := range r.Checks {
		h.Checks[string(c.ID)] = newCheck(c, detail)
	}
	h.Addresses = make([]string, 0, len(res.Addresses))
	for _, a := range res.Addresses {
		h.Addresses = append(h.Addresses, a.String())
	}
	h.CNAMEChain = append([]string{}, res.CNAMEChain...)
	h.Nameservers = make([]Nameserver, 0, len(res.Nameservers))
	for _, ns := range res.Nameservers {
		addr := "" // a name server whose own name did not resolve has no address
		if ns.Address.IsValid() {
			addr = ns.Address.String()
		}
		h.Nameservers = append(h.Nameservers, Nameserver{ns.Name, addr, ns.Zone, ns.Status.String(), ns.Detail})
	}
	if t := res.TLS; t != nil {
		c := t.Certificate
		h.TLS = &TLS{Version: t.Version, CipherSuite: t.CipherSuite, Certificate: Certificate{
			Subject: c.Subject, SANs: append([]string{}, c.SANs...), Issuer: c.Issuer, NotAfter: c.NotAfter.UTC().Format(time.RFC3339),
			DaysRemaining: int64(c.DaysRemaining), ChainLength: int64(c.ChainLength), KeyType: c.KeyType, KeyBits: int64(c.KeyBits),
		}}
	}
	return h
}
