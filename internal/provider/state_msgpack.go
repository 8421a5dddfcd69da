package provider

import (
	"bytes"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/vmihailenco/msgpack/v5"
)

// stateMsgPack is a data source's state in the protocol's MessagePack: the
// configuration as Terraform sent it (configMsgPack, an object), with the
// attributes named by result's tfsdk tags replaced by result's fields.
//
// It writes the result straight from the Go model: building it as a
// tftypes value first, then encoding that, held a second copy of every
// value (1,000 origins: ~350,000 values, 60 MB) at the read's peak.
// TestDistributionReadMatchesFramework and TestStateMsgPackMatchesFramework
// check the bytes decode to the state the framework would have stored.
func stateMsgPack(configMsgPack []byte, result any) ([]byte, error) {
	v := reflect.Indirect(reflect.ValueOf(result))
	computed := map[string]reflect.Value{}
	for _, f := range taggedFields(v.Type()) {
		computed[f.name] = v.FieldByIndex(f.index)
	}
	dec := msgpack.NewDecoder(bytes.NewReader(configMsgPack))
	n, err := dec.DecodeMapLen()
	if err != nil {
		return nil, fmt.Errorf("configuration is not a MessagePack object: %w", err)
	}
	var out bytes.Buffer
	enc := msgpack.NewEncoder(&out)
	if err := enc.EncodeMapLen(n); err != nil {
		return nil, err
	}
	for range n {
		name, err := dec.DecodeString()
		if err != nil {
			return nil, fmt.Errorf("configuration attribute name: %w", err)
		}
		raw, err := dec.DecodeRaw()
		if err != nil {
			return nil, fmt.Errorf("configuration attribute %s: %w", name, err)
		}
		if err := enc.EncodeString(name); err != nil {
			return nil, err
		}
		if field, ok := computed[name]; ok {
			err = encodeValue(enc, field)
			delete(computed, name)
		} else {
			err = enc.Encode(raw)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	if len(computed) > 0 {
		return nil, fmt.Errorf("the configuration has no attributes %v to fill in", slices.Sorted(maps.Keys(computed)))
	}
	return out.Bytes(), nil
}

// encodeValue writes v as Terraform's MessagePack has it: null as nil,
// objects (tagged structs) and maps as maps, lists as arrays. The types
// come from the schema on Terraform's side, so the bytes carry none.
func encodeValue(enc *msgpack.Encoder, v reflect.Value) error {
	if v.Type().Implements(attrValueType) {
		if av, ok := v.Interface().(attr.Value); ok {
			return encodeAttrValue(enc, av)
		}
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return enc.EncodeNil()
		}
		return encodeValue(enc, v.Elem())
	case reflect.String:
		return enc.EncodeString(v.String())
	case reflect.Bool:
		return enc.EncodeBool(v.Bool())
	case reflect.Int, reflect.Int64, reflect.Int32:
		return enc.EncodeInt(v.Int())
	case reflect.Slice:
		if v.IsNil() {
			return enc.EncodeNil()
		}
		if err := enc.EncodeArrayLen(v.Len()); err != nil {
			return err
		}
		for i := range v.Len() {
			if err := encodeValue(enc, v.Index(i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		if v.IsNil() {
			return enc.EncodeNil()
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		if err := enc.EncodeMapLen(len(keys)); err != nil {
			return err
		}
		for _, k := range keys {
			if err := enc.EncodeString(k.String()); err != nil {
				return err
			}
			if err := encodeValue(enc, v.MapIndex(k)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Struct:
		fields := taggedFields(v.Type())
		if err := enc.EncodeMapLen(len(fields)); err != nil {
			return err
		}
		for _, f := range fields {
			if err := enc.EncodeString(f.name); err != nil {
				return err
			}
			if err := encodeValue(enc, v.FieldByIndex(f.index)); err != nil {
				return fmt.Errorf("%s: %w", f.name, err)
			}
		}
		return nil
	}
	return fmt.Errorf("cannot encode a Go %s", v.Type())
}

// attrValueType is the framework's value interface.
var attrValueType = reflect.TypeFor[attr.Value]()

// encodeAttrValue writes the framework values the models use.
func encodeAttrValue(enc *msgpack.Encoder, v attr.Value) error {
	if v.IsNull() {
		return enc.EncodeNil()
	}
	if v.IsUnknown() {
		return fmt.Errorf("unknown value %s in a result", v)
	}
	switch x := v.(type) {
	case basetypes.StringValue:
		return enc.EncodeString(x.ValueString())
	case basetypes.BoolValue:
		return enc.EncodeBool(x.ValueBool())
	case basetypes.Int64Value:
		return enc.EncodeInt(x.ValueInt64())
	}
	return fmt.Errorf("cannot encode a %T", v)
}
