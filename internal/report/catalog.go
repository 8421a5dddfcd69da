package report

// ID is a stable, dotted check identifier such as "tls.expired". Ids are
// part of the provider's interface: users match on them in check blocks and
// skip_checks, so never rename one.
type ID string

// Category groups checks by the stage that runs them.
type Category string

const (
	CategoryConfig Category = "config"
	CategoryDNS    Category = "dns"
	CategoryTCP    Category = "tcp"
	CategoryTLS    Category = "tls"
	CategoryHTTP   Category = "http"
	// CategoryCloudFront checks are requests sent through the deployed
	// distribution (origin_distribution's through_cloudfront), after the
	// direct stages: what CloudFront itself answered.
	CategoryCloudFront Category = "cloudfront"
)

// Categories lists the categories in the order the engine runs them.
var Categories = []Category{CategoryConfig, CategoryDNS, CategoryTCP, CategoryTLS, CategoryHTTP, CategoryCloudFront}

// Cause is one of the reasons CloudFront's 502 troubleshooting page gives.
type Cause string

const (
	CauseTLSName     Cause = "TLS name mismatch"
	CauseTLSProtocol Cause = "no common protocol or cipher"
	CauseCertificate Cause = "bad certificate"
	CausePort        Cause = "origin port not answering"
	CauseDNS         Cause = "DNS failure (NonS3OriginDnsError)"
	CauseConfig      Cause = "origin configuration CloudFront rejects"
	// CauseHTTP is not on the 502 page's list of connection causes: the
	// origin's own HTTP answer to CloudFront's request.
	CauseHTTP Cause = "the origin's own HTTP answer"
	// CauseEdge is what a request through the deployed distribution
	// showed: CloudFront's own answer, seen rather than predicted.
	CauseEdge Cause = "seen through the deployed distribution (through_cloudfront)"
	// CauseDistribution is the distribution itself not answering viewers:
	// no 502 at all, since no CloudFront answer came.
	CauseDistribution Cause = "the distribution itself not answering (not an origin cause)"
)

// Definition is the single source of truth for a check: the engine reports
// against it and the documentation's check catalog is generated from it.
type Definition struct {
	ID       ID
	Category Category
	Cause    Cause
	// Title says what the check verifies, phrased as the passing condition.
	Title string
	// Consequence says what CloudFront does when the check does not pass.
	Consequence string
	// Remediation says how to fix it.
	Remediation string
	// Attribute names the origin argument to fix, for checks about one.
	Attribute string
	// Answers is the HTTP status CloudFront returns to viewers when the
	// check fails: 502 or 504. A configuration check CloudFront rejects
	// has none (0): the distribution cannot be deployed at all. An observation may
	// name another for its own cause (a connect timeout on a port check).
	Answers int
}

// The statuses CloudFront returns to viewers for an origin it cannot use.
const (
	BadGateway     = 502
	GatewayTimeout = 504
)

var (
	catalog []Definition
	byID    = map[ID]Definition{}
)

func define(d Definition) ID {
	if _, dup := byID[d.ID]; dup {
		panic("report: check id defined twice: " + string(d.ID))
	}
	if d.Answers == 0 && d.Category != CategoryConfig && d.Cause != CauseDistribution {
		panic("report: " + string(d.ID) + ": every check but a configuration check CloudFront rejects says what CloudFront answers (Answers)")
	}
	catalog = append(catalog, d)
	byID[d.ID] = d
	return d.ID
}

// All returns every check definition in catalog order.
func All() []Definition { return append([]Definition(nil), catalog...) }

// Lookup returns the definition of id.
func Lookup(id ID) (Definition, bool) {
	d, ok := byID[id]
	return d, ok
}

const (
	cf502          = "CloudFront would return HTTP 502 (Bad Gateway) for every request it forwards to this origin."
	cf502TLS       = "CloudFront would fail the TLS handshake, drop the connection and return HTTP 502 with X-Cache: Error from cloudfront."
	cf502DNS       = "CloudFront would return HTTP 502 with error code NonS3OriginDnsError."
	cfRejects      = "CloudFront rejects this origin configuration (the distribution cannot be created or updated)."
	cfIntermittent = "CloudFront may return HTTP 502 intermittently, depending on which server or address it reaches."
)

