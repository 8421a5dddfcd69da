// Package bench holds every benchmark of the project; no other package
// has one. Timing never lives in tests: speed is measured here, by
// benchmarks that scripts/bench.sh reads, and never asserted by a test (a
// test bounds time only where a deadline is the behaviour it checks). The
// package is test files only, one per subject:
//
//   - dns_test.go: the delegation walk of internal/dnscheck against fixture
//     name servers that answer 10 ms late (BenchmarkThreeLevelWalk,
//     BenchmarkFiftyOriginsOneZone).
//   - tls_test.go: the CloudFront TLS verdict of internal/tlscheck against
//     sslscan and testssl.sh on the same server (BenchmarkVerdict).
//   - engine_test.go: internal/engine on the loopback lab with a 30 ms
//     round trip injected (BenchmarkOneOrigin, BenchmarkOneOriginHTTPRequest,
//     BenchmarkFleet).
//   - plan_test.go: `terraform plan` through the installed provider
//     (BenchmarkPlan, BenchmarkDistributionPlan).
//   - schema_test.go: the plugin's start-up and GetProviderSchema
//     (BenchmarkProviderSchema).
//   - helpers_test.go: what several of them share.
//
// The fixture servers listen on ports 53 and 443 of 127.0.0.0/8 addresses,
// so every benchmark but BenchmarkProviderSchema needs root. The plan and
// schema benchmarks also need the binaries `make install` builds and the
// BENCH_TERRAFORM, BENCH_PROVIDER and TF_CLI_CONFIG_FILE environment that
// scripts/bench.sh (make bench) sets; without it they skip. scripts/bench.sh
// runs them and turns their metrics into bench/results.txt.
package bench
