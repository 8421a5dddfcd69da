//go:build tools

// Package tools pins the versions of the Go tools the Makefile installs into
// .bin/ (see `make tools`). It is a separate module so these tools'
// dependencies never leak into the provider's go.mod.
package tools

import (
	// Lint.
	_ "github.com/golangci/golangci-lint/v2/cmd/golangci-lint"

	// Unreachable functions (make lint, scripts/deadcode.sh).
	_ "golang.org/x/tools/cmd/deadcode"

	// Documentation generation.
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)
