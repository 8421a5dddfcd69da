package provider

import (
	"context"
	"fmt"
	"math/big"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// setState stores model, a struct whose fields carry `tfsdk` tags as the
// framework's models do, as state's value. It replaces state.Set for the
// data sources' results, which can hold 100 origins × ~50 checks: the
// framework's reflection re-reads every struct's tags, compiling a regular
// expression per field of every element, and converts each field to an
// attr.Value before converting it to tftypes; that was a third of the
// provider's CPU on a 100-origin origin_distribution read. Here each Go
// type's fields are looked up once and values go straight to tftypes.
//
// Fields are matched to attributes by tag; framework values (types.String,
// …) convert themselves; Go strings, bools, integers, slices, maps,
// pointers and tagged structs map to their Terraform types, nil to null.
func setState(ctx context.Context, state *tfsdk.State, model any) diag.Diagnostics {
	var diags diag.Diagnostics
	value, err := terraformValue(ctx, state.Schema.Type().TerraformType(ctx), reflect.ValueOf(model))
	if err != nil {
		diags.AddError("Internal error storing the result", fmt.Sprintf("%v; please report this bug.", err))
		return diags
	}
	state.Raw = value
	return diags
}

// setAttributes stores model's tagged fields as those attributes of
// state, leaving the others as they are: a data source's computed
// attributes over its configuration.
func setAttributes(ctx context.Context, state *tfsdk.State, model any) diag.Diagnostics {
	var diags diag.Diagnostics
	typ, ok := state.Schema.Type().TerraformType(ctx).(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	if !ok || state.Raw.As(&attrs) != nil {
		diags.AddError("Internal error storing the result", "the state is not an object to set attributes in; please report this bug.")
		return diags
	}
	v := reflect.Indirect(reflect.ValueOf(model))
	for _, f := range taggedFields(v.Type()) {
		value, err := terraformValue(ctx, typ.AttributeTypes[f.name], v.Field(f.index))
		if err != nil {
			diags.AddError("Internal error storing the result", fmt.Sprintf("%s: %v; please report this bug.", f.name, err))
			return diags
		}
		attrs[f.name] = value
	}
	state.Raw = tftypes.NewValue(typ, attrs)
	return diags
}

// attrValueType is the framework's value interface.
var attrValueType = reflect.TypeFor[attr.Value]()

// terraformValue converts v to a value of Terraform type t.
func terraformValue(ctx context.Context, t tftypes.Type, v reflect.Value) (tftypes.Value, error) {
	if v.Type().Implements(attrValueType) {
		if av, ok := v.Interface().(attr.Value); ok {
			return av.ToTerraformValue(ctx)
		}
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return tftypes.NewValue(t, nil), nil
		}
		return terraformValue(ctx, t, v.Elem())
	case reflect.String:
		return tftypes.NewValue(t, v.String()), nil
	case reflect.Bool:
		return tftypes.NewValue(t, v.Bool()), nil
	case reflect.Int, reflect.Int64, reflect.Int32:
		return tftypes.NewValue(t, new(big.Float).SetInt64(v.Int())), nil
	case reflect.Slice:
		if v.IsNil() {
			return tftypes.NewValue(t, nil), nil
		}
		var elem tftypes.Type
		switch c := t.(type) {
		case tftypes.List:
			elem = c.ElementType
		case tftypes.Set:
			elem = c.ElementType
		default:
			return tftypes.Value{}, fmt.Errorf("a Go slice (%s) for Terraform type %s", v.Type(), t)
		}
		elems := make([]tftypes.Value, v.Len())
		for i := range elems {
			e, err := terraformValue(ctx, elem, v.Index(i))
			if err != nil {
				return tftypes.Value{}, err
			}
			elems[i] = e
		}
		return tftypes.NewValue(t, elems), nil
	case reflect.Map:
		m, ok := t.(tftypes.Map)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("a Go map (%s) for Terraform type %s", v.Type(), t)
		}
		if v.IsNil() {
			return tftypes.NewValue(t, nil), nil
		}
		elems := make(map[string]tftypes.Value, v.Len())
		for iter := v.MapRange(); iter.Next(); {
			e, err := terraformValue(ctx, m.ElementType, iter.Value())
			if err != nil {
				return tftypes.Value{}, err
			}
			elems[iter.Key().String()] = e
		}
		return tftypes.NewValue(t, elems), nil
	case reflect.Struct:
		o, ok := t.(tftypes.Object)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("a Go struct (%s) for Terraform type %s", v.Type(), t)
		}
		attrs := make(map[string]tftypes.Value, len(o.AttributeTypes))
		for _, f := range taggedFields(v.Type()) {
			at, ok := o.AttributeTypes[f.name]
			if !ok {
				return tftypes.Value{}, fmt.Errorf("%s has field %q, which the schema does not", v.Type(), f.name)
			}
			a, err := terraformValue(ctx, at, v.Field(f.index))
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("%s: %w", f.name, err)
			}
			attrs[f.name] = a
		}
		if len(attrs) != len(o.AttributeTypes) {
			return tftypes.Value{}, fmt.Errorf("%s has %d tagged fields for %d attributes", v.Type(), len(attrs), len(o.AttributeTypes))
		}
		return tftypes.NewValue(t, attrs), nil
	}
	return tftypes.Value{}, fmt.Errorf("cannot store a Go %s as Terraform type %s", v.Type(), t)
}

// taggedField is a struct field stored under its tfsdk tag.
type taggedField struct {
	name  string
	index int
}

// fieldsByType caches taggedFields: a struct's tags are read once.
var fieldsByType sync.Map // reflect.Type → []taggedField

// taggedFields lists t's fields that have a tfsdk tag other than "-".
func taggedFields(t reflect.Type) []taggedField {
	if cached, ok := fieldsByType.Load(t); ok {
		if fields, ok := cached.([]taggedField); ok {
			return fields
		}
	}
	var fields []taggedField
	for i := range t.NumField() {
		if name := t.Field(i).Tag.Get("tfsdk"); name != "" && name != "-" {
			fields = append(fields, taggedField{name: name, index: i})
		}
	}
	fieldsByType.Store(t, fields)
	return fields
}
