package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

// Object types computed once.
//
// The framework derives a nested block's or nested attribute's object type
// from its attributes every time it needs it: NestedBlockObject.Type()
// builds the map of attribute types anew, recursively, unless CustomType is
// set. Converting and validating a configuration asks for the type at the
// path of every configured value (TypeAtTerraformPath, from the root), so
// a distribution of 100 realistic origins rebuilt the origin block's type
// (every argument of an origin, http_request's and the nested blocks')
// tens of thousands of times per validation: most of the framework's
// ~0.4 s of CPU and ~125 MB of allocations for it, in each process that
// validates (BenchmarkDistributionValidate).
//
// withObjectTypes sets each nested object's CustomType to the very type
// the framework would derive (types.ObjectType, computed from the same
// attributes, innermost first), so the values, the protocol schema and
// every diagnostic stay the same; only the rebuilding goes.
// TestObjectTypesAsDerived holds the types to the derived ones.

// withObjectTypes is blocks with every nested object's type computed once.
func withObjectTypes(blocks map[string]schema.Block) map[string]schema.Block {
	out := make(map[string]schema.Block, len(blocks))
	for name, b := range blocks {
		if l, ok := b.(schema.ListNestedBlock); ok && l.NestedObject.CustomType == nil {
			l.NestedObject.Attributes = withAttributeObjectTypes(l.NestedObject.Attributes)
			l.NestedObject.Blocks = withObjectTypes(l.NestedObject.Blocks)
			l.NestedObject.CustomType = l.NestedObject.Type()
			b = l
		}
		out[name] = b
	}
	return out
}

// withAttributeObjectTypes is attrs with every nested attribute's object
// type computed once.
func withAttributeObjectTypes(attrs map[string]schema.Attribute) map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(attrs))
	for name, a := range attrs {
		switch n := a.(type) {
		case schema.SingleNestedAttribute:
			if n.CustomType == nil {
				n.Attributes = withAttributeObjectTypes(n.Attributes)
				n.CustomType = n.GetNestedObject().Type()
				a = n
			}
		case schema.ListNestedAttribute:
			if n.NestedObject.CustomType == nil {
				n.NestedObject.Attributes = withAttributeObjectTypes(n.NestedObject.Attributes)
				n.NestedObject.CustomType = n.NestedObject.Type()
				a = n
			}
		case schema.MapNestedAttribute:
			if n.NestedObject.CustomType == nil {
				n.NestedObject.Attributes = withAttributeObjectTypes(n.NestedObject.Attributes)
				n.NestedObject.CustomType = n.NestedObject.Type()
				a = n
			}
		}
		out[name] = a
	}
	return out
}
