package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// checkByID is the acceptance tests' one way to assert a check: a
// statecheck.StateCheck (for a step's ConfigStateChecks) that finds the
// entry of address's checks (a map by check id) whose key is id, and
// wants its status. In, Message, MessageMatches and WithRemediation add
// to it.
func checkByID(address string, id report.ID, status report.Status) checkEntry {
	return checkEntry{address: address, id: id, status: status}
}

// checkEntry is the state check checkByID returns.
type checkEntry struct {
	address     string
	path        []string
	id          report.ID
	status      report.Status
	message     *regexp.Regexp
	remediation bool
}

var _ statecheck.StateCheck = checkEntry{}

// In looks for the checks of one object inside the data source, at a
// dotted path such as "origins.web" (origin_distribution).
func (c checkEntry) In(path string) checkEntry {
	c.path = strings.Split(path, ".")
	return c
}

// Message also wants the check's message to contain excerpt.
func (c checkEntry) Message(excerpt string) checkEntry {
	c.message = regexp.MustCompile(regexp.QuoteMeta(excerpt))
	return c
}

// MessageMatches also wants the check's message to match the regular
// expression re.
func (c checkEntry) MessageMatches(re string) checkEntry {
	c.message = regexp.MustCompile(re)
	return c
}

// WithRemediation also wants a non-empty remediation.
func (c checkEntry) WithRemediation() checkEntry {
	c.remediation = true
	return c
}

// CheckState implements statecheck.StateCheck on the tfjson state.
func (c checkEntry) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.check(req)
}

func (c checkEntry) check(req statecheck.CheckStateRequest) error {
	where := c.address + "." + strings.Join(append(append([]string(nil), c.path...), "checks"), ".")
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		return fmt.Errorf("%s: no state", c.address)
	}
	var obj map[string]any
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == c.address {
			obj = r.AttributeValues
		}
	}
	if obj == nil {
		return fmt.Errorf("%s not in state", c.address)
	}
	for _, key := range c.path {
		next, ok := obj[key].(map[string]any)
		if !ok {
			return fmt.Errorf("%s: no object at %q of %s", c.address, key, strings.Join(c.path, "."))
		}
		obj = next
	}
	checks, ok := obj["checks"].(map[string]any)
	if !ok {
		return fmt.Errorf("%s is not a map: %T", where, obj["checks"])
	}
	entry, ok := checks[string(c.id)].(map[string]any)
	if !ok {
		return fmt.Errorf("%s has no check %s", where, c.id)
	}
	status, _ := entry["status"].(string)
	msg, hasMessage := entry["message"].(string)
	remediation, _ := entry["remediation"].(string)
	switch {
	case status != string(c.status):
		return fmt.Errorf("%s[%q] = %s %q, want %s", where, c.id, status, msg, c.status)
	case c.message != nil && !hasMessage:
		return fmt.Errorf("%s[%q] has no message (a passing check has one only with detail = \"full\")", where, c.id)
	case c.message != nil && !c.message.MatchString(msg):
		return fmt.Errorf("%s[%q] message %q does not match %q", where, c.id, msg, c.message)
	case c.remediation && remediation == "":
		return fmt.Errorf("%s[%q] has no remediation", where, c.id)
	}
	return nil
}

// fullDetail sets detail = "full" in every data source of cfg, for the
// tests that read the messages of passing checks.
func fullDetail(cfg string) string {
	return dataBlock.ReplaceAllString(cfg, "$0\n  detail = \"full\"")
}

var dataBlock = regexp.MustCompile(`data "origin_(health|distribution)" "[^"]+" \{`)

// TestCheckByID: the state check finds a check by its id, and fails on
// the wrong status, message or a missing entry.
func TestCheckByID(t *testing.T) {
	checks := map[string]any{
		"tls.expired":     map[string]any{"category": "tls", "status": "fail", "message": "expired 3 days ago", "remediation": "renew"},
		"dns.nxdomain":    map[string]any{"category": "dns", "status": "pass", "message": "resolves", "remediation": nil},
		"tls.chain_order": map[string]any{"category": "tls", "status": "pass", "message": nil, "remediation": nil},
	}
	state := &tfjson.State{Values: &tfjson.StateValues{RootModule: &tfjson.StateModule{Resources: []*tfjson.StateResource{
		{Address: "data.origin_health.t", AttributeValues: map[string]any{"checks": checks}},
		{Address: "data.origin_distribution.d", AttributeValues: map[string]any{"origins": map[string]any{"web": map[string]any{"checks": checks}}}},
	}}}}
	for _, tc := range []struct {
		check checkEntry
		err   string
	}{
		{checkByID("data.origin_health.t", report.DNSNXDomain, report.Pass), ""},
		{checkByID("data.origin_health.t", report.TLSExpired, report.Fail).Message("3 days").WithRemediation(), ""},
		{checkByID("data.origin_distribution.d", report.TLSExpired, report.Fail).In("origins.web").MessageMatches(`^expired \d+ days`), ""},
		{checkByID("data.origin_health.t", report.TLSExpired, report.Pass), "= fail"},
		{checkByID("data.origin_health.t", report.TLSExpired, report.Fail).Message("tomorrow"), "does not match"},
		{checkByID("data.origin_health.t", report.DNSNXDomain, report.Pass).WithRemediation(), "no remediation"},
		{checkByID("data.origin_health.t", report.TLSSelfSigned, report.Pass), "has no check tls.self_signed"},
		{checkByID("data.origin_health.t", report.TLSChainOrder, report.Pass), ""},
		{checkByID("data.origin_health.t", report.TLSChainOrder, report.Pass).Message("in order"), `has no message (a passing check has one only with detail = "full")`},
		{checkByID("data.origin_distribution.d", report.TLSExpired, report.Fail).In("origins.api"), `no object at "api"`},
		{checkByID("data.origin_health.u", report.TLSExpired, report.Fail), "not in state"},
	} {
		var resp statecheck.CheckStateResponse
		tc.check.CheckState(context.Background(), statecheck.CheckStateRequest{State: state}, &resp)
		switch {
		case tc.err == "" && resp.Error != nil:
			t.Errorf("%+v: %v", tc.check, resp.Error)
		case tc.err != "" && (resp.Error == nil || !strings.Contains(resp.Error.Error(), tc.err)):
			t.Errorf("%+v: error %v, want one saying %q", tc.check, resp.Error, tc.err)
		}
	}
}
