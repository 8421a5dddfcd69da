package provider

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/originhealth/terraform-provider-origin/internal/resultview"
)

// TestDistributionReadMatchesFramework: origin_distribution's read, answered
// by protocolServer without the framework, returns the state and the
// diagnostics (severity, text, attribute) the framework's server returns
// for the same request. The origins need no network: a VPC origin (config
// checks only), an origin whose domain_name is invalid (nothing to
// resolve), and a group of the two.
func TestDistributionReadMatchesFramework(t *testing.T) {
	ctx := context.Background()
	servers := map[string]tfprotov6.ProviderServer{
		"protocolServer": ProtocolServer("test")(),
		"framework":      providerserver.NewProtocol6(&OriginProvider{version: "test"})(),
	}
	type answer struct {
		state tftypes.Value
		diags []string
	}
	answers := map[string]answer{}
	for name, srv := range servers {
		schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: object(t, schemas.Provider.ValueType(), nil)}); err != nil || len(resp.Diagnostics) > 0 {
			t.Fatalf("%s: configure: %v %+v", name, err, resp)
		}
		typ := objectType(t, schemas.DataSourceSchemas[distributionTypeName].ValueType())
		originType := objectType(t, blockType(t, typ, "origin").ElementType)
		groupType := objectType(t, blockType(t, typ, "origin_group").ElementType)
		str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
		vpcConfig := blockType(t, originType, "vpc_origin_config")
		member := blockType(t, groupType, "member")
		criteria := blockType(t, groupType, "failover_criteria")
		defaultType := objectType(t, blockType(t, typ, "default_cache_behavior").ElementType)
		forwarded := blockType(t, defaultType, "forwarded_values")
		codes := tftypes.NewValue(objectType(t, criteria.ElementType).AttributeTypes["status_codes"], []tftypes.Value{tftypes.NewValue(tftypes.Number, 502)})
		config := object(t, typ, map[string]tftypes.Value{
			"on_failure": str("warn"),
			// Terraform sends a list block it was not given as an empty list.
			"through_cloudfront": tftypes.NewValue(typ.AttributeTypes["through_cloudfront"], []tftypes.Value{}),
			"origin": tftypes.NewValue(typ.AttributeTypes["origin"], []tftypes.Value{
				configValue(originType, map[string]tftypes.Value{
					"origin_id": str("vpc"), "domain_name": str("internal.example.com"),
					"vpc_origin_config": tftypes.NewValue(vpcConfig, []tftypes.Value{
						configValue(objectType(t, vpcConfig.ElementType), map[string]tftypes.Value{"vpc_origin_id": str("vo_123")}),
					}),
				}),
				configValue(originType, map[string]tftypes.Value{"origin_id": str("bad"), "domain_name": str("-bad-.example.com")}),
				configValue(originType, map[string]tftypes.Value{
					"origin_id": str("spare"), "domain_name": str("spare.example.com"),
					"vpc_origin_config": tftypes.NewValue(vpcConfig, []tftypes.Value{
						configValue(objectType(t, vpcConfig.ElementType), map[string]tftypes.Value{"vpc_origin_id": str("vo_456")}),
					}),
				}),
			}),
			// The default behaviour goes through the group, an ordered one
			// to its member vpc directly; spare is reached by none.
			"default_cache_behavior": tftypes.NewValue(typ.AttributeTypes["default_cache_behavior"], []tftypes.Value{
				configValue(defaultType, map[string]tftypes.Value{
					"target_origin_id": str("group"), "viewer_protocol_policy": str("redirect-to-https"),
					"forwarded_values": tftypes.NewValue(forwarded, []tftypes.Value{
						configValue(objectType(t, forwarded.ElementType), map[string]tftypes.Value{"query_string": tftypes.NewValue(tftypes.Bool, false)}),
					}),
				}),
			}),
			"ordered_cache_behavior": tftypes.NewValue(typ.AttributeTypes["ordered_cache_behavior"], []tftypes.Value{
				configValue(objectType(t, blockType(t, typ, "ordered_cache_behavior").ElementType), map[string]tftypes.Value{
					"path_pattern": str("/internal/*"), "target_origin_id": str("vpc"),
				}),
			}),
			"origin_group": tftypes.NewValue(typ.AttributeTypes["origin_group"], []tftypes.Value{
				configValue(groupType, map[string]tftypes.Value{
					"origin_id": str("group"),
					"member": tftypes.NewValue(member, []tftypes.Value{
						configValue(objectType(t, member.ElementType), map[string]tftypes.Value{"origin_id": str("bad")}),
						configValue(objectType(t, member.ElementType), map[string]tftypes.Value{"origin_id": str("vpc")}),
					}),
					"failover_criteria": tftypes.NewValue(criteria, []tftypes.Value{
						configValue(objectType(t, criteria.ElementType), map[string]tftypes.Value{"status_codes": codes}),
					}),
				}),
			}),
		})
		resp, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: distributionTypeName, Config: config})
		if err != nil || resp.State == nil {
			t.Fatalf("%s: read: %v %+v", name, err, resp)
		}
		state, err := resp.State.Unmarshal(typ)
		if err != nil {
			t.Fatal(err)
		}
		var diags []string
		for _, d := range resp.Diagnostics {
			diags = append(diags, fmt.Sprintf("%s %s %q %q", d.Severity, d.Attribute, d.Summary, d.Detail))
		}
		answers[name] = answer{state, diags}
	}
	fast, framework := answers["protocolServer"], answers["framework"]
	if !fast.state.Equal(framework.state) {
		t.Errorf("states differ:\nprotocolServer: %s\nframework:      %s", fast.state, framework.state)
	}
	if fmt.Sprint(fast.diags) != fmt.Sprint(framework.diags) {
		t.Errorf("diagnostics differ:\nprotocolServer: %q\nframework:      %q", fast.diags, framework.diags)
	}
	if len(fast.diags) == 0 {
		t.Error("no diagnostics: the invalid domain_name should warn (on_failure = warn)")
	}
	var state map[string]tftypes.Value
	var unreached []tftypes.Value
	if err := fast.state.As(&state); err != nil {
		t.Fatal(err)
	}
	if err := state["unreached_origin_ids"].As(&unreached); err != nil {
		t.Fatal(err)
	}
	if len(unreached) != 1 || !unreached[0].Equal(tftypes.NewValue(tftypes.String, "spare")) {
		t.Errorf("unreached_origin_ids = %v, want [spare]", unreached)
	}
}

