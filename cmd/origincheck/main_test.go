package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/provider"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// run is the whole command, minus the signal handling.
func run(args []string, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdout, stderr)
}

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

var (
	labOnce sync.Once
	theLab  *lab.Lab
	labErr  error
	caFile  string
)

func TestMain(m *testing.M) {
	if os.Getenv(testMainEnv) == "1" { // the README's CI scripts call origincheck
		main()
	}
	// The user's ORIGIN_* variables must not leak into the tests.
	lookupEnv = func(string) (string, bool) { return "", false }
	code := m.Run()
	if theLab != nil {
		theLab.Close()
		os.Remove(caFile)
	}
	os.Exit(code)
}

// labArgs starts the fixture lab once and returns the flags that point
// origincheck at it.
func labArgs(t *testing.T) []string {
	t.Helper()
	fixture.RequireRoot(t)
	labOnce.Do(func() {
		theLab, labErr = lab.Start()
		if labErr != nil {
			return
		}
		// Shared by every test of the package and removed in TestMain:
		// t.TempDir would go with the first test.
		f, err := os.CreateTemp("", "origincheck-ca-*.pem") //nolint:usetesting // outlives the test that starts the lab
		if err != nil {
			labErr = err
			return
		}
		caFile = f.Name()
		_, labErr = f.WriteString(theLab.CAPEM)
		f.Close()
	})
	if labErr != nil {
		t.Fatalf("lab: %v", labErr)
	}
	var roots []string
	for _, r := range theLab.RootServers {
		roots = append(roots, r.String())
	}
	return []string{"--dns-root-servers", strings.Join(roots, ","), "--trusted-ca-pem", caFile, "--allow-private-addresses", "--timeout", "5s"}
}

type runResult struct {
	code           int
	stdout, stderr string
}

func runArgs(args ...string) runResult {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return runResult{code, out.String(), errOut.String()}
}

// normalize replaces what changes between runs: lab addresses and dates.
var normalizers = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`127\.\d+\.\d+\.\d+`), "127.x.x.x"},
	{regexp.MustCompile(`\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?`), "YYYY-MM-DD"},
}

func normalize(s string) string {
	for _, n := range normalizers {
		s = n.re.ReplaceAllString(s, n.with)
	}
	return s
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	got = normalize(got)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/origincheck/ -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./cmd/origincheck/ -update rewrites it)\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

// TestLab runs the command against the fixture lab: the healthy origin,
// one failure per check family, a warning, several origins, and a
// CloudFront distribution config with origin groups.
func TestLab(t *testing.T) {
	labFlags := labArgs(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		// fails lists check ids the output must name as failed.
		fails []report.ID
	}{
		{name: "healthy", args: []string{"healthy.example.test"}, code: exitOK},
		{name: "healthy_verbose", args: []string{"-v", "healthy.example.test"}, code: exitOK},
		{name: "tls_chain_order", args: []string{"disordered.example.test"}, code: exitCritical, fails: []report.ID{report.TLSChainOrder}},
		{name: "dns_nxdomain", args: []string{"missing.example.test"}, code: exitCritical, fails: []report.ID{report.DNSNXDomain}},
		{name: "tcp_port_closed", args: []string{"closed.example.test"}, code: exitCritical, fails: []report.ID{report.TCPHTTPSPortClosed}},
		{name: "config_port", args: []string{"--https-port", "22", "healthy.example.test"}, code: exitCritical, fails: []report.ID{report.ConfigPortOutOfRange}},
		{name: "config_protocol", args: []string{"healthy.example.test", "--origin-ssl-protocols", "TLSv1.2,TLSv1.3"}, code: exitCritical, fails: []report.ID{report.ConfigUnknownProtocol}},
		{name: "warn_expiring", args: []string{"expiring.example.test"}, code: exitWarning},
		{name: "skip_check", args: []string{"--skip-checks", "tls.chain_order", "disordered.example.test"}, code: exitOK},
		{name: "several", args: []string{"healthy.example.test", "closed.example.test", "expiring.example.test"}, code: exitCritical, fails: []report.ID{report.TCPHTTPSPortClosed}},
		{name: "distribution", args: []string{"--config", "testdata/distribution.json"}, code: exitCritical, fails: []report.ID{report.TLSChainOrder, report.TCPHTTPSPortClosed}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := runArgs(append(slices.Clone(labFlags), tc.args...)...)
			if o.code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", o.code, tc.code, o.stdout, o.stderr)
			}
			if o.stderr != "" {
				t.Errorf("stderr not empty (no terminal, so no progress line): %q", o.stderr)
			}
			for _, id := range tc.fails {
				if !strings.Contains(o.stdout, "FAIL "+string(id)+":") {
					t.Errorf("output does not name %s as failed:\n%s", id, o.stdout)
				}
			}
			golden(t, tc.name, o.stdout)
		})
	}
}

