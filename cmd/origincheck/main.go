// Command origincheck runs the checks of data "origin_health" from a shell:
// for a 502 happening now, for CDK and CloudFormation users, and for CI
// outside Terraform. It uses the same engine, check catalog and result
// object as the provider.
//
//	origincheck [flags] DOMAIN...
//	origincheck [flags] --config distribution-config.json
//	origincheck --list-checks [--json]
//
// Exit status, as monitoring plugins have it: 0 OK, 1 WARNING (warnings
// only; 0 with --fail-on fail), 2 CRITICAL (CloudFront would fail), 3
// UNKNOWN (usage error, or the checks could not run), 130 interrupted.
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
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	var got os.Signal
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		select {
		case got = <-signals:
			// A second signal kills at once, as without a handler.
			signal.Stop(signals)
			cancel()
		case <-ctx.Done():
		}
	}()
	code := runContext(ctx, os.Args[1:], os.Stdout, os.Stderr)
	cancel()
	<-stopped
	if code == exitInterrupted && got == syscall.SIGTERM {
		code = 128 + int(syscall.SIGTERM)
	}
	os.Exit(code)
}
