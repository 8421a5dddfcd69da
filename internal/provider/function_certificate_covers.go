package provider

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/originhealth/terraform-provider-origin/internal/certname"
)

var _ function.Function = CertificateCoversFunction{}

// CertificateCoversFunction is provider::origin::certificate_covers.
type CertificateCoversFunction struct{}

// NewCertificateCoversFunction returns the function.
func NewCertificateCoversFunction() function.Function { return CertificateCoversFunction{} }

func (CertificateCoversFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "certificate_covers"
}

func (CertificateCoversFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Whether a certificate, or a list of names, covers a host name under CloudFront's rules",
		MarkdownDescription: "True when the certificate (PEM; its DNS SANs, or its Common Name when it has none) or the list of names " +
			"covers `hostname`: case-insensitive, IDNA-aware, a wildcard only as the whole leftmost label covering exactly one label. " +
			"An IP address `hostname` is covered only by the certificate's IP address SANs (or an IP address in the list), compared as addresses. " +
			"Use it with `tls_certificate`, ACM's `subject_alternative_names`, or your own list.",
		Parameters: []function.Parameter{
			function.DynamicParameter{Name: "pem_or_names", MarkdownDescription: "A PEM certificate (the first one is used) or a list/set of DNS names and IP addresses."},
			function.StringParameter{Name: "hostname", MarkdownDescription: "The origin domain name or forwarded Host value."},
		},
		Return: function.BoolReturn{},
	}
}

func (CertificateCoversFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var (
		arg      types.Dynamic
		hostname string
	)
	resp.Error = req.Arguments.Get(ctx, &arg, &hostname)
	if resp.Error != nil {
		return
	}
	raw, err := arg.UnderlyingValue().ToTerraformValue(ctx)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	covers, err := coverageFrom(raw)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, covers(hostname))
}

// coverageFrom reads a PEM string or a list of names and returns what
// covers a host under CloudFront's rules. A certificate covers an IP
// literal only with its IP address SANs. In a list, entries that are IP
// addresses stand for IP address SANs and the others for DNS names, so
// that ["192.0.2.10"] covers 192.0.2.10 and "2001:DB8::1" covers 2001:db8::1.
func coverageFrom(v tftypes.Value) (func(host string) bool, error) {
	if v.Type() != nil && v.Type().Is(tftypes.String) {
		var s string
		if err := v.As(&s); err != nil {
			return nil, err
		}
		cert, err := firstCertificate(s)
		if err != nil {
			return nil, err
		}
		return func(host string) bool { return certname.CertCovers(cert, host) }, nil
	}
	r := reader{known: true}
	entries := r.strs(v, "pem_or_names")
	if r.err != nil || v.Type() == nil || v.IsNull() {
		return nil, fmt.Errorf("pem_or_names must be a PEM certificate string or a list of DNS names")
	}
	var (
		names []string
		ips   []net.IP
	)
	for _, e := range entries {
		if a, ok := certname.ParseIP(e); ok {
			ips = append(ips, a.AsSlice())
		} else {
			names = append(names, e)
		}
	}
	return func(host string) bool { return certname.CoversIP(ips, host) || certname.Covers(names, host) }, nil
}

// firstCertificate parses the first CERTIFICATE block of a PEM string.
func firstCertificate(s string) (*x509.Certificate, error) {
	rest := []byte(s)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			if strings.Contains(s, "-----BEGIN") {
				return nil, fmt.Errorf("no CERTIFICATE block found in the PEM text")
			}
			return nil, fmt.Errorf("not PEM: expected text starting with -----BEGIN CERTIFICATE-----, or pass a list of names")
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("the PEM certificate does not parse: %v", err)
		}
		return cert, nil
	}
}
