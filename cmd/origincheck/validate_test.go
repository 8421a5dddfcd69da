package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The schemas outputs are validated against: the envelope's, published in
// docs/, and SARIF 2.1.0's, the OASIS file vendored into testdata
// (sarif-spec, sarif-2.1/schema/sarif-schema-2.1.0.json).
const (
	envelopeSchemaFile = "../../docs/origincheck.schema.json"
	sarifSchemaFile    = "testdata/sarif-schema-2.1.0.json"
)

var (
	schemasOnce sync.Once
	schemas     = map[string]*jsonschema.Schema{}
	schemasErr  error
)

func compiledSchema(t *testing.T, file string) *jsonschema.Schema {
	t.Helper()
	schemasOnce.Do(func() {
		for _, f := range []string{envelopeSchemaFile, sarifSchemaFile} {
			c := jsonschema.NewCompiler()
			c.AssertFormat()
			s, err := c.Compile(f)
			if err != nil {
				schemasErr = fmt.Errorf("%s: %w", f, err)
				return
			}
			schemas[f] = s
		}
	})
	if schemasErr != nil {
		t.Fatal(schemasErr)
	}
	return schemas[file]
}

// validateJSON validates a JSON document against one of the schemas.
func validateJSON(t *testing.T, schemaFile string, doc []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return compiledSchema(t, schemaFile).Validate(inst)
}

// xmlNode is an element of a parsed XML document.
type xmlNode struct {
	name     string
	attrs    map[string]string
	children []*xmlNode
	text     string
}

func parseXML(data []byte) (*xmlNode, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []*xmlNode
	var root *xmlNode
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, errors.New("more than one root element")
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			}
		}
	}
	if root == nil {
		return nil, errors.New("no root element")
	}
	return root, nil
}

// junitElement is the part of Jenkins' junit-10.xsd (the schema GitLab's
// parser follows too) that origincheck's output uses: each element's
// attributes (required ones marked) and the children it may have.
var junitElements = map[string]struct {
	required, optional []string
	children           []string
	text               bool
}{
	"testsuites": {optional: []string{"name", "tests", "failures", "errors", "skipped", "disabled", "time"}, children: []string{"testsuite"}},
	"testsuite": {required: []string{"name", "tests"}, optional: []string{"failures", "errors", "skipped", "disabled", "time", "timestamp", "hostname", "id", "package", "file"},
		children: []string{"properties", "testcase", "system-out", "system-err"}},
	"properties": {children: []string{"property"}},
	"property":   {required: []string{"name", "value"}},
	"testcase":   {required: []string{"name", "classname"}, optional: []string{"time", "assertions", "status", "file", "line"}, children: []string{"skipped", "error", "failure", "system-out", "system-err"}},
	"skipped":    {optional: []string{"message"}, text: true},
	"failure":    {optional: []string{"message", "type"}, text: true},
	"error":      {optional: []string{"message", "type"}, text: true},
	"system-out": {text: true},
	"system-err": {text: true},
}

// validateJUnit checks a JUnit XML document as the XSD would, plus what
// the readers rely on: counts that match the test cases, one outcome per
// test case.
func validateJUnit(data []byte) error {
	root, err := parseXML(data)
	if err != nil {
		return err
	}
	if root.name != "testsuites" {
		return fmt.Errorf("root element %s, want testsuites", root.name)
	}
	var errs []error
	var walk func(n *xmlNode, path string)
	walk = func(n *xmlNode, path string) {
		path += "/" + n.name
		if name, ok := n.attrs["name"]; ok {
			path += "[" + name + "]"
		}
		spec, ok := junitElements[n.name]
		if !ok {
			errs = append(errs, fmt.Errorf("%s: unknown element", path))
			return
		}
		for _, a := range spec.required {
			if _, ok := n.attrs[a]; !ok {
				errs = append(errs, fmt.Errorf("%s: no %s attribute", path, a))
			}
		}
		for a, v := range n.attrs {
			if !slices.Contains(spec.required, a) && !slices.Contains(spec.optional, a) {
				errs = append(errs, fmt.Errorf("%s: unknown attribute %s", path, a))
			}
			if slices.Contains([]string{"tests", "failures", "errors", "skipped", "disabled"}, a) {
				if i, err := strconv.Atoi(v); err != nil || i < 0 {
					errs = append(errs, fmt.Errorf("%s: %s=%q is not a count", path, a, v))
				}
			}
		}
		if !spec.text && strings.TrimSpace(n.text) != "" {
			errs = append(errs, fmt.Errorf("%s: text where only elements belong", path))
		}
		counts := map[string]int{}
		for _, c := range n.children {
			if !slices.Contains(spec.children, c.name) {
				errs = append(errs, fmt.Errorf("%s: %s is not allowed here", path, c.name))
			}
			counts[c.name]++
			walk(c, path)
		}
		switch n.name {
		case "testsuite":
			if counts["properties"] > 1 || (counts["properties"] == 1 && n.children[0].name != "properties") {
				errs = append(errs, fmt.Errorf("%s: properties must come first, once", path))
			}
			outcomes := map[string]int{}
			for _, c := range n.children {
				if c.name != "testcase" {
					continue
				}
				for _, o := range c.children {
					outcomes[o.name]++
				}
			}
			for attr, want := range map[string]int{"tests": counts["testcase"], "failures": outcomes["failure"], "errors": outcomes["error"], "skipped": outcomes["skipped"]} {
				if v, ok := n.attrs[attr]; ok && v != strconv.Itoa(want) {
					errs = append(errs, fmt.Errorf("%s: %s=%s, but %d found", path, attr, v, want))
				}
			}
		case "testcase":
			if counts["skipped"] > 1 || (counts["skipped"] > 0 && counts["failure"]+counts["error"] > 0) {
				errs = append(errs, fmt.Errorf("%s: skipped and a failure or error", path))
			}
		}
	}
	walk(root, "")
	return errors.Join(errs...)
}

func TestValidateJUnitRefuses(t *testing.T) {
	for name, doc := range map[string]string{
		"root":          `<testsuite name="a" tests="0"/>`,
		"count":         `<testsuites><testsuite name="a" tests="2"><testcase name="x" classname="c"/></testsuite></testsuites>`,
		"failures":      `<testsuites><testsuite name="a" tests="1" failures="0"><testcase name="x" classname="c"><failure message="m"/></testcase></testsuite></testsuites>`,
		"no classname":  `<testsuites><testsuite name="a" tests="1"><testcase name="x"/></testsuite></testsuites>`,
		"unknown child": `<testsuites><testsuite name="a" tests="1"><testcase name="x" classname="c"><warning/></testcase></testsuite></testsuites>`,
		"two outcomes":  `<testsuites><testsuite name="a" tests="1"><testcase name="x" classname="c"><skipped/><failure/></testcase></testsuite></testsuites>`,
		"malformed":     `<testsuites><testsuite name="a"`,
	} {
		if err := validateJUnit([]byte(doc)); err == nil {
			t.Errorf("%s: accepted %s", name, doc)
		}
	}
	ok := `<testsuites><testsuite name="a" tests="1" failures="1"><properties><property name="p" value="v"/></properties><testcase name="x" classname="c"><failure message="m">t</failure></testcase></testsuite></testsuites>`
	if err := validateJUnit([]byte(ok)); err != nil {
		t.Errorf("refused a valid document: %v", err)
	}
}