// TestJSONIsTheDataSourceObject: --json prints exactly origin_health's
// attributes (nested objects included), except on_failure, which is how
// Terraform reacts to a result rather than part of it.
func TestJSONIsTheDataSourceObject(t *testing.T) {
	var resp datasource.SchemaResponse
	provider.NewHealthDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	want := schemaKeys(resp.Schema.Attributes)
	delete(want, "on_failure")

	labFlags := labArgs(t)
	// With a host header and origin_mtls_config, every object is non-null
	// but http_request's and http's (no request to an origin demanding a
	// client certificate this machine does not have): those come from a
	// second run, with http_request.
	o := runArgs(append(slices.Clone(labFlags), "--json", "--http-request-header", "X-Origin-Verify:not-a-real-secret", "healthy.example.test")...)
	withHTTP, err := onlyOrigin(o.stdout)
	if err != nil || withHTTP["http"] == nil {
		t.Fatalf("http_request run: %v, http %v\n%s%s", err, withHTTP["http"], o.stdout, o.stderr)
	}
	if strings.Contains(o.stdout, "not-a-real-secret") {
		t.Errorf("--json prints a request header's value:\n%s", o.stdout)
	}
	o = runArgs(append(slices.Clone(labFlags), "--json", "--host-header", "mtls-declared.example.test",
		"--client-certificate-arn", lab.LabClientCertificateARN, "--skip-checks", "tls.expiring_soon", "mtls-declared.example.test")...)
	if o.code != exitOK {
		t.Fatalf("exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	got, err := onlyOrigin(o.stdout)
	if err != nil {
		t.Fatalf("not an envelope of one origin: %v\n%s", err, o.stdout)
	}
	got["http_request"], got["http"] = withHTTP["http_request"], withHTTP["http"]
	if diff := compareKeys("", want, jsonKeys(got)); diff != "" {
		t.Errorf("--json keys differ from the origin_health schema:\n%s", diff)
	}
	if got["skip_checks"] == nil || got["host_header"] != "mtls-declared.example.test" || got["healthy"] != true {
		t.Errorf("arguments not echoed: skip_checks %v, host_header %v, healthy %v", got["skip_checks"], got["host_header"], got["healthy"])
	}

	// Unset optional arguments are null, as in Terraform's state.
	o = runArgs(append(slices.Clone(labFlags), "--json", "healthy.example.test")...)
	if got, err = onlyOrigin(o.stdout); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"host_header", "origin_mtls_config", "skip_checks"} {
		if v, ok := got[k]; !ok || v != nil {
			t.Errorf("%s = %v, want null", k, v)
		}
	}

	// Several DOMAINs: the same envelope, origins in argument order.
	o = runArgs(append(slices.Clone(labFlags), "--json", "healthy.example.test", "closed.example.test")...)
	var env struct {
		Origins []map[string]any `json:"origins"`
	}
	if err := json.Unmarshal([]byte(o.stdout), &env); err != nil {
		t.Fatalf("not the envelope: %v\n%s", err, o.stdout)
	}
	list := env.Origins
	if len(list) != 2 || list[0]["id"] != "healthy.example.test" || list[1]["healthy"] != false || o.code != exitCritical {
		t.Errorf("array: %d entries, first %v, second healthy %v, exit %d", len(list), list[0]["id"], list[1]["healthy"], o.code)
	}
}

// onlyOrigin decodes an envelope of one origin and returns that origin
// without origin_id (the envelope's, not origin_health's).
func onlyOrigin(stdout string) (map[string]any, error) {
	var env struct {
		SchemaVersion int              `json:"schema_version"`
		Origins       []map[string]any `json:"origins"`
	}
	if err := json.Unmarshal([]byte(stdout), &env); err != nil {
		return nil, err
	}
	if env.SchemaVersion != schemaVersion || len(env.Origins) != 1 {
		return nil, fmt.Errorf("schema_version %d, %d origins", env.SchemaVersion, len(env.Origins))
	}
	o := env.Origins[0]
	if id, ok := o["origin_id"]; !ok || id != nil {
		return nil, fmt.Errorf("origin_id %v, want null for a DOMAIN", id)
	}
	delete(o, "origin_id")
	return o, nil
}

// TestJSONDistribution: --config prints the envelope with
// origin_distribution's verdict and groups, each origin the whole result
// object with its Id.
func TestJSONDistribution(t *testing.T) {
	o := runArgs(append(labArgs(t), "--json", "--config", "testdata/distribution.json")...)
	if o.code != exitCritical {
		t.Fatalf("exit %d\n%s", o.code, o.stderr)
	}
	var got struct {
		Healthy      bool   `json:"healthy"`
		Summary      string `json:"summary"`
		Origins      map[string]map[string]any
		OriginList   []map[string]any     `json:"origins"`
		OriginGroups map[string]groupView `json:"origin_groups"`
	}
	if err := json.Unmarshal([]byte(o.stdout), &got); err != nil {
		t.Fatal(err)
	}
	got.Origins = map[string]map[string]any{}
	var order []string
	for _, origin := range got.OriginList {
		id, _ := origin["origin_id"].(string)
		got.Origins[id] = origin
		order = append(order, id)
	}
	if want := []string{"web", "legacy", "down", "assets", "internal-api"}; !slices.Equal(order, want) {
		t.Errorf("origins in order %v, want the file's %v", order, want)
	}
	if got.Healthy || !strings.HasPrefix(got.Summary, "distribution is UNHEALTHY") || !strings.Contains(got.Summary, "(5 origins: ") {
		t.Errorf("healthy %v, summary %q", got.Healthy, got.Summary)
	}
	wantHealthy := map[string]bool{"web": true, "legacy": false, "down": false, "assets": true, "internal-api": true}
	for id, healthy := range wantHealthy {
		if o, ok := got.Origins[id]; !ok || o["healthy"] != healthy {
			t.Errorf("origin %s: %v, want healthy %v", id, o["healthy"], healthy)
		}
	}
	if n := len(got.Origins); n != len(wantHealthy) {
		t.Errorf("%d origins, want %d", n, len(wantHealthy))
	}
	// The S3 origin is checked as HTTPS; the VPC origin's network checks are skipped with the reason.
	if got.Origins["assets"]["origin_protocol_policy"] != "https-only" || got.Origins["assets"]["tls"] == nil {
		t.Errorf("S3 origin: policy %v, tls %v", got.Origins["assets"]["origin_protocol_policy"], got.Origins["assets"]["tls"])
	}
	checks, _ := got.Origins["internal-api"]["checks"].(map[string]any)
	if len(checks) == 0 {
		t.Errorf("VPC origin: no checks in %v", got.Origins["internal-api"])
	}
	for id, c := range checks {
		c, _ := c.(map[string]any)
		msg, _ := c["message"].(string)
		if c["category"] != "config" && (c["status"] != "skip" || !strings.Contains(msg, "inside the VPC")) {
			t.Errorf("VPC origin check %s: %s %s", id, c["status"], c["message"])
		}
	}
	for id, want := range map[string]report.Status{"web-group": report.Pass, "legacy-group": report.Warn, "dead-group": report.Fail} {
		if g := got.OriginGroups[id]; g.Status != want || g.Healthy != (want != report.Fail) {
			t.Errorf("group %s: %+v, want %s", id, g, want)
		}
	}
}

// schemaKeys is the attribute tree of a data source schema.
func schemaKeys(attrs map[string]schema.Attribute) map[string]any {
	out := map[string]any{}
	for name, a := range attrs {
		switch a := a.(type) {
		case schema.SingleNestedAttribute:
			out[name] = schemaKeys(a.Attributes)
		case schema.ListNestedAttribute:
			out[name] = schemaKeys(a.NestedObject.Attributes)
		default:
			out[name] = nil
		}
	}
	return out
}

// jsonKeys is the key tree of a decoded JSON object; a list of objects
// contributes its first element's keys.
func jsonKeys(v map[string]any) map[string]any {
	out := map[string]any{}
	for k, val := range v {
		switch val := val.(type) {
		case map[string]any:
			out[k] = jsonKeys(val)
		case []any:
			if len(val) > 0 {
				if m, ok := val[0].(map[string]any); ok {
					out[k] = jsonKeys(m)
					continue
				}
			}
			out[k] = nil
		default:
			out[k] = nil
		}
	}
	return out
}

func compareKeys(prefix string, want, got map[string]any) string {
	var diffs []string
	for k, w := range want {
		g, ok := got[k]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+prefix+k)
		case w != nil && g == nil:
			diffs = append(diffs, prefix+k+" is not an object (null or empty in this output?)")
		case w != nil:
			wm, _ := w.(map[string]any)
			gm, _ := g.(map[string]any)
			if d := compareKeys(prefix+k+".", wm, gm); d != "" {
				diffs = append(diffs, d)
			}
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, "extra "+prefix+k)
		}
	}
	sort.Strings(diffs)
	return strings.Join(diffs, "\n")
}

