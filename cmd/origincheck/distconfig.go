package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
)

// distribution is what --config describes: origins in file order, the
// origin groups, and the cache behaviours (the default first), which say
// what CloudFront sends requests to.
type distribution struct {
	origins   []configOrigin
	groups    []originGroup
	behaviors []engine.CacheBehavior
}

type configOrigin struct {
	id   string
	spec originspec.Spec
	// What an origin request to it carries (--http-request): OriginPath,
	// the custom headers, the origin's timeouts (0 when not given).
	originPath                    string
	headers                       map[string]string
	readTimeout, keepaliveTimeout int
}

// originGroup is an entry of OriginGroups: members in failover order.
type originGroup struct {
	id          string
	members     []string
	statusCodes []int
}

// The CloudFront API's shapes, as `aws cloudfront get-distribution-config`
// prints them. encoding/json matches names case-insensitively, so
// CloudFormation's spellings (OriginSSLProtocols, HttpPort) match too, and
// every {Quantity, Items} may also be a plain list, as CloudFormation
// writes them.
type (
	cfDistributionConfig struct {
		Origins              items[cfOrigin]
		OriginGroups         items[cfGroup]
		DefaultCacheBehavior *cfBehavior
		CacheBehaviors       items[cfBehavior]
	}
	cfBehavior struct {
		PathPattern    string
		TargetOriginID string `json:"TargetOriginId"`
	}
	cfOrigin struct {
		ID            string `json:"Id"`
		DomainName    string
		OriginPath    string
		CustomHeaders items[cfHeader]
		// OriginCustomHeaders is CloudFormation's name for CustomHeaders.
		OriginCustomHeaders items[cfHeader]
		CustomOriginConfig  *cfCustomOrigin
		S3OriginConfig      json.RawMessage
		VpcOriginConfig     *struct{ VpcOriginId string }
		ConnectionAttempts  number
		ConnectionTimeout   number
	}
	cfHeader struct {
		HeaderName  string
		HeaderValue string
	}
	cfCustomOrigin struct {
		HTTPPort               number
		HTTPSPort              number
		OriginProtocolPolicy   string
		OriginSslProtocols     items[string]
		OriginReadTimeout      number
		OriginKeepaliveTimeout number
		IpAddressType          string
		OriginMtlsConfig       *struct{ ClientCertificateArn string }
	}
	cfGroup struct {
		ID               string `json:"Id"`
		Members          items[struct{ OriginId string }]
		FailoverCriteria struct{ StatusCodes items[number] }
	}
)

// items is a CloudFront list: {"Quantity": n, "Items": [...]} (Items absent
// when n is 0), or a plain JSON list.
type items[T any] []T

func (l *items[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		return json.Unmarshal(b, (*[]T)(l))
	}
	var wrapped struct{ Items []T }
	if err := json.Unmarshal(b, &wrapped); err != nil {
		return err
	}
	*l = wrapped.Items
	return nil
}

// number is an integer written as a JSON number or a string of one, as
// CloudFormation templates have both.
type number int

func (n *number) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	if s == "null" || s == "" {
		return nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("%s is not a whole number", b)
	}
	*n = number(v)
	return nil
}

// parseDistribution reads the origins from any of: the whole
// get-distribution-config output ({"ETag", "DistributionConfig"}),
// get-distribution's ({"Distribution": {"DistributionConfig"}}), a
// DistributionConfig alone, its Origins ({"Quantity", "Items"}), a bare list
// of origins, or a CloudFormation template with one
// AWS::CloudFront::Distribution.
//
// A document that does not start with '{' or '[' is read as YAML (a
// CloudFormation template as most are written), its short-form intrinsics
// (!GetAtt, !Ref, !Sub, ...) turned into their JSON forms, so they are
// refused with the same pointer.
func parseDistribution(data []byte) (*distribution, error) {
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] != '{' && trimmed[0] != '[' {
		converted, err := yamlToJSON(data)
		if err != nil {
			return nil, err
		}
		data = converted
	}
	var top any
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("malformed JSON: %v", err)
	}
	cfg, err := findDistributionConfig(data)
	if err != nil {
		return nil, err
	}
	var raw cfDistributionConfig
	if err := json.Unmarshal(cfg, &raw); err != nil {
		return nil, explainJSON(err)
	}
	if len(raw.Origins) == 0 {
		return nil, errors.New("no origins: Origins.Items is empty")
	}

	d := &distribution{}
	seen := map[string]bool{}
	for i, o := range raw.Origins {
		if strings.TrimSpace(o.DomainName) == "" {
			return nil, fmt.Errorf("origin %d (Id %q) has no DomainName", i+1, o.ID)
		}
		id := o.ID
		if id == "" {
			id = o.DomainName
		}
		if seen[id] {
			return nil, fmt.Errorf("origin Id %q appears twice", id)
		}
		seen[id] = true
		d.origins = append(d.origins, o.origin(id))
	}
	for _, g := range raw.OriginGroups {
		group := originGroup{id: g.ID}
		for _, m := range g.Members {
			group.members = append(group.members, m.OriginId)
		}
		for _, code := range g.FailoverCriteria.StatusCodes {
			group.statusCodes = append(group.statusCodes, int(code))
		}
		d.groups = append(d.groups, group)
	}
	if b := raw.DefaultCacheBehavior; b != nil {
		d.behaviors = append(d.behaviors, engine.CacheBehavior{TargetOriginID: b.TargetOriginID})
	}
	for i, b := range raw.CacheBehaviors {
		if b.PathPattern == "" {
			return nil, fmt.Errorf("cache behaviour %d (TargetOriginId %q) has no PathPattern", i+1, b.TargetOriginID)
		}
		d.behaviors = append(d.behaviors, engine.CacheBehavior{PathPattern: b.PathPattern, TargetOriginID: b.TargetOriginID})
	}
	return d, nil
}

