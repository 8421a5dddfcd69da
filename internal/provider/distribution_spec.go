package provider

import (
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// distribution is the configuration as the engine checks it, and the
// origin_ids in order.
func (m distributionModel) distribution() (dist engine.Distribution, ids []string) {
	expiryDays := m.expiryWarningDays()
	for _, o := range m.Origins {
		spec := o.spec(expiryDays)
		skip := map[report.ID]bool{}
		for _, id := range slices.Concat(m.SkipChecks, o.SkipChecks) {
			skip[report.ID(id)] = true
		}
		dist.Origins = append(dist.Origins, engine.DistributionOrigin{ID: o.OriginID.ValueString(), Spec: spec, Skip: skip})
		ids = append(ids, o.OriginID.ValueString())
	}
	for _, g := range m.OriginGroups {
		group := engine.OriginGroup{ID: g.OriginID.ValueString()}
		for _, mem := range g.Members {
			group.Members = append(group.Members, mem.OriginID.ValueString())
		}
		for _, fc := range g.FailoverCriteria {
			for _, code := range fc.StatusCodes {
				group.FailoverStatusCodes = append(group.FailoverStatusCodes, int(code))
			}
		}
		dist.Groups = append(dist.Groups, group)
	}
	for _, b := range slices.Concat(objects(m.DefaultCacheBehavior), objects(m.OrderedCacheBehavior)) {
		dist.Behaviors = append(dist.Behaviors, engine.CacheBehavior{PathPattern: stringAttr(b, "path_pattern"), TargetOriginID: stringAttr(b, "target_origin_id")})
	}
	dist.Edge = m.throughCloudFront()

	return dist, ids
}

// expiryWarningDays is certificate_expiry_warning_days, its default when
// null.
func (m distributionModel) expiryWarningDays() int {
	if m.CertificateExpiryWarningDays.IsNull() || m.CertificateExpiryWarningDays.IsUnknown() {
		return originspec.DefaultExpiryWarningDays
	}
	return int(m.CertificateExpiryWarningDays.ValueInt64())
}

// spec is the origin as the engine checks it, by its kind: a VPC origin
// (configuration only), a custom origin, or else an S3 REST origin, which
// CloudFront reaches over HTTPS on port 443 with TLSv1.2.
func (o distOriginModel) spec(expiryDays int) originspec.Spec {
	spec := originspec.Spec{
		DomainName:         o.DomainName.ValueString(),
		HostHeader:         o.HostHeader.ValueString(),
		ReachableFrom:      o.ReachableFrom.ValueString(),
		ConnectionAttempts: int(o.ConnectionAttempts.ValueInt64()),
		ConnectionTimeout:  int(o.ConnectionTimeout.ValueInt64()),
		ExpiryWarningDays:  expiryDays,
	}
	for _, h := range o.CustomHeaders {
		spec.CustomHeaders = append(spec.CustomHeaders, h.Name.ValueString())
	}
	switch {
	case len(o.VPCOriginConfig) > 0:
		spec.VPCOriginID = o.VPCOriginConfig[0].VPCOriginID.ValueString()
	case len(o.CustomOriginConfig) > 0:
		c := o.CustomOriginConfig[0]
		spec.ProtocolPolicy = c.OriginProtocolPolicy.ValueString()
		spec.HTTPPort = int(c.HTTPPort.ValueInt64())
		spec.HTTPSPort = int(c.HTTPSPort.ValueInt64())
		spec.SSLProtocols = c.OriginSSLProtocols
		spec.IPAddressType = c.IPAddressType.ValueString()
		if len(c.OriginMTLSConfig) > 0 {
			spec.ClientCertificateDeclared = true
			spec.ClientCertificateARN = c.OriginMTLSConfig[0].ClientCertificateARN.ValueString()
		}
	default:
		spec.ProtocolPolicy = originspec.HTTPSOnly
	}
	spec.HTTPRequest = o.httpRequest()
	return spec.Normalize()
}

// httpRequest is the origin request as CloudFront would send it to this
// origin: http_request's path under origin_path, with the origin's custom
// headers (http_request's headers win), and the origin's own read and
// keep-alive timeouts unless http_request sets them.
func (o distOriginModel) httpRequest() *originspec.HTTPRequest {
	req := o.HTTPRequest.Spec(o.OriginPath.ValueString())
	if req == nil {
		return nil
	}
	headers := map[string]string{}
	for _, h := range o.CustomHeaders {
		headers[h.Name.ValueString()] = h.Value.ValueString()
	}
	maps.Copy(headers, req.Headers)
	req.Headers = headers
	for _, c := range o.CustomOriginConfig {
		if o.HTTPRequest.OriginReadTimeout.IsNull() && !c.OriginReadTimeout.IsNull() {
			req.ReadTimeout = int(c.OriginReadTimeout.ValueInt64())
		}
		if o.HTTPRequest.OriginKeepaliveTimeout.IsNull() && !c.OriginKeepaliveTimeout.IsNull() {
			req.KeepaliveTimeout = int(c.OriginKeepaliveTimeout.ValueInt64())
		}
	}
	return req
}

// stringAttr is a block's string attribute, "" when null or unknown.
func stringAttr(o types.Object, name string) string {
	v, ok := o.Attributes()[name].(types.String)
	if !ok || v.IsNull() || v.IsUnknown() {
		return ""
	}
	return v.ValueString()
}
