package provider

import (
	"context"
	"math"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/function"
)

var _ function.Function = DaysUntilExpiryFunction{}

// DaysUntilExpiryFunction is provider::origin::days_until_expiry. It takes
// the time explicitly because provider functions must be pure: pass
// plantimestamp().
type DaysUntilExpiryFunction struct{}

// NewDaysUntilExpiryFunction returns the function.
func NewDaysUntilExpiryFunction() function.Function { return DaysUntilExpiryFunction{} }

func (DaysUntilExpiryFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "days_until_expiry"
}

func (DaysUntilExpiryFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Whole days from a timestamp until a certificate expires",
		MarkdownDescription: "Days from `timestamp` until the first certificate in `pem` expires, rounded down: negative exactly once expired (-1 during the first 24 hours after). " +
			"Pass `plantimestamp()`: functions must be pure, so they cannot read the clock.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "pem", MarkdownDescription: "PEM certificate; the first CERTIFICATE block is used."},
			function.StringParameter{Name: "timestamp", MarkdownDescription: "RFC 3339 timestamp, such as `plantimestamp()`."},
		},
		Return: function.Int64Return{},
	}
}

func (DaysUntilExpiryFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var pemText, timestamp string
	resp.Error = req.Arguments.Get(ctx, &pemText, &timestamp)
	if resp.Error != nil {
		return
	}
	cert, err := firstCertificate(pemText)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	now, err := time.Parse(time.RFC3339, timestamp)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(1, `timestamp must be RFC 3339, such as "2026-11-25T08:00:00Z" (plantimestamp() gives one)`)
		return
	}
	days := math.Floor(cert.NotAfter.Sub(now).Hours() / 24)
	resp.Error = resp.Result.Set(ctx, int64(days))
}
