#!/usr/bin/env bash
# make demo: install the provider into the local mirror, start the loopback
# fixture lab (cmd/originlab), then terraform init + plan examples/demo against
# it. The lab is always stopped on exit. Exits non-zero when init or plan fails.
#
# The lab listens on 127.0.0.0/8 ports 53 and 443, so this runs as root.
set -euo pipefail

cd "$(dirname "$0")/.."
root="$PWD"
READY_TIMEOUT="${READY_TIMEOUT:-60}" # seconds from start to "ready" (the lab is built before)

log() { printf '==> %s\n' "$*" >&2; }

tf="$(scripts/terraform.sh)"
log "using $tf"

log "make install"
make --no-print-directory install >&2

tmp="$(mktemp -d "${TMPDIR:-/tmp}/origin-demo.XXXXXX")"
lab_pid=""

stop_lab() {
	[[ -n "$lab_pid" ]] || return 0
	if kill -0 "$lab_pid" 2>/dev/null; then
		kill -TERM "$lab_pid" 2>/dev/null || true
		for _ in $(seq 50); do
			kill -0 "$lab_pid" 2>/dev/null || break
			sleep 0.2
		done
		if kill -0 "$lab_pid" 2>/dev/null; then
			log "lab did not stop on SIGTERM; killing it"
			kill -KILL "$lab_pid" 2>/dev/null || true
		fi
	fi
	wait "$lab_pid" 2>/dev/null || true
	lab_pid=""
}

cleanup() {
	local rc=$?
	stop_lab
	if ((rc != 0)) && [[ -s "$tmp/lab.log" ]]; then
		log "lab log (last 40 lines):"
		tail -n 40 "$tmp/lab.log" >&2 || true
	fi
	rm -rf "$tmp"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Build, then run the binary itself (not `go run`, which would not pass our
# SIGTERM on to the lab process).
log "building cmd/originlab"
go build -o "$tmp/originlab" ./cmd/originlab

mkdir -p "$tmp/lab" "$tmp/work"
log "starting the fixture lab"
"$tmp/originlab" -out "$tmp/lab" >"$tmp/lab.out" 2>"$tmp/lab.log" &
lab_pid=$!

deadline=$((SECONDS + READY_TIMEOUT))
until grep -q '^ready' "$tmp/lab.out" 2>/dev/null; do
	if ! kill -0 "$lab_pid" 2>/dev/null; then
		wait "$lab_pid" && rc=0 || rc=$?
		lab_pid=""
		log "the lab exited (status $rc) before it was ready"
		exit 1
	fi
	if ((SECONDS >= deadline)); then
		log "the lab was not ready after ${READY_TIMEOUT}s"
		exit 1
	fi
	sleep 0.2
done
[[ -f "$tmp/lab/lab.auto.tfvars.json" ]] || {
	log "the lab is ready but wrote no $tmp/lab/lab.auto.tfvars.json"
	exit 1
}
log "lab ready"

cp "$root"/examples/demo/*.tf "$tmp/lab/lab.auto.tfvars.json" "$tmp/work/"

export TF_CLI_CONFIG_FILE="$root/.bin/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
log "terraform init"
"$tf" -chdir="$tmp/work" init -input=false
log "terraform plan"
"$tf" -chdir="$tmp/work" plan -input=false
log "demo done"