// origin maps one CloudFront origin to the engine's spec: a custom origin
// as origin_health would take it, an S3 REST origin as the HTTPS origin it
// is, a VPC origin to its configuration checks only.
func (o cfOrigin) origin(id string) configOrigin {
	spec := originspec.Spec{
		DomainName:         o.DomainName,
		ConnectionAttempts: int(o.ConnectionAttempts),
		ConnectionTimeout:  int(o.ConnectionTimeout),
	}
	out := configOrigin{id: id, originPath: o.OriginPath, headers: map[string]string{}}
	for _, h := range append(o.CustomHeaders, o.OriginCustomHeaders...) {
		spec.CustomHeaders = append(spec.CustomHeaders, h.HeaderName)
		out.headers[h.HeaderName] = h.HeaderValue
	}
	switch c := o.CustomOriginConfig; {
	case c != nil:
		spec.ProtocolPolicy = c.OriginProtocolPolicy
		spec.HTTPPort = int(c.HTTPPort)
		spec.HTTPSPort = int(c.HTTPSPort)
		if c.OriginSslProtocols != nil {
			spec.SSLProtocols = []string(c.OriginSslProtocols)
		}
		spec.IPAddressType = c.IpAddressType
		out.readTimeout, out.keepaliveTimeout = int(c.OriginReadTimeout), int(c.OriginKeepaliveTimeout)
		if c.OriginMtlsConfig != nil {
			spec.ClientCertificateDeclared = true
			spec.ClientCertificateARN = c.OriginMtlsConfig.ClientCertificateArn
		}
	case o.VpcOriginConfig != nil:
		// Configuration checks only: CloudFront reaches it inside the VPC.
		spec.VPCOriginID = cmp.Or(o.VpcOriginConfig.VpcOriginId, "(no VpcOriginId)")
	default: // S3OriginConfig: CloudFront speaks HTTPS to S3's REST endpoint
		spec.ProtocolPolicy = originspec.HTTPSOnly
	}
	out.spec = spec
	return out
}

func present(raw json.RawMessage) bool {
	s := string(bytes.TrimSpace(raw))
	return s != "" && s != "null"
}

// findDistributionConfig returns the JSON text of the DistributionConfig in
// data, whichever wrapper it came in; a bare list of origins becomes
// {"Origins": list}.
func findDistributionConfig(data []byte) ([]byte, error) {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '[' {
		return json.Marshal(map[string]json.RawMessage{"Origins": data})
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, errors.New("expected a JSON object or a list of origins")
	}
	get := func(name string) (json.RawMessage, bool) {
		for k, v := range obj {
			if strings.EqualFold(k, name) && present(v) {
				return v, true
			}
		}
		return nil, false
	}
	if v, ok := get("DistributionConfig"); ok {
		return findDistributionConfig(v)
	}
	if v, ok := get("Distribution"); ok {
		return findDistributionConfig(v)
	}
	if _, ok := get("Origins"); ok {
		return data, nil
	}
	if _, ok := get("Items"); ok { // the Origins object itself
		return json.Marshal(map[string]json.RawMessage{"Origins": data})
	}
	if v, ok := get("Resources"); ok {
		return cloudFormationDistribution(v)
	}
	return nil, errors.New("found no origins: expected the output of `aws cloudfront get-distribution-config`, its DistributionConfig, " +
		"a list of origins, or a CloudFormation template with an AWS::CloudFront::Distribution")
}

