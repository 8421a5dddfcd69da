package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/originhealth/terraform-provider-origin/internal/cflimits"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
)

// atMostOne is how aws_cloudfront_distribution bounds its single blocks.
var atMostOne = []validator.List{listvalidator.SizeAtMost(1)}

func optionalString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, MarkdownDescription: desc}
}

func optionalInt(desc string, validators ...validator.Int64) schema.Int64Attribute {
	return schema.Int64Attribute{Optional: true, MarkdownDescription: desc, Validators: validators}
}

func (d *DistributionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Checks every origin of one CloudFront distribution in one read, and its origin groups as CloudFront fails over. " +
			"The `origin` and `origin_group` blocks are `aws_cloudfront_distribution`'s, so a distribution's blocks (or a `dynamic \"origin\"` " +
			"over the same variable) can be pasted in unchanged; `host_header`, `reachable_from` and `skip_checks` are this provider's additions per origin. " +
			"Custom origins get every check; S3 origins (`s3_origin_config`, or `origin_access_control_id` without `custom_origin_config`) are checked " +
			"as the HTTPS origins they are; VPC origins get configuration checks only. Results are by `origin_id`, in the shapes of `origin_health`.",
		Attributes: map[string]schema.Attribute{
			"id":                              computedString("The origin_ids, joined with commas."),
			"on_failure":                      onFailureAttribute("when the distribution would answer 502 (an origin fails and no origin group covers it, or a group fails)"),
			"detail":                          detailAttribute(),
			"certificate_expiry_warning_days": expiryWarningDaysAttribute("a certificate"),
			"skip_checks": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				Validators:          []validator.List{listvalidator.ValueStringsAre(checkIDValidator)},
				MarkdownDescription: "Check ids to skip for every origin (each origin's `skip_checks` adds to it).",
			},
			"healthy": schema.BoolAttribute{Computed: true, MarkdownDescription: "True when every origin outside an origin group is healthy and every origin group serves. " +
				"With cache behaviours given: every origin a behaviour targets directly is healthy (it gets no failover, even as a group member), every group a behaviour targets serves, " +
				"and origins and groups no behaviour reaches count only for configuration CloudFront rejects."},
			"summary": computedString("The distribution's verdict, then every origin's findings prefixed with its `[origin_id]`, then the origin groups that do not pass."),
			"origins": schema.MapNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Each origin's result, by `origin_id`, in the shape of `origin_health`'s results.",
				NestedObject:        schema.NestedAttributeObject{Attributes: originResultAttributes()},
			},
			"unreached_origin_ids": schema.ListAttribute{
				ElementType: types.StringType, Computed: true,
				MarkdownDescription: "With cache behaviours given: the `origin_id`s of the origins and origin groups no behaviour reaches (an origin is reached when a behaviour " +
					"targets it or a group it is a member of), origins first, in configuration order. CloudFront sends them no requests, so their network findings are " +
					"warnings (a configuration CloudFront rejects still fails). Null when no behaviour is given.",
			},
			"cloudfront": cloudFrontResultAttribute(),
			"origin_groups": schema.MapNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Each origin group's verdict, by its `origin_id`.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"healthy": schema.BoolAttribute{Computed: true, MarkdownDescription: "True unless the status is `fail`."},
					"status":  computedString("`pass`: the primary serves; `warn`: it serves through the secondary, or with a warning; `fail`: no member serves, or CloudFront rejects the group."),
					"summary": computedString("Why, naming the members, and what a failing primary costs every request before the failover."),
				}},
			},
		},
		Blocks: map[string]schema.Block{
			"through_cloudfront":     throughCloudFrontBlock(),
			"default_cache_behavior": cacheBehaviorBlock(false),
			"ordered_cache_behavior": cacheBehaviorBlock(true),
			"origin": schema.ListNestedBlock{
				MarkdownDescription: "An origin, as in `aws_cloudfront_distribution`.",
				Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"origin_id":                   schema.StringAttribute{Required: true, MarkdownDescription: "Unique identifier of the origin in the distribution; results are keyed by it."},
						"domain_name":                 schema.StringAttribute{Required: true, MarkdownDescription: "The origin's domain name."},
						"origin_path":                 originPathAttribute(),
						"connection_attempts":         optionalInt("1-3, default 3.", int64validator.Between(originspec.MinConnectionAttempts, originspec.MaxConnectionAttempts)),
						"connection_timeout":          optionalInt("1-10 seconds, default 10: a connect or TLS handshake slower than this fails.", int64validator.Between(originspec.MinConnectionTimeout, originspec.MaxConnectionTimeout)),
						"origin_access_control_id":    optionalString("With no `custom_origin_config`, the origin is an S3 REST origin, checked over HTTPS."),
						"response_completion_timeout": optionalInt("Accepted as in the distribution; not used by the checks."),
						"host_header":                 schema.StringAttribute{Optional: true, Validators: []validator.String{hostValidator}, MarkdownDescription: "Not an AWS argument: the Host value CloudFront forwards to this origin, as `origin_health`'s `host_header`."},
						"reachable_from": schema.StringAttribute{
							Optional: true, Validators: []validator.String{stringvalidator.OneOf(originspec.ReachableFromValues...)},
							MarkdownDescription: "Not an AWS argument: `anywhere` (default) or `cloudfront`, as `origin_health`'s `reachable_from`.",
						},
						"skip_checks": schema.ListAttribute{
							ElementType: types.StringType, Optional: true,
							Validators:          []validator.List{listvalidator.ValueStringsAre(checkIDValidator)},
							MarkdownDescription: "Not an AWS argument: check ids to skip for this origin.",
						},
						"http_request": httpRequestPerOrigin(),
					},
					Blocks: map[string]schema.Block{
						"custom_header": schema.ListNestedBlock{
							MarkdownDescription: "A header CloudFront adds to origin requests; its name is checked (`config.custom_header`).",
							NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
								"name":  schema.StringAttribute{Required: true, MarkdownDescription: "Header name."},
								"value": schema.StringAttribute{Required: true, Sensitive: true, MarkdownDescription: "Header value (never logged)."},
							}},
						},
						"custom_origin_config": schema.ListNestedBlock{
							MarkdownDescription: "A custom origin: every check runs.",
							Validators:          atMostOne,
							NestedObject: schema.NestedBlockObject{
								Attributes: map[string]schema.Attribute{
									"http_port":              optionalInt("Default 80.", int64validator.Between(1, 65535)),
									"https_port":             optionalInt("Default 443.", int64validator.Between(1, 65535)),
									"origin_protocol_policy": schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.OneOf(originspec.Policies...)}, MarkdownDescription: "`http-only`, `https-only` (default) or `match-viewer`."},
									"origin_ssl_protocols": schema.ListAttribute{
										ElementType: types.StringType, Optional: true,
										Validators:          []validator.List{listvalidator.ValueStringsAre(sslProtocolValidator)},
										MarkdownDescription: "A subset of `SSLv3`, `TLSv1`, `TLSv1.1`, `TLSv1.2`. Default `[\"TLSv1.2\"]`.",
									},
									"ip_address_type": schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.OneOf(originspec.IPAddressTypes...)}, MarkdownDescription: "`ipv4` (default), `ipv6` or `dualstack`."},
									"origin_read_timeout": optionalInt(fmt.Sprintf("As in the distribution: seconds CloudFront waits for the origin's first byte (%d-%d, default %d). "+
										"Used only with the origin's `http_request`, unless that sets its own `origin_read_timeout`: the `http` stage's read timeout, "+
										"a request with no first byte within it fails `http.read_timeout`.",
										originspec.MinOriginReadTimeout, originspec.MaxOriginReadTimeout, originspec.DefaultOriginReadTimeout),
										int64validator.Between(originspec.MinOriginReadTimeout, originspec.MaxOriginReadTimeout)),
									"origin_keepalive_timeout": optionalInt(fmt.Sprintf("As in the distribution: seconds CloudFront keeps an idle connection to the origin open (%d-%d, default %d). "+
										"Used only with the origin's `http_request`, unless that sets its own `origin_keepalive_timeout`: with `measure_keepalive`, "+
										"an origin that closes the idle connection sooner warns `http.keepalive_shorter`.",
										originspec.MinOriginKeepaliveTimeout, originspec.MaxOriginKeepaliveTimeout, originspec.DefaultOriginKeepaliveTimeout),
										int64validator.Between(originspec.MinOriginKeepaliveTimeout, originspec.MaxOriginKeepaliveTimeout)),
								},
								Blocks: map[string]schema.Block{
									"origin_mtls_config": schema.ListNestedBlock{
										MarkdownDescription: "CloudFront presents a client certificate to the origin.",
										Validators:          atMostOne,
										NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
											"client_certificate_arn": schema.StringAttribute{Required: true, MarkdownDescription: "ACM certificate ARN (us-east-1)."},
										}},
									},
								},
							},
						},
						"s3_origin_config": schema.ListNestedBlock{
							MarkdownDescription: "An S3 REST origin: checked as the HTTPS origin it is.",
							Validators:          atMostOne,
							NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
								"origin_access_identity": optionalString("Accepted as in the distribution."),
							}},
						},
						"vpc_origin_config": schema.ListNestedBlock{
							MarkdownDescription: "A VPC origin: configuration checks only (CloudFront reaches it inside the VPC).",
							Validators:          atMostOne,
							NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
								"vpc_origin_id":            schema.StringAttribute{Required: true, MarkdownDescription: "The VPC origin's id."},
								"origin_read_timeout":      optionalInt("Accepted as in the distribution; not used by the checks (a VPC origin gets no `http` stage)."),
								"origin_keepalive_timeout": optionalInt("Accepted as in the distribution; not used by the checks (a VPC origin gets no `http` stage)."),
							}},
						},
						"origin_shield": schema.ListNestedBlock{
							MarkdownDescription: "Accepted as in the distribution; not used by the checks.",
							Validators:          atMostOne,
							NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
								"enabled":              schema.BoolAttribute{Optional: true, MarkdownDescription: "Whether Origin Shield is on."},
								"origin_shield_region": optionalString("Its region."),
							}},
						},
					},
				},
			},
			"origin_group": schema.ListNestedBlock{
				MarkdownDescription: "An origin group, as in `aws_cloudfront_distribution`: the first member is the primary.",
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"origin_id": schema.StringAttribute{Required: true, MarkdownDescription: "The group's id."},
					},
					Blocks: map[string]schema.Block{
						"failover_criteria": schema.ListNestedBlock{
							Validators: atMostOne,
							NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
								"status_codes": schema.SetAttribute{
									ElementType: types.Int64Type, Required: true, Validators: []validator.Set{failoverCodesValidator{}},
									MarkdownDescription: "Origin status codes that make CloudFront try the secondary: any of " + joinCodes(cflimits.FailoverStatusCodes) + ". " +
										"CloudFront also fails over when it cannot connect to the primary or the primary times out; any other answer of the primary goes to viewers.",
								},
							}},
						},
						"member": schema.ListNestedBlock{
							NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
								"origin_id": schema.StringAttribute{Required: true, MarkdownDescription: "An origin's `origin_id`."},
							}},
						},
					},
				},
			},
		},
	}
	resp.Schema.Attributes = withAttributeObjectTypes(resp.Schema.Attributes) // schema_object_types.go
	resp.Schema.Blocks = withObjectTypes(resp.Schema.Blocks)
}

