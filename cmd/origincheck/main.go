// Command origincheck runs the checks of data "origin_health" from a shell:
// for a 502 happening now, for CDK and CloudFormation users, and for CI
// outside Terraform. It uses the same engine, check catalog and result
// object as the provider.
//
//	origincheck [flags] DOMAIN...
//	origincheck [flags] --config distribution-config.json
//	origincheck --list-checks [--json]
//
// Exit status: 0 healthy, 1 warnings only, 2 a check failed (CloudFront
// would answer 502), 3 usage error.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// version is set by goreleaser through -ldflags "-X main.version=...".
var version = "dev"

// lookupEnv reads the ORIGIN_* fallbacks and NO_COLOR; tests replace it.
var lookupEnv = os.LookupEnv

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := runContext(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