func cloudFormationDistribution(resources json.RawMessage) ([]byte, error) {
	var res map[string]struct {
		Type       string
		Properties struct{ DistributionConfig json.RawMessage }
	}
	if err := json.Unmarshal(resources, &res); err != nil {
		return nil, fmt.Errorf("template Resources: %v", err)
	}
	var found []string
	var cfg json.RawMessage
	for _, name := range sortedKeys(res) {
		if r := res[name]; r.Type == "AWS::CloudFront::Distribution" {
			found = append(found, name)
			cfg = r.Properties.DistributionConfig
		}
	}
	switch len(found) {
	case 0:
		return nil, errors.New("the CloudFormation template has no AWS::CloudFront::Distribution")
	case 1:
		return cfg, nil
	}
	return nil, fmt.Errorf("the CloudFormation template has %d distributions (%s): give one distribution's config, e.g. from `aws cloudfront get-distribution-config --id ID`",
		len(found), strings.Join(found, ", "))
}

// explainJSON words a type mismatch, naming the field; an object where a
// name belongs is most likely a CloudFormation intrinsic function.
func explainJSON(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		hint := ""
		if typeErr.Value == "object" && typeErr.Type.Kind().String() == "string" {
			hint = " (a CloudFormation intrinsic such as Fn::GetAtt? origincheck needs the deployed values: use `aws cloudfront get-distribution-config --id ID`)"
		}
		return fmt.Errorf("%s is a JSON %s where %s belongs%s", typeErr.Field, typeErr.Value, typeErr.Type, hint)
	}
	return err
}

// yamlToJSON reads a YAML document (a CloudFormation template, or any of
// the JSON shapes written as YAML) into the same value as JSON.
func yamlToJSON(data []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("malformed YAML: %v", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, errors.New("empty YAML document")
	}
	w := yamlWalk{expanding: map[*yaml.Node]bool{}}
	v, err := w.value(doc.Content[0])
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// maxYAMLValues bounds what a document may expand to: aliases can repeat
// a value exponentially (a "billion laughs" document), and no distribution
// has a million values.
const maxYAMLValues = 1_000_000

// yamlWalk turns YAML nodes into JSON values, counting what it made and
// knowing which anchors it is inside, so an alias to itself is an error
// rather than endless recursion.
type yamlWalk struct {
	values    int
	expanding map[*yaml.Node]bool
}

// value is n as encoding/json would decode the same value, with a
// CloudFormation short-form intrinsic (!GetAtt A.B) as its long form
// ({"Fn::GetAtt": ["A", "B"]}).
func (w *yamlWalk) value(n *yaml.Node) (any, error) {
	if w.values++; w.values > maxYAMLValues {
		return nil, fmt.Errorf("the document expands to more than %d values (YAML aliases repeated): write it out without aliases, or use get-distribution-config's JSON", maxYAMLValues)
	}
	var v any
	switch n.Kind {
	case yaml.AliasNode:
		if w.expanding[n.Alias] {
			return nil, fmt.Errorf("line %d: alias *%s is inside the value it refers to, so it never ends", n.Line, n.Value)
		}
		w.expanding[n.Alias] = true
		defer delete(w.expanding, n.Alias)
		return w.value(n.Alias)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			if key.Kind == yaml.ScalarNode && key.Tag == "!!merge" {
				merged, err := w.value(val)
				if err != nil {
					return nil, err
				}
				if mm, ok := merged.(map[string]any); ok {
					for k, x := range mm {
						if _, set := m[k]; !set {
							m[k] = x
						}
					}
				}
				continue
			}
			x, err := w.value(val)
			if err != nil {
				return nil, err
			}
			m[key.Value] = x
		}
		v = m
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			x, err := w.value(c)
			if err != nil {
				return nil, err
			}
			list = append(list, x)
		}
		v = list
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str", "!!binary", "!!timestamp":
			v = n.Value
		case "!!null":
			v = nil
		default:
			if err := n.Decode(&v); err != nil {
				return nil, fmt.Errorf("line %d: %v", n.Line, err)
			}
			if !strings.HasPrefix(n.Tag, "!!") {
				v = n.Value
			}
		}
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return intrinsic(n.Tag[1:], v), nil
	}
	return v, nil
}

// intrinsic is the JSON form of CloudFormation's short form !name value:
// {"Ref": v}, {"Condition": v}, else {"Fn::name": v}; !GetAtt A.B's
// string becomes ["A", "B"].
func intrinsic(name string, v any) any {
	switch name {
	case "Ref", "Condition":
		return map[string]any{name: v}
	case "GetAtt":
		if s, ok := v.(string); ok {
			resource, attr, _ := strings.Cut(s, ".")
			v = []any{resource, attr}
		}
	}
	return map[string]any{"Fn::" + name: v}
}
