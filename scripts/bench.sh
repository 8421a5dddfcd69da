#!/usr/bin/env bash
# make bench: the speed and scale benchmarks (one origin against its round-trip
# floor, fleets of origins through the engine and through terraform plan, the
# TLS verdict against sslscan and testssl.sh, the plugin's start-up), on
# loopback with 30 ms injected per DNS answer and per TLS server flight
# (internal/fixture/lab). Every benchmark lives in internal/bench.
# Installs sslscan and testssl.sh when missing (skipped with a note if that
# fails), builds and installs the provider, runs the Go benchmarks and prints
# the ratios; writes bench/raw.txt (go test output) and bench/results.txt.
# Not part of `make test`: it measures time, which tests never do.
set -euo pipefail

cd "$(dirname "$0")/.."
root="$PWD"
log() { printf '==> %s\n' "$*" >&2; }

scripts/apt.sh sslscan testssl.sh || true
make --no-print-directory install >/dev/null
tf="$(scripts/terraform.sh)"
mkdir -p bench
raw=bench/raw.txt
: >"$raw"

export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export BENCH_TERRAFORM="$tf" BENCH_PROVIDER="$root/.bin/terraform-provider-origin" TF_CLI_CONFIG_FILE="$root/.bin/terraformrc"

bench() { # pattern benchtime
	log "go test -bench '$1' -benchtime $2 ./internal/bench/"
	go test -run '^$' -bench "$1" -benchtime "$2" -timeout 15m ./internal/bench/ | tee -a "$raw" | grep -E '^(Benchmark|---|FAIL|ok)' >&2
}
bench '^BenchmarkOneOrigin$' 10x
bench '^BenchmarkFleet$/origins=100/' 3x
bench '^BenchmarkVerdict$/tool=(origin|sslscan)$' 10x
bench '^BenchmarkVerdict$/tool=testssl$' 1x
bench '^BenchmarkProviderSchema$' 10x
bench '^BenchmarkPlan$' 3x
bench '^BenchmarkDistributionValidate$' 5x
bench '^BenchmarkDistributionPlan$/origins=(1|10|100)$/' 3x
bench '^BenchmarkDistributionPlan$/origins=1000$/zone=shared/config=minimal$' 1x
# The realistic 1,000-origin plan (plan, verdicts, RSS, then an apply for the
# state's size) takes minutes of Terraform's own CPU: BENCH_1000=1 adds it.
if [[ "${BENCH_1000:-}" == 1 ]]; then
	bench '^BenchmarkDistributionPlan$/origins=1000$/zone=shared/config=realistic$' 1x
fi