// Configuration checks: static, no network.
var (
	ConfigDomainName = define(Definition{
		ID: "config.domain_name", Category: CategoryConfig, Cause: CauseConfig, Attribute: "domain_name",
		Title:       "domain_name is a valid DNS host name (letters, digits, '-', '_', '.', at most 253 characters, no port)",
		Consequence: cfRejects,
		Remediation: "Set domain_name to the origin's fully qualified host name, without scheme, port or path (for example origin.example.com).",
	})
	ConfigIPLiteral = define(Definition{
		ID: "config.ip_literal", Category: CategoryConfig, Cause: CauseConfig, Attribute: "domain_name",
		Title:       "domain_name is a host name, not an IP address",
		Consequence: cfRejects + ` The API answers "The parameter origin name cannot be an IP address".`,
		Remediation: "Create a DNS record (A/AAAA) for the address and use that name as domain_name.",
	})
	ConfigPortOutOfRange = define(Definition{
		ID: "config.port_out_of_range", Category: CategoryConfig, Cause: CauseConfig,
		Title:       "http_port and https_port are 80, 443, or in 1024-65535",
		Consequence: cfRejects,
		Remediation: "Use port 80 or 443, or move the origin to a port between 1024 and 65535.",
	})
	ConfigUnknownProtocol = define(Definition{
		ID: "config.unknown_protocol", Category: CategoryConfig, Cause: CauseConfig, Attribute: "origin_ssl_protocols",
		Title:       "origin_ssl_protocols is a non-empty subset of SSLv3, TLSv1, TLSv1.1, TLSv1.2",
		Consequence: cfRejects,
		Remediation: `List only "SSLv3", "TLSv1", "TLSv1.1" or "TLSv1.2" (CloudFront has no TLS 1.3 to origins); usually ["TLSv1.2"].`,
	})
	ConfigCustomHeader = define(Definition{
		ID: "config.custom_header", Category: CategoryConfig, Cause: CauseConfig,
		Title:       "no origin custom header is one CloudFront can't add to origin requests (Host, Cookie, Cache-Control, X-Amz-*, ...)",
		Consequence: cfRejects,
		Remediation: "Remove the header. Pass a viewer's header on with an origin request policy instead; for Host, forward the viewer's Host " +
			"(e.g. the Managed-AllViewer policy) and set host_header on origin_health so the certificate is checked against it.",
	})
	ConfigS3WebsiteHTTPS = define(Definition{
		ID: "config.s3_website_https", Category: CategoryConfig, Cause: CauseConfig, Answers: BadGateway, Attribute: "origin_protocol_policy",
		Title:       "an S3 website endpoint is reached over HTTP only",
		Consequence: "S3 website endpoints do not support HTTPS: " + cf502,
		Remediation: `Set origin_protocol_policy = "http-only" for an S3 website endpoint, or use the bucket's REST endpoint with origin access control for HTTPS.`,
	})
	ConfigIPAddressType = define(Definition{
		ID: "config.ip_address_type", Category: CategoryConfig, Cause: CauseConfig, Attribute: "ip_address_type",
		Title:       "ip_address_type is ipv4, ipv6 or dualstack",
		Consequence: cfRejects,
		Remediation: `Set ip_address_type to "ipv4" (CloudFront's default: A records only), "ipv6" (AAAA only) or "dualstack" (both).`,
	})
	ConfigConnectionAttempts = define(Definition{
		ID: "config.connection_attempts", Category: CategoryConfig, Cause: CauseConfig, Attribute: "connection_attempts",
		Title:       "connection_attempts is between 1 and 3",
		Consequence: cfRejects,
		Remediation: "Set connection_attempts to 1, 2 or 3 (CloudFront's default is 3).",
	})
	ConfigConnectionTimeout = define(Definition{
		ID: "config.connection_timeout", Category: CategoryConfig, Cause: CauseConfig, Attribute: "connection_timeout",
		Title:       "connection_timeout is between 1 and 10 seconds",
		Consequence: cfRejects,
		Remediation: "Set connection_timeout to a whole number of seconds from 1 to 10 (CloudFront's default is 10).",
	})
	ConfigOriginMTLS = define(Definition{
		ID: "config.origin_mtls_config", Category: CategoryConfig, Cause: CauseConfig, Attribute: "origin_mtls_config",
		Title:       "origin_mtls_config names an ACM certificate in us-east-1 and the origin is reached over HTTPS",
		Consequence: cfRejects,
		Remediation: "Import or request the client certificate in ACM in us-east-1 (with the clientAuth extended key usage), set its ARN as " +
			"origin_mtls_config.client_certificate_arn, and use origin_protocol_policy https-only or match-viewer.",
	})
)

