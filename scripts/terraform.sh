#!/usr/bin/env bash
# Prints the absolute path of a Terraform-compatible CLI on stdout; messages go
# to stderr.
#
# Order of preference:
#   1. $TF_ACC_TERRAFORM_PATH, if set and executable (explicit choice wins);
#   2. `terraform` on PATH, if it is >= 1.5;
#   3. `tofu` on PATH, if it is >= 1.6;
#   4. OpenTofu built from source fetched through the Go module proxy (no
#      binary download; ~3 min on 2 cores the first time, cached afterwards in
#      ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-origin/).
#
# Set ORIGIN_FORCE_TOFU_BUILD=1 to skip 1-3 (used to test the fallback).
set -euo pipefail

TOFU_VERSION="${TOFU_VERSION:-v1.10.7}"
: "${HOME:=$(cd ~ && pwd)}"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-origin"
CACHE_DIR="$CACHE_ROOT/tofu-$TOFU_VERSION"

log() { printf 'terraform.sh: %s\n' "$*" >&2; }

# version_of BIN prints "X.Y.Z" of a terraform/tofu binary, or nothing.
version_of() {
	# An empty CLI config so a missing/broken ~/.terraformrc is not an error.
	TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$1" version -json 2>/dev/null |
		sed -n 's/.*"terraform_version"[[:space:]]*:[[:space:]]*"\([0-9][0-9.]*\).*/\1/p' | head -n1
}

# at_least VERSION MAJOR MINOR
at_least() {
	local major minor
	major="${1%%.*}"
	minor="${1#*.}"
	minor="${minor%%.*}"
	[[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
	((major > $2 || (major == $2 && minor >= $3)))
}

if [[ "${ORIGIN_FORCE_TOFU_BUILD:-}" != 1 ]]; then
	if [[ -n "${TF_ACC_TERRAFORM_PATH:-}" && -x "${TF_ACC_TERRAFORM_PATH}" ]]; then
		echo "$TF_ACC_TERRAFORM_PATH"
		exit 0
	fi
	if bin="$(command -v terraform 2>/dev/null)"; then
		v="$(version_of "$bin")"
		if at_least "$v" 1 5; then
			echo "$bin"
			exit 0
		fi
		log "ignoring $bin: version '${v:-unknown}' is older than 1.5"
	fi
	if bin="$(command -v tofu 2>/dev/null)"; then
		v="$(version_of "$bin")"
		if at_least "$v" 1 6; then
			echo "$bin"
			exit 0
		fi
		log "ignoring $bin: version '${v:-unknown}' is older than 1.6"
	fi
fi

if [[ -x "$CACHE_DIR/tofu" ]]; then
	echo "$CACHE_DIR/tofu"
	exit 0
fi

command -v go >/dev/null 2>&1 || {
	log "no terraform >= 1.5 on PATH and no Go toolchain to build OpenTofu with"
	exit 1
}

mkdir -p "$CACHE_ROOT"
# Serialise concurrent builds (parallel make, several shells).
if command -v flock >/dev/null 2>&1; then
	exec 9>"$CACHE_ROOT/.tofu-$TOFU_VERSION.lock"
	flock 9
	if [[ -x "$CACHE_DIR/tofu" ]]; then # built while we waited
		echo "$CACHE_DIR/tofu"
		exit 0
	fi
fi

log "no terraform >= 1.5 found; building OpenTofu $TOFU_VERSION from the Go module proxy (one time, a few minutes)"
start=$SECONDS

# Independent of the caller's module/workspace settings.
export GOWORK=off GOFLAGS=-mod=readonly CGO_ENABLED=0

dir="$(cd "$CACHE_ROOT" && go mod download -json "github.com/opentofu/opentofu@$TOFU_VERSION" |
	sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p')"
if [[ -z "$dir" || ! -d "$dir" ]]; then
	log "go mod download github.com/opentofu/opentofu@$TOFU_VERSION failed (is GOPROXY reachable?)"
	exit 1
fi

src="$CACHE_DIR.src.$$"
trap 'rm -rf "$src" "$CACHE_DIR/tofu.tmp.$$"' EXIT
rm -rf "$src"
cp -R "$dir" "$src"
chmod -R u+w "$src"
mkdir -p "$CACHE_DIR"
(
	cd "$src"
	go build -trimpath -ldflags "-s -w -X 'github.com/opentofu/opentofu/version.dev=no'" -o "$CACHE_DIR/tofu.tmp.$$" ./cmd/tofu
) >&2 || {
	log "building OpenTofu failed"
	exit 1
}
mv -f "$CACHE_DIR/tofu.tmp.$$" "$CACHE_DIR/tofu"
log "built $CACHE_DIR/tofu in $((SECONDS - start))s"
echo "$CACHE_DIR/tofu"
