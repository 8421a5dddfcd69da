#!/usr/bin/env bash
# Usage: scripts/build-cli.sh terraform|tofu VERSION
# Builds that CLI from its source fetched through the Go module proxy (no
# binary download), once, into ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-origin/,
# and prints its path. Used by `make testacc-matrix` for the versions the
# README promises (Terraform 1.5, 1.8, 1.10, 1.14, OpenTofu 1.6, 1.11) and
# the newest ones tested.
#
# Terraform >= 1.10: its module zip on the proxy lacks the nested modules
# its go.mod replaces with local directories (internal/backend/remote-state/*
# and internal/legacy, separate modules since 1.10), so the build would fail
# on missing replacement directories. For each replacement whose directory
# is not in the zip, this drops the requirement and the replace directive
# from go.mod, and drops that backend's import and registration from
# internal/backend/init/init.go. The CLI built so has the local, remote,
# cloud, http and inmem backends only (enough for the acceptance tests,
# which use local state); azurerm, consul, cos, gcs, kubernetes, oss, pg, s3
# and oci are gone. Terraform 1.14.3 builds so in about 2.5 minutes on 2 cores
# (1.14.9: 588 s on 2 shared cores, under nice, another build running). Such a
# build reports its version as "1.14.9-dev" (no release ldflags).
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

# drop_missing_nested_modules SRC: for every `replace M => ./DIR` in SRC's
# go.mod whose DIR the module zip lacks, drop M's requirement and
# replacement, and for a remote-state backend its lines in init.go (the
# import, by its alias, and the map entry that calls ALIAS.New).
drop_missing_nested_modules() {
	local src="$1" mod dir alias init="$1/internal/backend/init/init.go" dropped=()
	while read -r mod dir; do
		[[ -d "$src/$dir" ]] && continue
		(cd "$src" && go mod edit -droprequire="$mod" -dropreplace="$mod")
		dropped+=("${mod#github.com/hashicorp/terraform/}")
		[[ "$mod" == */internal/backend/remote-state/* && -f "$init" ]] || continue
		alias="$(sed -n "s|^[[:space:]]*\([A-Za-z0-9_]*\)[[:space:]]*\"$mod\"\$|\1|p" "$init")"
		[[ -n "$alias" ]] || { log "no import of $mod in $init"; exit 1; }
		sed -i -e "\|\"$mod\"\$|d" -e "/\b$alias\.New(/d" "$init"
	done < <(sed -n 's|^replace[[:space:]]\{1,\}\([^[:space:]]*\)[[:space:]]*=>[[:space:]]*\(\./[^[:space:]]*\).*|\1 \2|p' "$src/go.mod")
	if ((${#dropped[@]} > 0)); then
		log "not in the module zip, left out: ${dropped[*]}"
	fi
}

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
if [[ "$cli" == terraform ]]; then
	drop_missing_nested_modules "$src"
fi
(cd "$src" && go build -trimpath -ldflags "-s -w" -o "$dir/$cli.tmp.$$" "$pkg") >&2 || { log "building $cli $version failed"; exit 1; }
mv -f "$dir/$cli.tmp.$$" "$dir/$cli"
log "built $dir/$cli in $((SECONDS - start))s"
echo "$dir/$cli"
