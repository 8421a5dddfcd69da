package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// configuredServer is ProtocolServer, configured with the defaults, and
// its schemas.
func configuredServer(t *testing.T) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	ctx := context.Background()
	srv := ProtocolServer("test")()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("schemas: %v %+v", err, schemas.Diagnostics)
	}
	if resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: object(t, schemas.Provider.ValueType(), nil)}); err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configure: %v %+v", err, resp)
	}
	return srv, schemas
}

// offlineOrigins are origin blocks of typ (a schema with origin_distribution's
// origin block) that the engine judges without a packet: a VPC origin
// (configuration checks only) and, with bad, an origin named by an IP
// address (config.domain_name fails, nothing is probed).
func offlineOrigins(t *testing.T, typ tftypes.Object, bad bool) tftypes.Value {
	t.Helper()
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	originType := objectType(t, blockType(t, typ, "origin").ElementType)
	vpcConfig := blockType(t, originType, "vpc_origin_config")
	custom := blockType(t, originType, "custom_origin_config")
	origins := []tftypes.Value{configValue(originType, map[string]tftypes.Value{
		"origin_id": str("vpc"), "domain_name": str("internal.example.com"),
		"vpc_origin_config": tftypes.NewValue(vpcConfig, []tftypes.Value{
			configValue(objectType(t, vpcConfig.ElementType), map[string]tftypes.Value{"vpc_origin_id": str("vo_123")}),
		}),
	})}
	if bad {
		origins = append(origins, configValue(originType, map[string]tftypes.Value{
			"origin_id": str("ip"), "domain_name": str("192.0.2.10"),
			"custom_origin_config": tftypes.NewValue(custom, []tftypes.Value{
				configValue(objectType(t, custom.ElementType), map[string]tftypes.Value{"origin_protocol_policy": str("https-only")}),
			}),
		}))
	}
	return tftypes.NewValue(typ.AttributeTypes["origin"], origins)
}

// invoke runs origin_check through the protocol server, returning its
// progress messages and its final diagnostics.
func invoke(t *testing.T, srv tfprotov6.ProviderServer, config *tfprotov6.DynamicValue) (progress []string, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	actions, ok := srv.(tfprotov6.ActionServer)
	if !ok {
		t.Fatalf("%T does not serve actions", srv)
	}
	stream, err := actions.InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{ActionType: "origin_check", Config: config})
	if err != nil {
		t.Fatal(err)
	}
	completed := 0
	for event := range stream.Events {
		switch e := event.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			progress = append(progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			completed++
			diags = e.Diagnostics
		}
	}
	if completed != 1 {
		t.Fatalf("%d completed events, want 1", completed)
	}
	return progress, diags
}

// TestActionOriginCheckInvoke invokes origin_check as Terraform >= 1.14
// does (tfprotov6 InvokeAction through ProtocolServer, so this runs on any
// machine): one progress line per origin, then the summary; the
// invocation fails exactly when the distribution would.
func TestActionOriginCheckInvoke(t *testing.T) {
	srv, schemas := configuredServer(t)
	as, ok := schemas.ActionSchemas["origin_check"]
	if !ok {
		t.Fatalf("no origin_check action schema: %v", schemas.ActionSchemas)
	}
	typ := objectType(t, as.Schema.ValueType())
	for _, name := range []string{"on_failure", "healthy", "summary", "origins"} {
		if _, has := typ.AttributeTypes[name]; has {
			t.Errorf("the action has %s, which is no argument of it", name)
		}
	}

	progress, diags := invoke(t, srv, object(t, typ, map[string]tftypes.Value{"origin": offlineOrigins(t, typ, true)}))
	if len(progress) != 3 {
		t.Fatalf("progress %q, want a line per origin and the summary", progress)
	}
	lines := strings.Join(progress[:2], "\n")
	for _, want := range []string{"[1/2] ", "[2/2] ", "vpc: origin internal.example.com is healthy", "ip: origin 192.0.2.10 is UNHEALTHY", "fail: config.ip_literal"} {
		if !strings.Contains(lines, want) {
			t.Errorf("progress lines %q lack %q", lines, want)
		}
	}
	if !strings.HasPrefix(progress[2], "distribution is UNHEALTHY") {
		t.Errorf("last progress %q, want the distribution's summary", progress[2])
	}
	var errs []string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, d.Summary)
		}
	}
	if got := strings.Join(errs, " | "); !strings.Contains(got, "Origin ip (192.0.2.10): check config.ip_literal failed") || !strings.Contains(got, "The distribution would fail") {
		t.Errorf("errors %q, want the failed check and the distribution's failure", got)
	}

	progress, diags = invoke(t, srv, object(t, typ, map[string]tftypes.Value{"origin": offlineOrigins(t, typ, false)}))
	if len(progress) != 2 || !strings.HasPrefix(progress[1], "distribution is healthy") {
		t.Errorf("healthy distribution: progress %q", progress)
	}
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Errorf("healthy distribution: error %s: %s", d.Summary, d.Detail)
		}
	}
}

// TestActionOriginCheckValidates: the action rejects what origin_distribution
// rejects (here two origins with one origin_id).
func TestActionOriginCheckValidates(t *testing.T) {
	srv, schemas := configuredServer(t)
	typ := objectType(t, schemas.ActionSchemas["origin_check"].Schema.ValueType())
	origins := offlineOrigins(t, typ, false)
	var list []tftypes.Value
	if err := origins.As(&list); err != nil {
		t.Fatal(err)
	}
	twice := tftypes.NewValue(typ.AttributeTypes["origin"], []tftypes.Value{list[0], list[0]})
	actions, ok := srv.(tfprotov6.ActionServer)
	if !ok {
		t.Fatalf("%T does not serve actions", srv)
	}
	resp, err := actions.ValidateActionConfig(context.Background(),
		&tfprotov6.ValidateActionConfigRequest{ActionType: "origin_check", Config: object(t, typ, map[string]tftypes.Value{"origin": twice})})
	if err != nil || len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary != "Duplicate origin_id" {
		t.Fatalf("validate: %v %+v, want one Duplicate origin_id error", err, resp)
	}
}