// DNS checks: the origin name must resolve from public DNS.
var (
	DNSNXDomain = define(Definition{
		ID: "dns.nxdomain", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway,
		Title:       "the origin name exists in DNS",
		Consequence: cf502DNS,
		Remediation: "Create the origin's A/AAAA (or CNAME) record in the zone that is authoritative for it, or fix the domain_name typo.",
	})
	DNSNoData = define(Definition{
		ID: "dns.nodata", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway,
		Title:       "the origin name has A or AAAA records",
		Consequence: cf502DNS,
		Remediation: "Add an A and/or AAAA record for the origin name (the name exists but has no address records).",
	})
	DNSServFail = define(Definition{
		ID: "dns.servfail", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway,
		Title:       "the name servers answer queries for the origin name without SERVFAIL",
		Consequence: cf502DNS,
		Remediation: "Fix the zone on its authoritative servers (expired DNSSEC signatures, a zone that failed to load, a broken delegation) until every server answers.",
	})
	DNSTimeout = define(Definition{
		ID: "dns.timeout", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway,
		Title:       "a name server answers for the origin name before the deadline",
		Consequence: cf502DNS,
		Remediation: "Make the origin zone's name servers reachable over UDP and TCP port 53 from the internet, and check the delegation (NS records at the parent) points at them.",
	})
	DNSCNAMELoop = define(Definition{
		ID: "dns.cname_loop", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway,
		Title:       "the origin's CNAME chain ends at an address without looping",
		Consequence: cf502DNS,
		Remediation: "Break the CNAME loop or shorten the chain so that it ends at a name with A/AAAA records.",
	})
	DNSServerUnreachable = define(Definition{
		ID: "dns.server_unreachable", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway,
		Title:       "every name server of the zones on the origin's CNAME chain answers",
		Consequence: "CloudFront's resolver may pick a server that does not answer: CloudFront may return HTTP 502 (NonS3OriginDnsError) intermittently, and for every request when no server answers.",
		Remediation: "Bring the listed name servers back with UDP and TCP port 53 open to the internet, or remove them from the zone's NS records at the parent (registrar) and in the zone.",
	})
	DNSLameDelegation = define(Definition{
		ID: "dns.lame_delegation", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway,
		Title:       "every name server delegated for the zones on the origin's CNAME chain serves the zone authoritatively",
		Consequence: "A lame server (REFUSED, SERVFAIL, an answer without authority, or a host name that does not resolve) makes CloudFront's resolver fail over or give up: CloudFront may return HTTP 502 (NonS3OriginDnsError) intermittently, and for every request when every server is lame.",
		Remediation: "Load the zone on every listed server, or change the NS records at the parent (registrar) so that they list only servers that serve the zone and whose host names resolve.",
	})
	DNSInconsistentAnswers = define(Definition{
		ID: "dns.inconsistent_answers", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway,
		Title:       "the authoritative servers of each zone on the origin's CNAME chain serve the same version of the name: none answers NXDOMAIN or no records where others answer, and servers of different SOA serials do not answer differently (records that rotate, or vary by weighted, latency, geolocation or multivalue routing, between servers of one serial pass with a note)",
		Consequence: cfIntermittent + " Its resolver may get a stale or missing record from one of the servers.",
		Remediation: "Bring every authoritative server to the same zone version (compare SOA serials, fix zone transfers or the DNS provider's sync); a server that answers NXDOMAIN or no records where the others answer is missing the record.",
	})
	DNSPrivateNameserver = define(Definition{
		ID: "dns.private_nameserver", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway,
		Title:       "every name server address of the zones on the way to the origin (glue, or what an NS host name resolves to) is public",
		Consequence: "CloudFront's resolver cannot reach a name server at a private or special-purpose address: it fails over to the zone's other servers, and CloudFront returns HTTP 502 with error code NonS3OriginDnsError when none remains. The address was not sent a packet (allow_private_addresses is false).",
		Remediation: "Point the zone's NS records and glue, at the parent and in the zone, at name servers with public addresses; for a lab or a check from inside a VPC, set allow_private_addresses = true.",
	})
	DNSParentChildNSMismatch = define(Definition{
		ID: "dns.parent_child_ns_mismatch", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway,
		Title:       "at every zone cut below the TLDs on the way to the origin, the parent's NS records (the delegation) match the zone's own apex NS records, and the zone's servers agree on them",
		Consequence: cfIntermittent + " Resolvers that trust the zone's NS set and resolvers that trust the parent's ask different servers; a server on only one list is easily forgotten when it breaks.",
		Remediation: "Make the NS records at the parent (registrar or parent zone) and at the zone apex list the same servers, on every server of the zone.",
	})
	DNSGlueMismatch = define(Definition{
		ID: "dns.glue_mismatch", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway,
		Title:       "glue addresses the parent gives for in-zone name servers are the addresses those servers have in their own zone",
		Consequence: cfIntermittent + " Resolvers reach the name server through stale glue until it expires, or never.",
		Remediation: "Update the glue (host records) at the registrar or parent zone to the name servers' current addresses.",
	})
	DNSNSCNAME = define(Definition{
		ID: "dns.ns_cname", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway,
		Title:       "no NS record of a zone on the way to the origin names an alias (CNAME)",
		Consequence: cfIntermittent + " NS records must name a host with its own address records (RFC 2181 §10.3); resolvers that do not follow the alias cannot use that server.",
		Remediation: "Point the NS record at the canonical host name (the CNAME's target) at the parent and in the zone.",
	})
	DNSSOAMismatch = define(Definition{
		ID: "dns.soa_mismatch", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway,
		Title:       "every authoritative server of each zone below the TLDs on the way serves the zone's SOA, with the same serial",
		Consequence: cfIntermittent + " A server with another serial (or no SOA) serves another version of the zone.",
		Remediation: "Bring every authoritative server to the same zone version: fix zone transfers (NOTIFY, AXFR/IXFR allowed from the primary) or the DNS provider's sync, and load the zone on every server.",
	})
	DNSSubdomainDelegationBroken = define(Definition{
		ID: "dns.subdomain_delegation_broken", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway,
		Title:       "a subdomain delegated on the way to the origin (a zone cut below a second-level name) is served as a zone, authoritatively with an SOA, by the servers it is delegated to",
		Consequence: cf502DNS + " It fails when no delegated server serves the subdomain; when some still do, CloudFront may return the 502 intermittently.",
		Remediation: "Create the subdomain's zone (SOA, NS, the origin's records) on every name server its NS records at the parent name, or remove the delegation (the NS records in the parent zone) and publish the records in the parent zone.",
	})
	DNSNoIPv4Address = define(Definition{
		ID: "dns.no_ipv4_address", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway, Attribute: "ip_address_type",
		Title:       "the origin name has an A record when ip_address_type is ipv4 or dualstack",
		Consequence: "CloudFront uses only A records under ip_address_type ipv4 (its default), so it finds no address to connect to: " + cf502DNS,
		Remediation: `Add an A record for the origin name, or set ip_address_type = "ipv6" (or "dualstack") on the origin if it is reachable over IPv6 only.`,
	})
	DNSNoIPv6Address = define(Definition{
		ID: "dns.no_ipv6_address", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway, Attribute: "ip_address_type",
		Title:       "the origin name has an AAAA record when ip_address_type is ipv6 or dualstack",
		Consequence: "Under ip_address_type ipv6 CloudFront finds no address to connect to (" + cf502DNS + "); under dualstack it connects over IPv4 only.",
		Remediation: `Add an AAAA record for the origin name, or set ip_address_type = "ipv4" if the origin has no IPv6 address.`,
	})
	DNSPrivateAddress = define(Definition{
		ID: "dns.private_address", Category: CategoryDNS, Cause: CauseDNS, Answers: BadGateway,
		Title: "every address the origin resolves to (in the families CloudFront uses) is a public internet address: not loopback, " +
			"private (RFC 1918, RFC 4193 ULA), shared (100.64.0.0/10), link-local or otherwise reserved",
		Consequence: "CloudFront reaches custom origins over the internet and cannot connect to a non-public address: it would return HTTP 502 " +
			"(or 504 after its connection timeout) for requests that reach such an address.",
		Remediation: "Publish the origin's public address in DNS, or, for an origin inside a VPC (a private ALB, NLB or EC2 instance), " +
			"make it a CloudFront VPC origin (vpc_origin_config). For a lab or private test network, set allow_private_addresses = true on the provider.",
	})
)

