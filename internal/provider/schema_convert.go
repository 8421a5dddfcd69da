package provider

import (
	"fmt"

	aschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	eschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
)

// The ephemeral resources and the action take the data sources' arguments
// (and the ephemeral resources their results) unchanged: their schemas are
// converted from the data sources' here rather than written twice, so an
// argument or result added to a data source reaches them too. Each
// framework package has its own attribute types with the same fields; the
// conversion copies every field the target has. An attribute type the
// data sources start using needs its case below (the schema tests panic
// until it has one).

// ephemeralAttributes is attrs as an ephemeral resource's attributes.
func ephemeralAttributes(attrs map[string]schema.Attribute) map[string]eschema.Attribute {
	out := make(map[string]eschema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = ephemeralAttribute(name, a)
	}
	return out
}

func ephemeralAttribute(name string, a schema.Attribute) eschema.Attribute {
	switch a := a.(type) {
	case schema.StringAttribute:
		return eschema.StringAttribute{CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	case schema.Int64Attribute:
		return eschema.Int64Attribute{CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	case schema.BoolAttribute:
		return eschema.BoolAttribute{CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	case schema.ListAttribute:
		return eschema.ListAttribute{ElementType: a.ElementType, CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	case schema.SetAttribute:
		return eschema.SetAttribute{ElementType: a.ElementType, CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	case schema.MapAttribute:
		return eschema.MapAttribute{ElementType: a.ElementType, CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	case schema.SingleNestedAttribute:
		return eschema.SingleNestedAttribute{Attributes: ephemeralAttributes(a.Attributes), CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	case schema.ListNestedAttribute:
		return eschema.ListNestedAttribute{NestedObject: eschema.NestedAttributeObject{Attributes: ephemeralAttributes(a.NestedObject.Attributes), CustomType: a.NestedObject.CustomType, Validators: a.NestedObject.Validators},
			CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	case schema.MapNestedAttribute:
		return eschema.MapNestedAttribute{NestedObject: eschema.NestedAttributeObject{Attributes: ephemeralAttributes(a.NestedObject.Attributes), CustomType: a.NestedObject.CustomType, Validators: a.NestedObject.Validators},
			CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	}
	panic(fmt.Sprintf("ephemeral schema: attribute %s is a %T, which ephemeralAttribute does not convert yet", name, a))
}

// ephemeralBlocks is blocks as an ephemeral resource's blocks.
func ephemeralBlocks(blocks map[string]schema.Block) map[string]eschema.Block {
	out := make(map[string]eschema.Block, len(blocks))
	for name, b := range blocks {
		l, ok := b.(schema.ListNestedBlock)
		if !ok {
			panic(fmt.Sprintf("ephemeral schema: block %s is a %T, which ephemeralBlocks does not convert yet", name, b))
		}
		out[name] = eschema.ListNestedBlock{
			NestedObject: eschema.NestedBlockObject{
				Attributes: ephemeralAttributes(l.NestedObject.Attributes), Blocks: ephemeralBlocks(l.NestedObject.Blocks),
				CustomType: l.NestedObject.CustomType, Validators: l.NestedObject.Validators,
			},
			CustomType: l.CustomType, Description: l.Description, MarkdownDescription: l.MarkdownDescription, DeprecationMessage: l.DeprecationMessage, Validators: l.Validators,
		}
	}
	return out
}

// ephemeralSchema is a data source's schema as an ephemeral resource's:
// the same arguments and results.
func ephemeralSchema(s schema.Schema, description string) eschema.Schema {
	return eschema.Schema{
		Attributes: ephemeralAttributes(s.Attributes), Blocks: ephemeralBlocks(s.Blocks),
		Description: s.Description, MarkdownDescription: description, DeprecationMessage: s.DeprecationMessage,
	}
}

// actionAttributes is the arguments among attrs as an action's attributes:
// an action has no results, so computed-only attributes are left out and
// optional-computed ones are optional. A sensitive argument becomes
// write-only, the action's way to accept an ephemeral value (action
// arguments cannot be sensitive).
func actionAttributes(attrs map[string]schema.Attribute) map[string]aschema.Attribute {
	out := make(map[string]aschema.Attribute, len(attrs))
	for name, a := range attrs {
		if a.IsComputed() && !a.IsOptional() && !a.IsRequired() {
			continue
		}
		out[name] = actionAttribute(name, a)
	}
	return out
}

func actionAttribute(name string, a schema.Attribute) aschema.Attribute {
	switch a := a.(type) {
	case schema.StringAttribute:
		return aschema.StringAttribute{CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, WriteOnly: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	case schema.Int64Attribute:
		return aschema.Int64Attribute{CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, WriteOnly: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	case schema.BoolAttribute:
		return aschema.BoolAttribute{CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, WriteOnly: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	case schema.ListAttribute:
		return aschema.ListAttribute{ElementType: a.ElementType, CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, WriteOnly: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	case schema.SetAttribute:
		return aschema.SetAttribute{ElementType: a.ElementType, CustomType: a.CustomType, Required: a.Required, Optional: a.Optional,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	case schema.MapAttribute:
		return aschema.MapAttribute{ElementType: a.ElementType, CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, WriteOnly: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	case schema.SingleNestedAttribute:
		return aschema.SingleNestedAttribute{Attributes: actionAttributes(a.Attributes), CustomType: a.CustomType, Required: a.Required, Optional: a.Optional, WriteOnly: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription, DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	}
	panic(fmt.Sprintf("action schema: argument %s is a %T, which actionAttribute does not convert yet", name, a))
}

// actionBlocks is blocks as an action's blocks.
func actionBlocks(blocks map[string]schema.Block) map[string]aschema.Block {
	out := make(map[string]aschema.Block, len(blocks))
	for name, b := range blocks {
		l, ok := b.(schema.ListNestedBlock)
		if !ok {
			panic(fmt.Sprintf("action schema: block %s is a %T, which actionBlocks does not convert yet", name, b))
		}
		out[name] = aschema.ListNestedBlock{
			NestedObject: aschema.NestedBlockObject{
				Attributes: actionAttributes(l.NestedObject.Attributes), Blocks: actionBlocks(l.NestedObject.Blocks),
				CustomType: l.NestedObject.CustomType, Validators: l.NestedObject.Validators,
			},
			CustomType: l.CustomType, Description: l.Description, MarkdownDescription: l.MarkdownDescription, DeprecationMessage: l.DeprecationMessage, Validators: l.Validators,
		}
	}
	return out
}