// ptr is a pointer to v.
func ptr[T any](v T) *T { return &v }

// objectType is typ, an object type.
func objectType(t *testing.T, typ tftypes.Type) tftypes.Object {
	t.Helper()
	o, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("%s is not an object type", typ)
	}
	return o
}

// blockType is the list type of o's block name.
func blockType(t *testing.T, o tftypes.Object, name string) tftypes.List {
	t.Helper()
	l, ok := o.AttributeTypes[name].(tftypes.List)
	if !ok {
		t.Fatalf("%s is %s, not a list of blocks", name, o.AttributeTypes[name])
	}
	return l
}

// configValue is a block as Terraform sends it: the given attributes, every
// nested block an empty list, every other attribute null.
func configValue(typ tftypes.Object, set map[string]tftypes.Value) tftypes.Value {
	attrs := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
		if l, ok := at.(tftypes.List); ok {
			if _, isBlock := l.ElementType.(tftypes.Object); isBlock {
				attrs[name] = tftypes.NewValue(at, []tftypes.Value{})
			}
		}
		if v, ok := set[name]; ok {
			attrs[name] = v
		}
	}
	return tftypes.NewValue(typ, attrs)
}

// TestSetStateMatchesFramework: setState stores a filled origin_health
// model as the framework's State.Set does.
func TestSetStateMatchesFramework(t *testing.T) {
	ctx := context.Background()
	var schemaResp datasource.SchemaResponse
	(&HealthDataSource{}).Schema(ctx, datasource.SchemaRequest{}, &schemaResp)
	model := healthModel{
		ID: types.StringValue("o.example.com"), DomainName: types.StringValue("o.example.com"), OriginProtocolPolicy: types.StringValue("https-only"),
		HTTPPort: types.Int64Value(80), HTTPSPort: types.Int64Value(443), OriginSSLProtocols: []string{"TLSv1.2"},
		HostHeader: types.StringNull(), OnFailure: types.StringValue("warn"), CertificateExpiryWarningDays: types.Int64Value(30),
		IPAddressType: types.StringValue("ipv4"), ConnectionAttempts: types.Int64Value(3), ConnectionTimeout: types.Int64Value(10),
		ReachableFrom: types.StringValue("anywhere"),
		HTTPRequest: &HTTPRequestModel{Path: types.StringValue("/"), Method: types.StringValue("HEAD"), Headers: map[string]string{"X-A": "b"},
			OriginReadTimeout: types.Int64Value(30), OriginKeepaliveTimeout: types.Int64Value(5), MeasureKeepalive: types.BoolValue(false)},
		Detail: types.StringValue("problems"),
		originResultModel: originResultModel{
			Healthy: types.BoolValue(true), Summary: types.StringValue("origin o.example.com is healthy"),
			Checks: map[string]resultview.Check{
				"tls.expired":       {Category: "tls", Status: "pass"},
				"tls.name_mismatch": {Category: "tls", Status: "pass", Message: ptr("covers o.example.com")},
				"http.no_response":  {Category: "http", Status: "skip", Message: ptr("not run"), Remediation: ptr("")},
			},
			Addresses:   []string{"192.0.2.1"},
			Nameservers: []resultview.Nameserver{{Name: "ns1.example.com", Address: "192.0.2.53", Zone: "example.com", Status: "ok"}},
			TLS: &resultview.TLS{Version: "TLSv1.2", CipherSuite: "ECDHE-RSA-AES128-GCM-SHA256",
				Certificate: resultview.Certificate{Subject: "CN=o.example.com", SANs: []string{"o.example.com"}, DaysRemaining: 90, ChainLength: 2, KeyType: "RSA", KeyBits: 2048}},
		},
	}
	ours := tfsdk.State{Schema: schemaResp.Schema}
	if diags := setState(ctx, &ours, &model); diags.HasError() {
		t.Fatal(diags)
	}
	framework := tfsdk.State{Schema: schemaResp.Schema}
	if diags := framework.Set(ctx, &model); diags.HasError() {
		t.Fatal(diags)
	}
	if !ours.Raw.Equal(framework.Raw) {
		t.Errorf("setState:  %s\nState.Set: %s", ours.Raw, framework.Raw)
	}
}

