package engine

import (
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// CheckConfig runs the configuration checks of spec only, and reports the
// network stages as skipped with reason: for an origin this machine cannot
// see the way CloudFront does, such as a VPC origin, which CloudFront
// reaches inside the VPC. It sends nothing.
func CheckConfig(spec originspec.Spec, skip map[report.ID]bool, reason string) Result {
	spec = spec.Normalize()
	b := report.NewBuilder()
	originspec.Check(spec, b)
	skipStages(b, reason, report.CategoryDNS, report.CategoryTCP, report.CategoryTLS)
	return Result{Report: b.Build(spec.DomainName, skip)}
}