// TCP checks: every resolved address must accept connections on the ports
// the origin protocol policy uses.
var (
	TCPHTTPPortClosed = define(Definition{
		ID: "tcp.http_port_closed", Category: CategoryTCP, Cause: CausePort, Answers: BadGateway,
		Title: "every origin address accepts TCP connections on http_port (warn when some do, fail when none does)",
		Consequence: "CloudFront cannot connect over HTTP to an address that fails: when none accepts it would return 502 (504 when its connects time out) for requests sent over HTTP; " +
			"when others accept (a warning) it still serves, but requests it sends to a failing address pay the failed connection attempts first.",
		Remediation: "Open http_port on every origin address (security group, firewall, listener), or change origin_protocol_policy to https-only.",
	})
	TCPHTTPSPortClosed = define(Definition{
		ID: "tcp.https_port_closed", Category: CategoryTCP, Cause: CausePort, Answers: BadGateway,
		Title: "every origin address accepts TCP connections on https_port (warn when some do, fail when none does)",
		Consequence: "CloudFront cannot connect over HTTPS to an address that fails: when none accepts it would return 502 (504 when its connects time out) for requests sent over HTTPS; " +
			"when others accept (a warning) it still serves, but requests it sends to a failing address pay the failed connection attempts first.",
		Remediation: "Open https_port on every origin address (security group, firewall, listener) and make sure a TLS server listens there.",
	})
	TCPReachableWithoutCloudFront = define(Definition{
		ID: "tcp.reachable_without_cloudfront", Category: CategoryTCP, Cause: CausePort, Answers: BadGateway,
		Title: "an origin declared reachable_from = \"cloudfront\" does not accept connections from outside CloudFront's address ranges " +
			"(judged only under that setting)",
		Consequence: "CloudFront still serves the origin, but anyone can reach it around CloudFront, bypassing its caching, WAF rules, geographic restrictions and signed URLs.",
		Remediation: "Admit only the AWS-managed prefix list com.amazonaws.global.cloudfront.origin-facing in the origin's security group " +
			"(or firewall), or set reachable_from = \"anywhere\" if the origin is meant to be public.",
	})
)