# name -> ns/op and metrics; ratios against the targets of the speed and
# scale benchmarks.
awk -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" -v gover="$(go env GOVERSION)" -v cpus="$(nproc)" '
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name)
	for (i = 3; i < NF; i += 2) v[name, $(i + 1)] = $i
}
function row(label, value, target, ok) {
	printf "%-58s %10s  %-8s %s\n", label, value, target, ok
}
function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "" : a / b }
function fmt(x) { return x == "" ? "n/a" : sprintf("%.2f", x) }
function check(x, op, limit) {
	if (x == "") return "SKIPPED"
	return (op == "<=" ? x <= limit : x >= limit) ? "ok" : "MISSED"
}
END {
	p = "BenchmarkPlan/origins="
	none = v[p "0/zone=shared/parallelism=10", "ns/op"]; one = v[p "1/zone=shared/parallelism=10", "ns/op"]
	printf "# make bench, %s, %s, %d CPUs, 30 ms injected RTT\n", date, gover, cpus
	row("metric", "measured", "target", "")
	x = v["BenchmarkOneOrigin", "x_floor"]
	row("one origin: time / (floor x RTT)", fmt(x), "<= 1.5", check(x, "<=", 1.5))
	row("  round trips elapsed (floor " v["BenchmarkOneOrigin", "floor_rtts"] ")", fmt(v["BenchmarkOneOrigin", "rtts"]), "", "")
	row("  dns queries / tcp connects / tls flights", v["BenchmarkOneOrigin", "dns_queries/op"] " / " v["BenchmarkOneOrigin", "tcp_connects/op"] " / " v["BenchmarkOneOrigin", "tls_flights/op"], "", "")
	# The engine alone, as Terraform hands it origins: ten at a time (the
	# default -parallelism) or all at once. Floors: one origin is 6 RTT;
	# each later wave of ten costs 1 DNS (2 with a zone each) + 1 TCP + 2 TLS.
	f = "BenchmarkFleet/origins=100/zone="
	row("engine, 100/zone=shared, 10 at a time: RTTs (floor 42)", fmt(v[f "shared/concurrency=10", "rtts"]), "", "")
	row("engine, 100/zone=each, 10 at a time: RTTs (floor 51)", fmt(v[f "each/concurrency=10", "rtts"]), "", "")
	row("engine, 100/zone=shared, all at once: RTTs (floor 6)", fmt(v[f "shared/concurrency=100", "rtts"]), "", "")
	row("engine, 100/zone=each, all at once: RTTs (floor 6)", fmt(v[f "each/concurrency=100", "rtts"]), "", "")
	row("plan, no origin_health (s)", fmt(none / 1e9), "", "")
	row("plan, 1 origin (s)", fmt(one / 1e9), "", "")
	split("10/zone=shared/parallelism=10 100/zone=shared/parallelism=10 10/zone=each/parallelism=10 100/zone=each/parallelism=10 100/zone=shared/parallelism=100 100/zone=each/parallelism=100", cases, " ")
	peak = 0
	for (i = 1; i <= 6; i++) {
		t = v[p cases[i], "ns/op"]
		r = ratio(t, one)
		target = ""; ok = ""
		if (cases[i] ~ /^100\/zone=shared/) { target = "<= 3"; ok = check(r, "<=", 3) }
		if (cases[i] ~ /^100\/zone=each/) { target = "<= 5"; ok = check(r, "<=", 5) }
		label = cases[i]; sub(/\/parallelism=/, ", -parallelism=", label)
		row("plan, " label " vs 1 origin", fmt(r), target, ok)
		row("plan, " label " vs no origin_health", fmt(ratio(t, none)), "", "")
		m = v[p cases[i], "peak_rss_MiB"]
		if (cases[i] ~ /^100\// && m > peak) peak = m
	}
	row("provider peak RSS, 100-origin plans (MiB)", fmt(peak), "< 100", check(peak, "<=", 99.99))
	# One origin_distribution holding the whole fleet (one read, whatever
	# the number of origins), at the default -parallelism, against one
	# origin_health.
	d = "BenchmarkDistributionPlan/origins="
	r = ratio(v[d "1/zone=shared/config=minimal", "ns/op"], one)
	row("distribution, 1 origin vs origin_health, 1 origin", fmt(r), "0.9-1.1", r == "" ? "SKIPPED" : (r >= 0.9 && r <= 1.1 ? "ok" : "MISSED"))
	row("distribution, 10 origins, one zone vs 1 origin", fmt(ratio(v[d "10/zone=shared/config=minimal", "ns/op"], one)), "", "")
	r = ratio(v[d "100/zone=shared/config=minimal", "ns/op"], one)
	row("distribution, 100 origins, one zone vs 1 origin", fmt(r), "<= 2", check(r, "<=", 2))
	r = ratio(v[d "100/zone=each/config=minimal", "ns/op"], one)
	row("distribution, 100 origins, a zone each vs 1 origin", fmt(r), "<= 3", check(r, "<=", 3))
	row("distribution, 1000 origins: plan (s)", fmt(v[d "1000/zone=shared/config=minimal", "ns/op"] / 1e9), "", "")
	m = v[d "100/zone=shared/config=minimal", "peak_rss_MiB"]
	row("provider peak RSS, distribution of 100 (MiB)", fmt(m), "", "")
	m = v[d "1000/zone=shared/config=minimal", "peak_rss_MiB"]
	row("provider peak RSS, distribution of 1000 (MiB)", fmt(m), "< 150", check(m, "<=", 149.99))
	# The realistic configuration: every custom_origin_config attribute
	# set and an output per origin (realisticDistributionConfig).
	row("distribution, realistic, 1 origin vs 1 origin", fmt(ratio(v[d "1/zone=shared/config=realistic", "ns/op"], one)), "", "")
	r = ratio(v[d "100/zone=shared/config=realistic", "ns/op"], one)
	row("distribution, realistic, 100 origins, one zone vs 1 origin", fmt(r), "<= 2", check(r, "<=", 2))
	r = ratio(v[d "100/zone=each/config=realistic", "ns/op"], one)
	row("distribution, realistic, 100 origins, zone each vs 1 origin", fmt(r), "<= 3", check(r, "<=", 3))
	row("provider peak RSS, realistic distribution, 100 (MiB)", fmt(v[d "100/zone=shared/config=realistic", "peak_rss_MiB"]), "", "")
	row("state after apply, realistic distribution, 100 (MB)", fmt(v[d "100/zone=shared/config=realistic", "state_MB"]), "", "")
	# One ValidateDataResourceConfig of the realistic configuration with
	# every value known: the CPU each process that validates it spends (in
	# the plan walk always, in the validate walk too for literal values).
	row("validation, realistic, 100 origins, per process (ms)", fmt(v["BenchmarkDistributionValidate/origins=100", "ns/op"] == "" ? "" : v["BenchmarkDistributionValidate/origins=100", "ns/op"] / 1e6), "", "")
	row("validation, realistic, 1000 origins, per process (ms)", fmt(v["BenchmarkDistributionValidate/origins=1000", "ns/op"] == "" ? "" : v["BenchmarkDistributionValidate/origins=1000", "ns/op"] / 1e6), "", "")
	x = v[d "1000/zone=shared/config=realistic", "ns/op"]
	row("distribution, realistic, 1000 origins: plan (s)", fmt(x == "" ? "" : x / 1e9), "finishes", x == "" ? "SKIPPED (BENCH_1000=1)" : "ok")
	m = v[d "1000/zone=shared/config=realistic", "peak_rss_MiB"]
	row("provider peak RSS, realistic distribution, 1000 (MiB)", fmt(m), "< 150", check(m, "<=", 149.99))
	m = v[d "1000/zone=shared/config=realistic", "state_MB"]
	row("state after apply, realistic distribution, 1000 (MB)", fmt(m), "< 3", check(m, "<=", 2.99))
	ours = v["BenchmarkVerdict/tool=origin", "ns/op"]
	r = ratio(v["BenchmarkVerdict/tool=sslscan", "ns/op"], ours)
	row("TLS verdict: sslscan time / ours", fmt(r), ">= 10", check(r, ">=", 10))
	r = ratio(v["BenchmarkVerdict/tool=testssl", "ns/op"], ours)
	row("TLS verdict: testssl.sh time / ours", fmt(r), "", r == "" ? "SKIPPED (testssl.sh not installed)" : "")
	row("provider start + GetProviderSchema (ms)", fmt(v["BenchmarkProviderSchema", "ns/op"] / 1e6), "", "")
}' "$raw" | tee bench/results.txt