// TestUsageErrors: bad command lines and inputs exit 3, naming the flag or
// argument and the fix, print nothing on stdout, and send no packet.
func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	malformed := write("malformed.json", `{"DistributionConfig": {"Origins": {"Quantity": 1, "Items": [ {"Id": "a",`)
	empty := write("empty.json", `[]`)
	emptyItems := write("empty-items.json", `{"ETag": "E1", "DistributionConfig": {"Origins": {"Quantity": 0}}}`)
	noOrigins := write("other.json", `{"Comment": "not a distribution"}`)
	intrinsic := write("cfn.json", `{"Resources": {"Dist": {"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": {"Origins": [{"Id": "s3", "DomainName": {"Fn::GetAtt": ["Bucket", "RegionalDomainName"]}, "S3OriginConfig": {}}]}}}}}`)
	notPEM := write("not.pem", "hello")
	yamlIntrinsic := write("cfn.yaml", "Resources:\n  Dist:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Origins:\n          - Id: s3\n            DomainName: !GetAtt Bucket.RegionalDomainName\n            S3OriginConfig: {}\n")
	yamlSub := write("sub.yaml", "Resources:\n  Dist:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Origins:\n          - Id: api\n            DomainName: !Sub '${Api}.execute-api.${AWS::Region}.amazonaws.com'\n            CustomOriginConfig: {OriginProtocolPolicy: https-only}\n")
	yamlMalformed := write("bad.yaml", "Resources:\n  Dist: [unclosed\n")

	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want []string
	}{
		{"unknown flag", []string{"--bogus", "healthy.example.test"}, nil, []string{"flag provided but not defined: --bogus", "origincheck --help"}},
		{"no domain", nil, nil, []string{"no origin to check", "DOMAIN", "--config"}},
		{"ip literal", []string{"192.0.2.10"}, nil, []string{`DOMAIN "192.0.2.10" is an IP address`, "config.ip_literal", "DNS name"}},
		{"ipv6 literal", []string{"[2001:db8::1]"}, nil, []string{`"2001:db8::1" is an IP address`}},
		{"url", []string{"https://origin.example.com/"}, nil, []string{"URL scheme", "only the host name"}},
		{"port in domain", []string{"origin.example.com:8443"}, nil, []string{"contains a port", "--http-port/--https-port"}},
		{"malformed json", []string{"--config", malformed}, nil, []string{"--config " + malformed, "malformed JSON"}},
		{"empty list", []string{"--config", empty}, nil, []string{"no origins"}},
		{"empty items", []string{"--config", emptyItems}, nil, []string{"no origins"}},
		{"not a distribution", []string{"--config", noOrigins}, nil, []string{"found no origins", "get-distribution-config"}},
		{"cloudformation intrinsic", []string{"--config", intrinsic}, nil, []string{"DomainName", "Fn::GetAtt", "get-distribution-config"}},
		{"yaml short-form GetAtt", []string{"--config", yamlIntrinsic}, nil, []string{"DomainName", "Fn::GetAtt", "get-distribution-config"}},
		{"yaml short-form Sub", []string{"--config", yamlSub}, nil, []string{"DomainName", "intrinsic", "get-distribution-config"}},
		{"malformed yaml", []string{"--config", yamlMalformed}, nil, []string{"--config " + yamlMalformed, "malformed YAML"}},
		{"missing config", []string{"--config", filepath.Join(dir, "nope.json")}, nil, []string{"--config", "no such file"}},
		{"config and domain", []string{"--config", empty, "healthy.example.test"}, nil, []string{"not both"}},
		{"origin flag with config", []string{"--config", empty, "--https-port", "8443"}, nil, []string{"--https-port", "come from the file"}},
		{"bad policy", []string{"--origin-protocol-policy", "https", "a.example.com"}, nil, []string{"--origin-protocol-policy", "http-only, https-only, match-viewer"}},
		{"bad attempts", []string{"--connection-attempts", "5", "a.example.com"}, nil, []string{"--connection-attempts 5", "1 to 3"}},
		{"bad port number", []string{"--https-port", "x", "a.example.com"}, nil, []string{"--https-port"}},
		{"bad skip id", []string{"--skip-checks", "tls.nope", "a.example.com"}, nil, []string{`"tls.nope" is not a check id`, "--list-checks"}},
		{"bad host header", []string{"--host-header", "a b", "a.example.com"}, nil, []string{"--host-header"}},
		{"bad timeout", []string{"--timeout", "10", "a.example.com"}, nil, []string{"--timeout", "not a duration"}},
		{"bad root server", []string{"--dns-root-servers", "192.0.2.53,ns.example", "a.example.com"}, nil, []string{"--dns-root-servers", `"ns.example" is not an IP address`}},
		{"missing ca file", []string{"--trusted-ca-pem", filepath.Join(dir, "nope.pem"), "a.example.com"}, nil, []string{"--trusted-ca-pem", "no such file"}},
		{"bad ca file", []string{"--trusted-ca-pem", notPEM, "a.example.com"}, nil, []string{"--trusted-ca-pem " + notPEM}},
		{"bad env timeout", []string{"a.example.com"}, map[string]string{"ORIGIN_TIMEOUT": "soon"}, []string{"ORIGIN_TIMEOUT", `"soon" is not a duration`}},
		{"bad env concurrency", []string{"a.example.com"}, map[string]string{"ORIGIN_MAX_CONCURRENCY": "0"}, []string{"ORIGIN_MAX_CONCURRENCY", "between 1 and 1024"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env != nil {
				saved := lookupEnv
				lookupEnv = func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok }
				t.Cleanup(func() { lookupEnv = saved })
			}
			o := runArgs(tc.args...)
			if o.code != exitUnknown {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", o.code, exitUnknown, o.stdout, o.stderr)
			}
			if o.stdout != "" {
				t.Errorf("stdout not empty: %q", o.stdout)
			}
			for _, w := range tc.want {
				if !strings.Contains(o.stderr, w) {
					t.Errorf("stderr does not say %q:\n%s", w, o.stderr)
				}
			}
		})
	}
}