func TestAttributePath(t *testing.T) {
	for _, c := range []struct {
		in   path.Path
		want string
	}{
		{path.Empty(), "<nil>"},
		{path.Root("origin").AtListIndex(2).AtName("custom_origin_config").AtListIndex(0).AtName("https_port"), `AttributeName("origin").ElementKeyInt(2).AttributeName("custom_origin_config").ElementKeyInt(0).AttributeName("https_port")`},
		{path.Root("origins").AtMapKey("o1").AtName("healthy"), `AttributeName("origins").ElementKeyString("o1").AttributeName("healthy")`},
	} {
		got := fmt.Sprint(attributePath(c.in))
		if c.in.Equal(path.Empty()) {
			if attributePath(c.in) != nil {
				t.Errorf("attributePath(empty) = %s, want nil", got)
			}
			continue
		}
		if got != c.want {
			t.Errorf("attributePath(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}

// TestSilenceUncollectedLogs: logging goes off only when no variable says
// Terraform keeps this plugin's logs.
func TestSilenceUncollectedLogs(t *testing.T) {
	logVars := []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_ORIGIN", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_CORE", "TF_LOG_PATH"}
	for _, c := range []struct {
		set       map[string]string
		collected bool
	}{
		{nil, false},
		{map[string]string{"TF_LOG_CORE": "trace", "TF_LOG_PATH": "/tmp/x"}, false}, // core's own logs only
		{map[string]string{"TF_LOG": "debug"}, true},
		{map[string]string{"TF_LOG_PROVIDER": "trace"}, true},
		{map[string]string{"TF_LOG_PROVIDER_ORIGIN": "debug"}, true},
		{map[string]string{"TF_LOG_SDK_FRAMEWORK": "trace"}, true},
	} {
		t.Run(fmt.Sprint(c.set), func(t *testing.T) {
			for _, name := range logVars {
				t.Setenv(name, "") // restored after the test
				_ = os.Unsetenv(name)
			}
			for k, v := range c.set {
				t.Setenv(k, v)
			}
			defer func() { logsCollected = true }()
			logsCollected = true
			SilenceUncollectedLogs()
			if logsCollected != c.collected {
				t.Errorf("logs collected = %v, want %v", logsCollected, c.collected)
			}
			if !c.collected && (os.Getenv("TF_LOG_SDK") != "OFF" || os.Getenv("TF_LOG_PROVIDER") != "OFF") {
				t.Errorf("TF_LOG_SDK=%q TF_LOG_PROVIDER=%q, want OFF", os.Getenv("TF_LOG_SDK"), os.Getenv("TF_LOG_PROVIDER"))
			}
		})
	}
}

// TestStateMsgPackMatchesFramework: a full result (checks, name servers,
// TLS, HTTP, groups) written by stateMsgPack decodes to the value the
// framework's own SetAttribute stores over the same configuration.
func TestStateMsgPackMatchesFramework(t *testing.T) {
	ctx := context.Background()
	sch := distributionSchema()
	typ := objectType(t, sch.Type().TerraformType(ctx))
	configValue := configValue(typ, map[string]tftypes.Value{"on_failure": tftypes.NewValue(tftypes.String, "warn")})
	configMsgPack, err := tfprotov6.NewDynamicValue(typ, configValue)
	if err != nil {
		t.Fatal(err)
	}
	origin := originResultModel{
		Healthy: types.BoolValue(false), Summary: types.StringValue("origin o.example.com is unhealthy"),
		Checks: map[string]resultview.Check{
			"tls.expired":           {Category: "tls", Status: "fail", Message: ptr("expired 2 days ago"), Remediation: ptr("renew")},
			"dns.nxdomain":          {Category: "dns", Status: "pass"},
			"tcp.https_port_closed": {Category: "tcp", Status: "pass", Message: ptr("accepted")},
		},
		Addresses:   []string{"192.0.2.1", "2001:db8::1"},
		Nameservers: []resultview.Nameserver{{Name: "ns1.example.com", Address: "192.0.2.53", Zone: "example.com", Status: "ok"}},
		TLS: &resultview.TLS{Version: "TLSv1.2", CipherSuite: "ECDHE-RSA-AES128-GCM-SHA256",
			Certificate: resultview.Certificate{Subject: "CN=o.example.com", SANs: []string{}, DaysRemaining: -2, ChainLength: 1, KeyType: "RSA", KeyBits: 2048}},
		HTTP: &resultview.HTTP{StatusCode: 502, TimeToFirstByteMS: ptr[int64](31)},
	}
	compact := origin
	compact.HTTP = &resultview.HTTP{StatusCode: 200}
	result := distributionResultModel{
		ID: types.StringValue("a,b"), Healthy: types.BoolValue(false), Summary: types.StringValue("1 of 2 origins fail"),
		Results:      map[string]originResultModel{"b": origin, "a": {Healthy: types.BoolValue(true), Summary: types.StringValue("ok")}, "c": compact},
		GroupResults: map[string]groupResultModel{"g": {Healthy: types.BoolValue(true), Status: types.StringValue("warn"), Summary: types.StringValue("serves through b")}},
		Unreached:    []string{"c", "spare-group"},
	}
	state := tfsdk.State{Schema: sch, Raw: configValue}
	for name, value := range map[string]any{"id": result.ID, "healthy": result.Healthy, "summary": result.Summary, "origins": result.Results, "origin_groups": result.GroupResults, "unreached_origin_ids": result.Unreached} {
		if diags := state.SetAttribute(ctx, path.Root(name), value); diags.HasError() {
			t.Fatal(diags)
		}
	}
	ours, err := stateMsgPack(configMsgPack.MsgPack, &result)
	if err != nil {
		t.Fatal(err)
	}
	got, err := (&tfprotov6.DynamicValue{MsgPack: ours}).Unmarshal(typ)
	if err != nil {
		t.Fatalf("stateMsgPack's bytes do not decode as the schema's type: %v", err)
	}
	if !got.Equal(state.Raw) {
		t.Errorf("stateMsgPack: %s\nframework:    %s", got, state.Raw)
	}
}

// TestValidationStartsTheRead: a distribution whose configuration passes
// every validator starts its checks at ValidateDataResourceConfig, and the
// read takes them; one that fails a validator (here origin_path, which
// goes into the request line) starts nothing.
func TestValidationStartsTheRead(t *testing.T) {
	ctx := context.Background()
	srv := ProtocolServer("test")()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: object(t, schemas.Provider.ValueType(), nil)}); err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configure: %v %+v", err, resp)
	}
	ps, ok := srv.(protocolServer)
	if !ok {
		t.Fatalf("ProtocolServer returned a %T", srv)
	}
	started := func() int { return ps.provider.engine.Load().Started() }
	config := vpcDistributionConfig(t, schemas)

	bad, err := srv.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: distributionTypeName, Config: config("/a b")})
	if err != nil || len(bad.Diagnostics) == 0 || bad.Diagnostics[0].Summary != "Invalid origin_path" {
		t.Fatalf("origin_path %q: %v %+v, want an Invalid origin_path error", "/a b", err, bad)
	}
	if started() != 0 {
		t.Errorf("%d checks started for a configuration that failed validation", started())
	}
	good, err := srv.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: distributionTypeName, Config: config("/prod")})
	if err != nil || len(good.Diagnostics) > 0 {
		t.Fatalf("validate: %v %+v", err, good)
	}
	if started() != 1 {
		t.Errorf("%d checks started after a valid configuration, want 1", started())
	}
	read, err := srv.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: distributionTypeName, Config: config("/prod")})
	if err != nil || read.State == nil {
		t.Fatalf("read: %v %+v", err, read)
	}
	if started() != 0 {
		t.Errorf("the read left %d started checks, want it to take the one", started())
	}
}

