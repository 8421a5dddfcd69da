package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestPathValidator: http_request's path and origin_path follow one rule
// with one message (the query hidden), and only origin_path may be "".
func TestPathValidator(t *testing.T) {
	requestPath := pathValidator{summary: "Invalid request path"}
	originPath := pathValidator{summary: "Invalid origin_path", emptyOK: true}
	for _, c := range []struct {
		v       pathValidator
		in      string
		wantErr string // a substring of "summary: detail", or "" for none
	}{
		{requestPath, "/health", ""},
		{originPath, "/prod", ""},
		{originPath, "", ""},
		{requestPath, "", `Invalid request path: "" must start with /`},
		{requestPath, "index.html", `Invalid request path: "index.html" must start with / and contain no spaces or control characters`},
		{originPath, "prod", `Invalid origin_path: "prod" must start with /`},
		{originPath, "/a b?token=secret", `Invalid origin_path: "/a b?…" must start with /`},
	} {
		resp := &validator.StringResponse{}
		c.v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("p"), ConfigValue: types.StringValue(c.in)}, resp)
		var got string
		if resp.Diagnostics.HasError() {
			d := resp.Diagnostics.Errors()[0]
			got = d.Summary() + ": " + d.Detail()
		}
		switch {
		case c.wantErr == "" && got != "":
			t.Errorf("%s %q: %s, want no error", c.v.summary, c.in, got)
		case c.wantErr != "" && !strings.Contains(got, c.wantErr):
			t.Errorf("%s %q: %q, want %q", c.v.summary, c.in, got, c.wantErr)
		case strings.Contains(got, "secret"):
			t.Errorf("%s %q: the message shows the query: %s", c.v.summary, c.in, got)
		}
	}
}