func TestHelpAndVersion(t *testing.T) {
	o := runArgs("--help")
	if o.code != 0 || !strings.Contains(o.stdout, "Usage: origincheck") || !strings.Contains(o.stdout, "--dns-root-servers LIST") {
		t.Errorf("--help: exit %d\n%s", o.code, o.stdout)
	}
	if o := runArgs("--version"); o.code != 0 || !strings.HasPrefix(o.stdout, "origincheck ") {
		t.Errorf("--version: exit %d %q", o.code, o.stdout)
	}
}

func TestListChecks(t *testing.T) {
	o := runArgs("--list-checks")
	lines := strings.Split(strings.TrimSpace(o.stdout), "\n")
	if o.code != 0 || len(lines) != len(report.All()) {
		t.Fatalf("exit %d, %d lines for %d checks", o.code, len(lines), len(report.All()))
	}
	for i, d := range report.All() {
		if f := strings.Fields(lines[i]); f[0] != string(d.ID) || f[1] != string(d.Category) || !strings.HasSuffix(lines[i], d.Title) {
			t.Errorf("line %d: %q, want %s %s %s", i, lines[i], d.ID, d.Category, d.Title)
		}
	}
	o = runArgs("--list-checks", "--json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(o.stdout), &list); err != nil || len(list) != len(report.All()) {
		t.Fatalf("--json: %v, %d entries", err, len(list))
	}
	if d := report.All()[0]; list[0]["id"] != string(d.ID) || list[0]["title"] != d.Title || list[0]["remediation"] != d.Remediation {
		t.Errorf("first entry %v", list[0])
	}
	// What CloudFront answers, by id; none for a configuration it rejects.
	for i, d := range report.All() {
		got, _ := list[i]["cloudfront_answers"].(float64)
		if int(got) != d.Answers {
			t.Errorf("%s: cloudfront_answers %v, want %d", d.ID, list[i]["cloudfront_answers"], d.Answers)
		}
	}
}

