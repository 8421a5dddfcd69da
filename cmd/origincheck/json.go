package main

import (
	"encoding/json"
	"io"

	"github.com/originhealth/terraform-provider-origin/internal/report"
	"github.com/originhealth/terraform-provider-origin/internal/resultview"
)

// schemaVersion is the envelope's schema_version: raised on a change that
// breaks a reader of docs/origincheck.schema.json.
const schemaVersion = 1

// envelope is --format json's output, one shape for every invocation
// (docs/origincheck.schema.json): the run's verdict, every origin in
// argument or file order, and the origin groups of --config.
type envelope struct {
	SchemaVersion      int                  `json:"schema_version"`
	OrigincheckVersion string               `json:"origincheck_version"`
	Healthy            bool                 `json:"healthy"`
	Summary            string               `json:"summary"`
	Origins            []envelopeOrigin     `json:"origins"`
	OriginGroups       map[string]groupView `json:"origin_groups"`
}

// envelopeOrigin is one origin: the result object of data "origin_health"
// (resultview's, embedded so that its fields stay at the top level and
// follow its changes), and with --config the CloudFront origin Id.
type envelopeOrigin struct {
	// OriginID is null for a DOMAIN argument.
	OriginID *string `json:"origin_id"`
	resultview.Health
}

// groupView is one origin group's verdict as origin_distribution's
// origin_groups gives it.
type groupView struct {
	Healthy bool          `json:"healthy"`
	Status  report.Status `json:"status"`
	Summary string        `json:"summary"`
}

func newEnvelope(out *outcome) envelope {
	e := envelope{
		SchemaVersion: schemaVersion, OrigincheckVersion: versionString(),
		Healthy: out.healthy, Summary: out.summary,
		Origins: []envelopeOrigin{}, OriginGroups: map[string]groupView{},
	}
	for _, o := range out.origins {
		eo := envelopeOrigin{Health: o.view}
		if out.plan.fromConfig {
			eo.OriginID = &o.id
		}
		e.Origins = append(e.Origins, eo)
	}
	for id, g := range out.res.Groups {
		e.OriginGroups[id] = groupView{Healthy: g.Healthy(), Status: g.Status, Summary: g.Summary}
	}
	return e
}

func writeEnvelope(w io.Writer, out *outcome) error {
	return writeJSON(w, newEnvelope(out))
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