// TLS checks: CloudFront must be able to negotiate and trust the origin.
var (
	TLSHandshakeFailed = define(Definition{
		ID: "tls.handshake_failed", Category: CategoryTLS, Cause: CauseTLSProtocol, Answers: BadGateway,
		Title:       "the TLS handshake with the origin completes",
		Consequence: cf502TLS,
		Remediation: "Check the origin's TLS listener: the alert or error shown says where the handshake broke. An origin that signs only with RSA-PSS or Ed25519 must also allow RSA PKCS#1 or ECDSA signatures (OpenSSL SignatureAlgorithms), which is all CloudFront offers.",
	})
	TLSNoCommonProtocol = define(Definition{
		ID: "tls.no_common_protocol", Category: CategoryTLS, Cause: CauseTLSProtocol, Answers: BadGateway,
		Title:       "the origin accepts one of the protocols in origin_ssl_protocols",
		Consequence: cf502TLS,
		Remediation: "Enable TLS 1.2 on the origin and list TLSv1.2 in origin_ssl_protocols (origin_ssl_protocols stops at TLSv1.2; a TLS 1.3-only origin is tls.tls13_only).",
	})
	TLSNoCommonCipher = define(Definition{
		ID: "tls.no_common_cipher", Category: CategoryTLS, Cause: CauseTLSProtocol, Answers: BadGateway,
		Title:       "the origin accepts one of the 16 cipher suites CloudFront offers to origins",
		Consequence: cf502TLS,
		Remediation: "Enable at least one of CloudFront's origin cipher suites on the origin, e.g. ECDHE-RSA-AES128-GCM-SHA256 (RSA certificate) or ECDHE-ECDSA-AES128-GCM-SHA256 (ECDSA); CloudFront offers no ChaCha20-Poly1305, DHE or TLS 1.3 suites.",
	})
	TLSTLS13Only = define(Definition{
		ID: "tls.tls13_only", Category: CategoryTLS, Cause: CauseTLSProtocol, Answers: BadGateway,
		Title: "the origin accepts a protocol origin_ssl_protocols can list (SSLv3 to TLSv1.2), not TLS 1.3 alone (warns for a TLS 1.3-only origin)",
		Consequence: "AWS's pages disagree: the API's OriginSslProtocols and \"Origin settings\" stop at TLSv1.2, while \"Request and response behavior for custom origins\" → Encryption " +
			"says CloudFront uses TLS 1.3 to origins. If CloudFront offers only what origin_ssl_protocols lists, it fails the handshake with a TLS 1.3-only origin, drops the connection and returns HTTP 502.",
		Remediation: "Enable TLS 1.2 on the origin (with one of CloudFront's origin cipher suites, e.g. ECDHE-RSA-AES128-GCM-SHA256) so that it works whichever page is right, " +
			"or verify through the deployed distribution (through_cloudfront) that CloudFront reaches it over TLS 1.3.",
	})
	TLSExpired = define(Definition{
		ID: "tls.expired", Category: CategoryTLS, Cause: CauseCertificate, Answers: BadGateway,
		Title:       "no certificate in the chain the origin sends has expired",
		Consequence: cf502TLS,
		Remediation: "Renew the origin certificate and install it with its intermediates.",
	})
	TLSNotYetValid = define(Definition{
		ID: "tls.not_yet_valid", Category: CategoryTLS, Cause: CauseCertificate, Answers: BadGateway,
		Title:       "every certificate in the chain the origin sends is already valid (NotBefore has passed)",
		Consequence: cf502TLS,
		Remediation: "Install a certificate whose validity period has started, and check the issuing system's clock.",
	})
	TLSExpiringSoon = define(Definition{
		ID: "tls.expiring_soon", Category: CategoryTLS, Cause: CauseCertificate, Answers: BadGateway,
		Title:       "no certificate in the chain the origin sends expires within certificate_expiry_warning_days",
		Consequence: "CloudFront will return 502 once the certificate expires.",
		Remediation: "Renew the certificate named before it expires (reinstall the chain if an intermediate is expiring), or automate renewal.",
	})
	TLSSelfSigned = define(Definition{
		ID: "tls.self_signed", Category: CategoryTLS, Cause: CauseCertificate, Answers: BadGateway,
		Title:       "the origin certificate is not self-signed",
		Consequence: "CloudFront never accepts self-signed certificates from origins: " + cf502TLS,
		Remediation: "Install a certificate issued by a CA in Mozilla's included CA list (for example from ACM on a load balancer, or Let's Encrypt).",
	})
	TLSUntrusted = define(Definition{
		ID: "tls.untrusted", Category: CategoryTLS, Cause: CauseCertificate, Answers: BadGateway,
		Title:       "the origin certificate chains to a CA in Mozilla's included CA list, and that path verifies (CA name constraints, path length, signature algorithms)",
		Consequence: cf502TLS,
		Remediation: "Install a certificate issued by a CA in Mozilla's included CA list; private CAs are not trusted by CloudFront. " +
			"When the message names a broken CA constraint or a SHA-1/MD5 signature, reissue the certificate under a CA whose constraints allow it, signed with SHA-256 or better.",
	})
	TLSNotServerCertificate = define(Definition{
		ID: "tls.not_server_certificate", Category: CategoryTLS, Cause: CauseCertificate, Answers: BadGateway,
		Title:       "the origin certificate may identify a TLS server: its extended key usage, and that of every CA on its path, allows serverAuth",
		Consequence: "CloudFront verifies the origin certificate for a TLS server; a certificate issued for another purpose (clientAuth only, code signing) fails that verification: " + cf502TLS,
		Remediation: "Reissue the certificate with the serverAuth extended key usage (TLS Web Server Authentication), as public CAs issue server certificates; a client certificate cannot serve as the origin's.",
	})
	TLSMissingIntermediate = define(Definition{
		ID: "tls.missing_intermediate", Category: CategoryTLS, Cause: CauseCertificate, Answers: BadGateway,
		Title:       "the origin sends every intermediate certificate needed to reach a trusted root",
		Consequence: "CloudFront does not fetch missing intermediates: " + cf502TLS,
		Remediation: "Configure the origin to send the full chain (leaf, then each intermediate), e.g. nginx ssl_certificate with fullchain.pem.",
	})
	TLSChainOrder = define(Definition{
		ID: "tls.chain_order", Category: CategoryTLS, Cause: CauseCertificate, Answers: BadGateway,
		Title:       "the origin sends its chain in order: leaf first, each certificate followed by its issuer",
		Consequence: "CloudFront requires intermediates in chain order: " + cf502TLS,
		Remediation: "Reorder the certificate file: the leaf first, then the intermediate that signed it, then the next one up.",
	})
	TLSNameMismatch = define(Definition{
		ID: "tls.name_mismatch", Category: CategoryTLS, Cause: CauseTLSName, Answers: BadGateway,
		Title:       "the origin certificate covers domain_name (judged when no Host header is forwarded; see tls.host_header_mismatch otherwise)",
		Consequence: cf502TLS,
		Remediation: "Get a certificate whose Subject Alternative Names include the origin domain name (a wildcard covers exactly one label), or change origin_protocol_policy to http-only.",
	})
	TLSHostHeaderMismatch = define(Definition{
		ID: "tls.host_header_mismatch", Category: CategoryTLS, Cause: CauseTLSName, Answers: BadGateway,
		Title: "the certificate the origin returns for SNI = host_header covers host_header (warn when it covers only domain_name)",
		Consequence: "With the Host header forwarded, CloudFront sends it as SNI. AWS's Origin settings page requires the certificate to match the Host value, " +
			"its 502 troubleshooting page accepts the origin domain too; a certificate covering neither name certainly fails: " + cf502TLS,
		Remediation: "Serve a certificate covering the forwarded Host value for that SNI (add it to the certificate's SANs), or stop forwarding Host to the origin.",
	})
	TLSUnsupportedKey = define(Definition{
		ID: "tls.unsupported_key", Category: CategoryTLS, Cause: CauseCertificate, Answers: BadGateway,
		Title: "the origin certificate key is RSA 1024-4096 bits or ECDSA P-256/P-384",
		Consequence: "AWS's page \"Requirements for using SSL/TLS certificates with CloudFront\" lists only these key types (RSA 1024, 2048, 3072, 4096; ECDSA 256 and 384 bits); " +
			"with another one (RSA above 4096 bits, ECDSA P-521, Ed25519) CloudFront would fail the TLS handshake, drop the connection and return HTTP 502 with X-Cache: Error from cloudfront.",
		Remediation: "Reissue the certificate with an RSA 2048-bit or ECDSA P-256 key.",
	})
	TLSClientCertificateRequired = define(Definition{
		ID: "tls.client_certificate_required", Category: CategoryTLS, Cause: CauseTLSProtocol, Answers: BadGateway, Attribute: "origin_mtls_config",
		Title: "the origin does not require a client certificate CloudFront is not configured to present (origin_mtls_config)",
		Consequence: "Without origin_mtls_config CloudFront presents no client certificate. An origin that requires one ends the handshake: " + cf502TLS +
			` nginx (ssl_verify_client on) completes the handshake instead and answers every request 400 "No required SSL certificate was sent", which CloudFront passes on to viewers.`,
		Remediation: `Add origin_mtls_config { client_certificate_arn = "arn:aws:acm:us-east-1:..." } to the origin's custom_origin_config, naming an ACM certificate ` +
			"in us-east-1 with the clientAuth EKU, issued by a CA the origin trusts; or stop requiring client certificates on the origin (e.g. nginx ssl_verify_client optional/off).",
	})

	HTTPNoResponse = define(Definition{
		ID: "http.no_response", Category: CategoryHTTP, Cause: CauseHTTP, Answers: BadGateway,
		Title:       "the origin answers CloudFront's request (sent as http_request describes) with an HTTP response",
		Consequence: "CloudFront would return HTTP 502 (Bad Gateway): the origin closed the connection without answering its request.",
		Remediation: "Find why the origin drops the request: its error log at the time of the check (a crashed worker, a proxy or WAF that drops requests with this Host or path, " +
			"a request-header size limit). Every request must get a status line back.",
	})
	HTTPMalformedResponse = define(Definition{
		ID: "http.malformed_response", Category: CategoryHTTP, Cause: CauseHTTP, Answers: BadGateway,
		Title:       "the origin's response is valid HTTP/1.x: a status line, well-formed headers within bounds, one Content-Length",
		Consequence: "CloudFront would return HTTP 502 (Bad Gateway): it cannot parse the origin's response.",
		Remediation: "Fix the server or proxy that writes the response: the status line must read \"HTTP/1.1 <3-digit code> <reason>\", each header \"Name: value\" with a token name, " +
			"the head must end with an empty line, and the whole head must stay small (CloudFront limits response header size). Something speaking another protocol on this port (HTTP/2 without TLS, a database) shows here too.",
	})
	HTTPResponseHeadTooLarge = define(Definition{
		ID: "http.response_head_too_large", Category: CategoryHTTP, Cause: CauseHTTP, Answers: BadGateway,
		Title: "the origin's response head (status line and headers, without the body) is at most 32,768 bytes, CloudFront's maximum length of an origin response " +
			"(warn above 20,480 bytes, the value AWS's quota page gave through late 2025)",
		Consequence: `CloudFront cannot process an origin response longer than its quota ("Quotas" → "Maximum length of a request or an origin response, including headers and query strings, ` +
			`but not including the body content"): it would return HTTP 502 (Bad Gateway) to viewers (inferred: AWS states the quota, not the status). ` +
			"AWS's page gave 20,480 bytes through late 2025 and gives 32,768 bytes now: a head between the two is over the older value only, so it warns.",
		Remediation: "Shrink the response head: keep session state server-side instead of in large or chunked Set-Cookie values, shorten Content-Security-Policy " +
			"(or set it in a CloudFront response headers policy, added after the origin's response), trim long Link preload lists and debug or tracing headers the origin adds.",
	})
	HTTPOrigin5xx = define(Definition{
		ID: "http.origin_5xx", Category: CategoryHTTP, Cause: CauseHTTP, Answers: BadGateway,
		Title: "the origin does not answer CloudFront's request with a 5xx of its own (502, 503 and 504 fail, other 5xx warn; 4xx and redirects are noted, not judged)",
		Consequence: "CloudFront passes the origin's own 5xx on to viewers: they see a 502, 503 or 504 that looks like CloudFront's, but the origin (or the load balancer or API in front of it) produced it. " +
			"With an origin group whose failover_criteria lists the code, CloudFront fails over to the secondary instead.",
		Remediation: "Fix the origin's own error: for an Application Load Balancer (Server: awselb/2.0), the target group's health checks and the targets' logs (502: the target closed or answered badly; " +
			"503: no healthy target; 504: the target did not answer in time); for API Gateway (x-amzn-RequestId, x-amz-apigw-id), its execution and integration logs; for nginx or another proxy, its error log for the upstream behind it.",
	})
	HTTPReadTimeout = define(Definition{
		ID: "http.read_timeout", Category: CategoryHTTP, Cause: CauseHTTP, Answers: GatewayTimeout, Attribute: "http_request",
		Title:       "the origin sends the first byte of its response, and the rest of the head, within origin_read_timeout",
		Consequence: "CloudFront waits origin_read_timeout for the origin's response, then gives up and returns HTTP 504 (Gateway Timeout).",
		Remediation: "Make the origin answer faster (a slow backend, a lock, a cold start), or raise origin_read_timeout in custom_origin_config (1-120 s by default, more with a quota increase) " +
			"and http_request.origin_read_timeout with it.",
	})
	HTTPKeepaliveShorter = define(Definition{
		ID: "http.keepalive_shorter", Category: CategoryHTTP, Cause: CauseHTTP, Answers: BadGateway, Attribute: "http_request",
		Title: "the origin keeps an idle keep-alive connection open longer than origin_keepalive_timeout, so CloudFront closes it first " +
			"(measured with http_request.measure_keepalive; an origin that closes after every response passes with a note)",
		Consequence: "CloudFront reuses idle connections for up to origin_keepalive_timeout. An origin that closes them sooner races CloudFront's next request on the same connection: " +
			"the request meets a closed connection and CloudFront returns HTTP 502 intermittently, under light traffic mostly.",
		Remediation: "Raise the origin's idle keep-alive timeout above origin_keepalive_timeout (a few seconds more): nginx keepalive_timeout, Node.js server.keepAliveTimeout " +
			"(5 s by default, as CloudFront's; raise headersTimeout with it), Apache KeepAliveTimeout, an ALB's idle timeout; or lower origin_keepalive_timeout below the origin's.",
	})
)

