package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// TestObjectTypesAsDerived: the object types withObjectTypes sets on
// origin_distribution's nested blocks and attributes are plain
// types.ObjectType, equal to the ones the framework derives without them,
// so the schema's type (and the protocol's) is what it would be.
func TestObjectTypesAsDerived(t *testing.T) {
	ctx := context.Background()
	got := distributionSchema()
	derived := schema.Schema{Attributes: withoutObjectTypes(t, got.Attributes), Blocks: withoutBlockObjectTypes(t, got.Blocks)}
	if !got.Type().Equal(derived.Type()) {
		t.Fatalf("type with the computed object types:\n%s\nderived by the framework:\n%s", got.Type(), derived.Type())
	}
	if !got.Type().TerraformType(ctx).Equal(derived.Type().TerraformType(ctx)) {
		t.Fatal("the protocol types differ")
	}
	if origin, ok := got.Blocks["origin"].(schema.ListNestedBlock); !ok || len(origin.NestedObject.Blocks) == 0 {
		t.Fatal("origin has no nested blocks: the test reads the wrong schema")
	}
}

// withoutBlockObjectTypes is blocks with every CustomType withObjectTypes
// set removed, checking each is a plain object type.
func withoutBlockObjectTypes(t *testing.T, blocks map[string]schema.Block) map[string]schema.Block {
	t.Helper()
	out := map[string]schema.Block{}
	for name, b := range blocks {
		l, ok := b.(schema.ListNestedBlock)
		if !ok {
			t.Fatalf("block %s is a %T", name, b)
		}
		if _, plain := l.NestedObject.CustomType.(basetypes.ObjectType); !plain {
			t.Errorf("block %s: object type %T, want a computed basetypes.ObjectType", name, l.NestedObject.CustomType)
		}
		l.NestedObject.CustomType = nil
		l.NestedObject.Attributes = withoutObjectTypes(t, l.NestedObject.Attributes)
		l.NestedObject.Blocks = withoutBlockObjectTypes(t, l.NestedObject.Blocks)
		out[name] = l
	}
	return out
}

// withoutObjectTypes is attrs with every CustomType withObjectTypes set
// removed.
func withoutObjectTypes(t *testing.T, attrs map[string]schema.Attribute) map[string]schema.Attribute {
	t.Helper()
	out := map[string]schema.Attribute{}
	for name, a := range attrs {
		plain := true
		switch n := a.(type) {
		case schema.SingleNestedAttribute:
			_, plain = n.CustomType.(basetypes.ObjectType)
			n.CustomType, n.Attributes = nil, withoutObjectTypes(t, n.Attributes)
			a = n
		case schema.ListNestedAttribute:
			_, plain = n.NestedObject.CustomType.(basetypes.ObjectType)
			n.NestedObject.CustomType, n.NestedObject.Attributes = nil, withoutObjectTypes(t, n.NestedObject.Attributes)
			a = n
		case schema.MapNestedAttribute:
			_, plain = n.NestedObject.CustomType.(basetypes.ObjectType)
			n.NestedObject.CustomType, n.NestedObject.Attributes = nil, withoutObjectTypes(t, n.NestedObject.Attributes)
			a = n
		}
		if !plain {
			t.Errorf("attribute %s: its object type is not a computed basetypes.ObjectType", name)
		}
		out[name] = a
	}
	return out
}