// TestParseDistributionShapes: every wrapper of the origins is accepted.
func TestParseDistributionShapes(t *testing.T) {
	origin := `{"Id": "o1", "DomainName": "a.example.com", "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 8443, "OriginProtocolPolicy": "match-viewer",
		"OriginSslProtocols": {"Quantity": 2, "Items": ["TLSv1.1", "TLSv1.2"]}, "IpAddressType": "dualstack",
		"OriginMtlsConfig": {"ClientCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/x"}}, "ConnectionAttempts": 2, "ConnectionTimeout": 4,
		"CustomHeaders": {"Quantity": 1, "Items": [{"HeaderName": "X-Amz-Foo", "HeaderValue": "v"}]}}`
	cfnOrigin := `{"Id": "o1", "DomainName": "a.example.com", "CustomOriginConfig": {"HttpPort": "80", "HttpsPort": 8443, "OriginProtocolPolicy": "match-viewer",
		"OriginSSLProtocols": ["TLSv1.1", "TLSv1.2"], "IpAddressType": "dualstack",
		"OriginMtlsConfig": {"ClientCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/x"}}, "ConnectionAttempts": 2, "ConnectionTimeout": "4",
		"OriginCustomHeaders": [{"HeaderName": "X-Amz-Foo", "HeaderValue": "v"}]}`
	for name, text := range map[string]string{
		"get-distribution-config": `{"ETag": "E1", "DistributionConfig": {"Origins": {"Quantity": 1, "Items": [` + origin + `]}}}`,
		"get-distribution":        `{"ETag": "E1", "Distribution": {"Id": "D", "DistributionConfig": {"Origins": {"Quantity": 1, "Items": [` + origin + `]}}}}`,
		"DistributionConfig":      `{"CallerReference": "x", "Origins": {"Quantity": 1, "Items": [` + origin + `]}}`,
		"Origins":                 `{"Quantity": 1, "Items": [` + origin + `]}`,
		"bare list":               `[` + origin + `]`,
		"cloudformation yaml": "Resources:\n  B: {Type: AWS::S3::Bucket}\n  D:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Origins:\n" +
			"          - Id: o1\n            DomainName: a.example.com\n            CustomOriginConfig:\n              HttpPort: \"80\"\n              HttpsPort: 8443\n              OriginProtocolPolicy: match-viewer\n" +
			"              OriginSSLProtocols: [TLSv1.1, TLSv1.2]\n              IpAddressType: dualstack\n              OriginMtlsConfig: {ClientCertificateArn: \"arn:aws:acm:us-east-1:123456789012:certificate/x\"}\n" +
			"            ConnectionAttempts: 2\n            ConnectionTimeout: \"4\"\n            OriginCustomHeaders:\n              - {HeaderName: X-Amz-Foo, HeaderValue: v}\n",
		"cloudformation": `{"Resources": {"B": {"Type": "AWS::S3::Bucket"}, "D": {"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": {"Origins": [` + cfnOrigin + `]}}}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			d, err := parseDistribution([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			if len(d.origins) != 1 {
				t.Fatalf("%d origins", len(d.origins))
			}
			o := d.origins[0]
			s := o.spec
			if o.id != "o1" || s.DomainName != "a.example.com" || s.HTTPSPort != 8443 || s.HTTPPort != 80 || s.ProtocolPolicy != "match-viewer" ||
				strings.Join(s.SSLProtocols, ",") != "TLSv1.1,TLSv1.2" || s.IPAddressType != "dualstack" || !s.ClientCertificateDeclared ||
				s.ConnectionAttempts != 2 || s.ConnectionTimeout != 4 || strings.Join(s.CustomHeaders, ",") != "X-Amz-Foo" || s.IsVPCOrigin() {
				t.Errorf("mapped to %+v (id %q)", s, o.id)
			}
		})
	}
}

// TestParseDistributionBehaviors: the default cache behaviour and the
// ordered ones, in the API's {Quantity, Items} and CloudFormation's list,
// become the engine's behaviours, the default first, so an origin group no
// behaviour targets does not fail the distribution (as in the provider).
func TestParseDistributionBehaviors(t *testing.T) {
	origins := `"Origins": [{"Id": "web", "DomainName": "a.example.com"}, {"Id": "api", "DomainName": "b.example.com"}]`
	want := []engine.CacheBehavior{{TargetOriginID: "web"}, {PathPattern: "/api/*", TargetOriginID: "api"}}
	for _, tt := range []struct {
		name, text string
		want       []engine.CacheBehavior
		wantErr    string
	}{
		{"api", `{"DistributionConfig": {` + origins + `, "DefaultCacheBehavior": {"TargetOriginId": "web"},
			"CacheBehaviors": {"Quantity": 1, "Items": [{"PathPattern": "/api/*", "TargetOriginId": "api"}]}}}`, want, ""},
		{"cloudformation", `{"Resources": {"D": {"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": {` + origins + `,
			"DefaultCacheBehavior": {"TargetOriginId": "web"}, "CacheBehaviors": [{"PathPattern": "/api/*", "TargetOriginId": "api"}]}}}}}`, want, ""},
		{"none given", `{"DistributionConfig": {` + origins + `}}`, nil, ""},
		{"no path pattern", `{"DistributionConfig": {` + origins + `, "CacheBehaviors": {"Quantity": 1, "Items": [{"TargetOriginId": "api"}]}}}`, nil,
			`cache behaviour 1 (TargetOriginId "api") has no PathPattern`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := parseDistribution([]byte(tt.text))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(d.behaviors, tt.want) {
				t.Errorf("behaviours %+v, want %+v", d.behaviors, tt.want)
			}
		})
	}
}

// TestParseDistributionHostileYAML: an alias inside its own anchor and a
// document whose aliases expand exponentially are refused with what to
// do, not a stack overflow or a machine's memory.
func TestParseDistributionHostileYAML(t *testing.T) {
	laughs := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for c := 'b'; c <= 'j'; c++ {
		laughs += fmt.Sprintf("%c: &%c [%s]\n", c, c, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*%c, ", c-1), 10), ", "))
	}
	for _, tt := range []struct{ name, text, want string }{
		{"alias to itself", "Origins: &a [*a]\n", "line 1: alias *a is inside the value it refers to"},
		{"billion laughs", laughs, "expands to more than 1000000 values"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseDistribution([]byte(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}