// CloudFront checks: requests sent through the deployed distribution
// (through_cloudfront), judged per origin a request reached, except
// cloudfront.distribution_unreachable, which is the distribution's own.
var (
	CloudFrontEdgeError = define(Definition{
		ID: "cloudfront.edge_error", Category: CategoryCloudFront, Cause: CauseEdge, Answers: BadGateway, Attribute: "through_cloudfront.requests",
		Title: "CloudFront does not answer a through_cloudfront request with a 502 or 504 of its own (its error page, Server: CloudFront)",
		Consequence: "CloudFront itself could not use the origin for this path and answered viewers with its own error page; the message names the POP and request id " +
			"(for AWS Support), CloudFront's error text when its page gives one, and what this machine's direct checks of the origin found.",
		Remediation: "Fix the cause the origin's direct checks name (the \"from here\" part of the message). When they pass or could not be verified, the cause lies between " +
			"CloudFront and the origin: a security group, prefix list or WAF that drops CloudFront's ranges, or an origin that fails only under CloudFront's request; " +
			"CloudFront's standard logs (x-edge-detailed-result-type, e.g. OriginDnsError, OriginConnectError) and the request id name it.",
	})
	CloudFrontOriginError = define(Definition{
		ID: "cloudfront.origin_error", Category: CategoryCloudFront, Cause: CauseEdge, Answers: BadGateway, Attribute: "through_cloudfront.requests",
		Title: "the origin's own answer, passed on by CloudFront to a through_cloudfront request, is not a 5xx (4xx are noted, not judged)",
		Consequence: "CloudFront passes the origin's own 5xx on to viewers (X-Cache: Error from cloudfront marks it, as it marks CloudFront's own errors): viewers see an error " +
			"that looks like CloudFront's, but the origin produced it.",
		Remediation: "Fix the origin's own error, as for http.origin_5xx: the Server header the message names says which software answered (an ALB's target group, API Gateway's logs, the proxy's error log).",
	})
	CloudFrontOriginExercised = define(Definition{
		ID: "cloudfront.origin_exercised", Category: CategoryCloudFront, Cause: CauseEdge, Answers: BadGateway, Attribute: "through_cloudfront.requests",
		Title: "a through_cloudfront request reached the origin through CloudFront (X-Cache Miss or RefreshHit) and got its answer (2xx, 3xx or 4xx): " +
			"the origin is verified through CloudFront for that path; a cache hit is noted, since it did not exercise the origin",
		Consequence: "A request answered from CloudFront's cache says nothing about the origin: a broken origin keeps serving cached objects until they expire, then fails.",
		Remediation: "Set through_cloudfront.cache_bust = true (a query parameter CloudFront forwards) when the cache policy includes query strings in the cache key, " +
			"or request a path that is not cached.",
	})
	CloudFrontDistributionUnreachable = define(Definition{
		ID: "cloudfront.distribution_unreachable", Category: CategoryCloudFront, Cause: CauseDistribution, Attribute: "through_cloudfront.domain_name",
		Title: "the distribution's domain name resolves, CloudFront accepts an HTTPS connection with a certificate valid for it, and answers the request",
		Consequence: "Viewers get no answer from CloudFront at all (no 502: the request never reaches CloudFront), so nothing is known about the origins through it. " +
			"This is a finding about the distribution or its DNS, not about an origin.",
		Remediation: "Check through_cloudfront.domain_name: the distribution's domain_name (dxxxx.cloudfront.net) or an alias whose DNS points at it (a CNAME, or a Route 53 alias record) " +
			"and that the distribution's viewer certificate covers; a distribution being created or disabled does not answer yet.",
	})
)