// originPathAttribute is origin_path: http_request's path is joined under
// it, so it goes into the request line and is validated as a path.
func originPathAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: "As in the distribution: the directory CloudFront requests under (`/prod`). `http_request`'s `path` is joined under it.",
		Validators:          []validator.String{pathValidator{summary: "Invalid origin_path", emptyOK: true}},
	}
}

// httpRequestPerOrigin is http_request as an origin block has it: the
// distribution's origin_path, custom headers and timeouts apply.
func httpRequestPerOrigin() schema.SingleNestedAttribute {
	a := HTTPRequestSchema()
	a.MarkdownDescription = "Not an AWS argument: as `origin_health`'s `http_request`, sent to this origin. Its `path` is joined under the origin's " +
		"`origin_path`, the origin's `custom_header` blocks are sent with it (its own `headers` win), and the origin's `origin_read_timeout` and " +
		"`origin_keepalive_timeout` apply unless it sets its own.\n\n" + a.MarkdownDescription
	return a
}

// cacheBehaviorBlock is default_cache_behavior (at most one) or, ordered,
// ordered_cache_behavior, with aws_cloudfront_distribution's attributes so
// a distribution's blocks paste unchanged. Only target_origin_id (and
// path_pattern, to name the behaviour) are used: which origin or origin
// group the behaviour's requests go to.
func cacheBehaviorBlock(ordered bool) schema.ListNestedBlock {
	ignored := func(what string) string {
		return "Accepted as in `aws_cloudfront_distribution` (" + what + "); not used by the checks."
	}
	stringList := func(what string) schema.ListAttribute {
		return schema.ListAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: ignored(what)}
	}
	attrs := map[string]schema.Attribute{
		"target_origin_id": schema.StringAttribute{Required: true, MarkdownDescription: "The `origin_id` of the origin or origin group this behaviour's requests go to. " +
			"An origin targeted directly gets no failover, even when it is an origin group's member."},
		"allowed_methods":            schema.SetAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: ignored("methods CloudFront forwards")},
		"cached_methods":             schema.SetAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: ignored("methods CloudFront caches")},
		"viewer_protocol_policy":     optionalString(ignored("viewer protocol")),
		"cache_policy_id":            optionalString(ignored("cache policy")),
		"origin_request_policy_id":   optionalString(ignored("origin request policy")),
		"response_headers_policy_id": optionalString(ignored("response headers policy")),
		"field_level_encryption_id":  optionalString(ignored("field-level encryption")),
		"realtime_log_config_arn":    optionalString(ignored("real-time logs")),
		"compress":                   schema.BoolAttribute{Optional: true, MarkdownDescription: ignored("compression")},
		"smooth_streaming":           schema.BoolAttribute{Optional: true, MarkdownDescription: ignored("Smooth Streaming")},
		"default_ttl":                optionalInt(ignored("seconds")),
		"min_ttl":                    optionalInt(ignored("seconds")),
		"max_ttl":                    optionalInt(ignored("seconds")),
		"trusted_key_groups":         stringList("signed URLs"),
		"trusted_signers":            stringList("signed URLs"),
	}
	desc := "The distribution's default cache behaviour, as in `aws_cloudfront_distribution`: which origin or origin group requests go to. " +
		"When cache behaviours are given, an origin a behaviour targets directly is judged on its own (no failover), and origins and groups no behaviour reaches are listed in `unreached_origin_ids`."
	validators := atMostOne
	if ordered {
		attrs["path_pattern"] = schema.StringAttribute{Required: true, MarkdownDescription: "The paths this behaviour applies to (`/api/*`); names the behaviour in findings."}
		desc = "An ordered cache behaviour, as in `aws_cloudfront_distribution`: the origin or origin group requests matching `path_pattern` go to. Requires `default_cache_behavior`."
		validators = nil
	}
	return schema.ListNestedBlock{
		MarkdownDescription: desc,
		Validators:          validators,
		NestedObject: schema.NestedBlockObject{
			Attributes: attrs,
			Blocks: map[string]schema.Block{
				"forwarded_values": schema.ListNestedBlock{
					MarkdownDescription: ignored("legacy cache key settings"),
					Validators:          atMostOne,
					NestedObject: schema.NestedBlockObject{
						Attributes: map[string]schema.Attribute{
							"headers":                 schema.SetAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: ignored("headers")},
							"query_string":            schema.BoolAttribute{Optional: true, MarkdownDescription: ignored("query strings")},
							"query_string_cache_keys": stringList("query string keys"),
						},
						Blocks: map[string]schema.Block{
							"cookies": schema.ListNestedBlock{
								MarkdownDescription: ignored("cookies"),
								Validators:          atMostOne,
								NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
									"forward":           optionalString(ignored("which cookies")),
									"whitelisted_names": schema.SetAttribute{ElementType: types.StringType, Optional: true, MarkdownDescription: ignored("cookie names")},
								}},
							},
						},
					},
				},
				"lambda_function_association": schema.ListNestedBlock{
					MarkdownDescription: ignored("Lambda@Edge"),
					NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
						"event_type":   optionalString(ignored("trigger")),
						"lambda_arn":   optionalString(ignored("function version")),
						"include_body": schema.BoolAttribute{Optional: true, MarkdownDescription: ignored("body")},
					}},
				},
				"function_association": schema.ListNestedBlock{
					MarkdownDescription: ignored("CloudFront Functions"),
					NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
						"event_type":   optionalString(ignored("trigger")),
						"function_arn": optionalString(ignored("function")),
					}},
				},
				"grpc_config": schema.ListNestedBlock{
					MarkdownDescription: ignored("gRPC"),
					Validators:          atMostOne,
					NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
						"enabled": schema.BoolAttribute{Optional: true, MarkdownDescription: ignored("gRPC")},
					}},
				},
			},
		},
	}
}
