#!/usr/bin/env bash
# Usage: scripts/build-cli.sh terraform|tofu VERSION
# Builds that CLI from its source fetched through the Go module proxy (no
# binary download), once, into ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-origin/,
# and prints its path. Used by `make testacc-matrix` for the versions the
# README promises (Terraform 1.5 and 1.8, OpenTofu 1.6).
set -euo pipefail

log() { printf 'build-cli.sh: %s\n' "$*" >&2; }
(($# == 2)) || { log "usage: $0 terraform|tofu VERSION"; exit 2; }
cli="$1" version="$2"
case "$cli" in
terraform) module=github.com/hashicorp/terraform pkg=. ;;
tofu) module=github.com/opentofu/opentofu pkg=./cmd/tofu ;;
*) log "unknown CLI $cli (terraform or tofu)"; exit 2 ;;
esac

: "${HOME:=$(cd ~ && pwd)}"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-origin"
dir="$cache_root/$cli-$version"
if [[ -x "$dir/$cli" ]]; then
	echo "$dir/$cli"
	exit 0
fi
mkdir -p "$dir"
exec 9>"$dir.lock"
flock 9
if [[ -x "$dir/$cli" ]]; then # built while we waited
	echo "$dir/$cli"
	exit 0
fi

log "building $cli $version from the Go module proxy (one time, a few minutes)"
start=$SECONDS
export GOWORK=off GOFLAGS=-mod=readonly CGO_ENABLED=0
src_dir="$(cd "$cache_root" && go mod download -json "$module@$version" |
	sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p')"
[[ -n "$src_dir" && -d "$src_dir" ]] || { log "go mod download $module@$version failed"; exit 1; }
src="$dir.src.$$"
trap 'rm -rf "$src" "$dir/$cli.tmp.$$"' EXIT
cp -R "$src_dir" "$src"
chmod -R u+w "$src"
(cd "$src" && go build -trimpath -ldflags "-s -w" -o "$dir/$cli.tmp.$$" "$pkg") >&2 || { log "building $cli $version failed"; exit 1; }
mv -f "$dir/$cli.tmp.$$" "$dir/$cli"
log "built $dir/$cli in $((SECONDS - start))s"
echo "$dir/$cli"
