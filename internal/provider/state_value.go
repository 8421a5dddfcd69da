package provider

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/vmihailenco/msgpack/v5"
)

// setState stores model, a struct whose fields carry `tfsdk` tags as the
// framework's models do, as state's value. It replaces state.Set for the
// data sources' results, which can hold 100 origins × ~50 checks: the
// framework's reflection re-reads every struct's tags, compiling a regular
// expression per field of every element, and converts each field to an
// attr.Value before converting it to tftypes; that was a third of the
// provider's CPU on a 100-origin origin_distribution read. Here each Go
// type's fields are looked up once (taggedFields), the model is written
// as MessagePack by the one walker stateMsgPack uses too (encodeValue),
// and the schema's type reads it back, which checks it against the schema.
func setState(ctx context.Context, state *tfsdk.State, model any) diag.Diagnostics {
	var out bytes.Buffer
	if err := encodeValue(msgpack.NewEncoder(&out), reflect.ValueOf(model)); err != nil {
		return storeError(err)
	}
	return decodeState(ctx, state, out.Bytes())
}

// setAttributes stores model's tagged fields as those attributes of
// state, leaving the others as they are: a data source's computed
// attributes over its configuration (stateMsgPack over state's bytes).
func setAttributes(ctx context.Context, state *tfsdk.State, model any) diag.Diagnostics {
	typ := state.Schema.Type().TerraformType(ctx)
	current, err := tfprotov6.NewDynamicValue(typ, state.Raw)
	if err != nil {
		return storeError(err)
	}
	b, err := stateMsgPack(current.MsgPack, model)
	if err != nil {
		return storeError(err)
	}
	return decodeState(ctx, state, b)
}

// decodeState reads b as a value of state's schema type into state.
func decodeState(ctx context.Context, state *tfsdk.State, b []byte) diag.Diagnostics {
	value, err := (&tfprotov6.DynamicValue{MsgPack: b}).Unmarshal(state.Schema.Type().TerraformType(ctx))
	if err != nil {
		return storeError(err)
	}
	state.Raw = value
	return nil
}

func storeError(err error) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddError("Internal error storing the result", fmt.Sprintf("%v; please report this bug.", err))
	return diags
}

// taggedField is a struct field stored under its tfsdk tag; index is
// its reflect.Value.FieldByIndex path, longer than one for a field of an
// embedded struct.
type taggedField struct {
	name  string
	index []int
}

// fieldsByType caches taggedFields: a struct's tags are read once.
var fieldsByType sync.Map // reflect.Type → []taggedField

// taggedFields lists t's fields that have a tfsdk tag other than "-",
// with the fields of a struct embedded by value and untagged in its place,
// as the framework reads embedded structs (healthModel embeds
// originResultModel).
func taggedFields(t reflect.Type) []taggedField {
	if cached, ok := fieldsByType.Load(t); ok {
		if fields, ok := cached.([]taggedField); ok {
			return fields
		}
	}
	var fields []taggedField
	for i := range t.NumField() {
		f := t.Field(i)
		name := f.Tag.Get("tfsdk")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for _, inner := range taggedFields(f.Type) {
				fields = append(fields, taggedField{name: inner.name, index: append([]int{i}, inner.index...)})
			}
			continue
		}
		if name != "" && name != "-" {
			fields = append(fields, taggedField{name: name, index: []int{i}})
		}
	}
	fieldsByType.Store(t, fields)
	return fields
}