// vpcDistributionConfig makes origin_distribution configurations of one
// VPC origin (no network checks) whose origin_path is the argument, in
// the schema's types.
func vpcDistributionConfig(t *testing.T, schemas *tfprotov6.GetProviderSchemaResponse) func(originPath string) *tfprotov6.DynamicValue {
	t.Helper()
	typ := objectType(t, schemas.DataSourceSchemas[distributionTypeName].ValueType())
	originType := objectType(t, blockType(t, typ, "origin").ElementType)
	vpcConfig := blockType(t, originType, "vpc_origin_config")
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	return func(originPath string) *tfprotov6.DynamicValue {
		return object(t, typ, map[string]tftypes.Value{
			"origin_group": tftypes.NewValue(typ.AttributeTypes["origin_group"], []tftypes.Value{}),
			"origin": tftypes.NewValue(typ.AttributeTypes["origin"], []tftypes.Value{
				configValue(originType, map[string]tftypes.Value{
					"origin_id": str("vpc"), "domain_name": str("internal.example.com"), "origin_path": str(originPath),
					"vpc_origin_config": tftypes.NewValue(vpcConfig, []tftypes.Value{
						configValue(objectType(t, vpcConfig.ElementType), map[string]tftypes.Value{"vpc_origin_id": str("vo_123")}),
					}),
				}),
			}),
		})
	}
}
