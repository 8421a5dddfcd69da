package provider

import "github.com/hashicorp/terraform-plugin-framework/types"

// distributionModel is origin_distribution's configuration and, embedded,
// what a read writes over it.
type distributionModel struct {
	Origins              []distOriginModel        `tfsdk:"origin"`
	OriginGroups         []distGroupModel         `tfsdk:"origin_group"`
	DefaultCacheBehavior types.List               `tfsdk:"default_cache_behavior"`
	OrderedCacheBehavior types.List               `tfsdk:"ordered_cache_behavior"`
	SkipChecks           []string                 `tfsdk:"skip_checks"`
	ThroughCloudFront    []throughCloudFrontModel `tfsdk:"through_cloudfront"`

	distributionReadModel
}

// distributionReadModel is what a read writes over the configuration: the
// arguments whose defaults it fills in (on_failure,
// certificate_expiry_warning_days, detail), as origin_health does (on_failure
// as configured: ORIGIN_ON_FAILURE changes how a run reacts, not the
// state), and the computed attributes.
type distributionReadModel struct {
	OnFailure                    types.String `tfsdk:"on_failure"`
	CertificateExpiryWarningDays types.Int64  `tfsdk:"certificate_expiry_warning_days"`
	Detail                       types.String `tfsdk:"detail"`

	distributionResultModel
}

// distributionResultModel is the computed attributes of a read.
type distributionResultModel struct {
	ID           types.String                 `tfsdk:"id"`
	Healthy      types.Bool                   `tfsdk:"healthy"`
	Summary      types.String                 `tfsdk:"summary"`
	Results      map[string]originResultModel `tfsdk:"origins"`
	GroupResults map[string]groupResultModel  `tfsdk:"origin_groups"`
	Unreached    []string                     `tfsdk:"unreached_origin_ids"`
	CloudFront   *cloudFrontResultModel       `tfsdk:"cloudfront"`
}

// distOriginModel is an origin block, as aws_cloudfront_distribution's,
// plus the checks' own per-origin arguments.
type distOriginModel struct {
	OriginID                  types.String              `tfsdk:"origin_id"`
	DomainName                types.String              `tfsdk:"domain_name"`
	OriginPath                types.String              `tfsdk:"origin_path"`
	ConnectionAttempts        types.Int64               `tfsdk:"connection_attempts"`
	ConnectionTimeout         types.Int64               `tfsdk:"connection_timeout"`
	OriginAccessControlID     types.String              `tfsdk:"origin_access_control_id"`
	ResponseCompletionTimeout types.Int64               `tfsdk:"response_completion_timeout"`
	CustomHeaders             []customHeaderModel       `tfsdk:"custom_header"`
	CustomOriginConfig        []customOriginConfigModel `tfsdk:"custom_origin_config"`
	S3OriginConfig            []s3OriginConfigModel     `tfsdk:"s3_origin_config"`
	VPCOriginConfig           []vpcOriginConfigModel    `tfsdk:"vpc_origin_config"`
	OriginShield              []originShieldModel       `tfsdk:"origin_shield"`

	HostHeader    types.String      `tfsdk:"host_header"`
	ReachableFrom types.String      `tfsdk:"reachable_from"`
	SkipChecks    []string          `tfsdk:"skip_checks"`
	HTTPRequest   *HTTPRequestModel `tfsdk:"http_request"`
}

type customHeaderModel struct {
	Name  types.String `tfsdk:"name"`
	Value types.String `tfsdk:"value"`
}

type customOriginConfigModel struct {
	HTTPPort               types.Int64  `tfsdk:"http_port"`
	HTTPSPort              types.Int64  `tfsdk:"https_port"`
	OriginProtocolPolicy   types.String `tfsdk:"origin_protocol_policy"`
	OriginSSLProtocols     []string     `tfsdk:"origin_ssl_protocols"`
	IPAddressType          types.String `tfsdk:"ip_address_type"`
	OriginReadTimeout      types.Int64  `tfsdk:"origin_read_timeout"`
	OriginKeepaliveTimeout types.Int64  `tfsdk:"origin_keepalive_timeout"`
	OriginMTLSConfig       []mtlsModel  `tfsdk:"origin_mtls_config"`
}

type s3OriginConfigModel struct {
	OriginAccessIdentity types.String `tfsdk:"origin_access_identity"`
}

type vpcOriginConfigModel struct {
	VPCOriginID            types.String `tfsdk:"vpc_origin_id"`
	OriginReadTimeout      types.Int64  `tfsdk:"origin_read_timeout"`
	OriginKeepaliveTimeout types.Int64  `tfsdk:"origin_keepalive_timeout"`
}

type originShieldModel struct {
	Enabled            types.Bool   `tfsdk:"enabled"`
	OriginShieldRegion types.String `tfsdk:"origin_shield_region"`
}

type distGroupModel struct {
	OriginID         types.String            `tfsdk:"origin_id"`
	FailoverCriteria []failoverCriteriaModel `tfsdk:"failover_criteria"`
	Members          []groupMemberModel      `tfsdk:"member"`
}

type failoverCriteriaModel struct {
	StatusCodes []int64 `tfsdk:"status_codes"`
}

type groupMemberModel struct {
	OriginID types.String `tfsdk:"origin_id"`
}

type groupResultModel struct {
	Healthy types.Bool   `tfsdk:"healthy"`
	Status  types.String `tfsdk:"status"`
	Summary types.String `tfsdk:"summary"`
}
