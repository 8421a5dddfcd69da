#!/usr/bin/env bash
# Usage: scripts/apt.sh PACKAGE...
# Installs the Debian packages that are missing, running `apt-get update` once
# and only when something is missing.
#
# When a package is missing and cannot be installed (no apt/dpkg, not root and
# no passwordless sudo, apt-get failed) it says which packages and the command
# to run, and exits 1: without them the interop tests (nginx, NSD, Unbound)
# cannot run, and a green `make test` must mean they ran.
#
# ORIGIN_ALLOW_SKIP=1 is the explicit escape hatch: it only warns and exits 0
# (the tests then skip, instead of fail, on what is missing).
set -euo pipefail

log() { printf 'apt.sh: %s\n' "$*" >&2; }

# fail PACKAGES REASON: the packages are missing and could not be installed.
fail() {
	local pkgs=$1 reason=$2
	if [[ "${ORIGIN_ALLOW_SKIP:-}" == 1 ]]; then
		log "WARNING: missing Debian packages: $pkgs ($reason)."
		log "ORIGIN_ALLOW_SKIP=1: continuing; tests that need them will SKIP."
		exit 0
	fi
	log "ERROR: missing Debian packages: $pkgs ($reason)."
	log "install them with: sudo apt-get update && sudo apt-get install -y $pkgs"
	log "or set ORIGIN_ALLOW_SKIP=1 to go on without them (the interop tests then skip)."
	exit 1
}

(($# > 0)) || exit 0

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	fail "$*" "no apt-get/dpkg-query on this machine to check or install them"
fi

missing=()
for pkg in "$@"; do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$pkg")
	fi
done
((${#missing[@]} > 0)) || exit 0

sudo=()
if [[ "$(id -u)" != 0 ]]; then
	if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo=(sudo -n)
	else
		fail "${missing[*]}" "not root and no passwordless sudo"
	fi
fi

log "installing missing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get update -qq >&2; then
	fail "${missing[*]}" "apt-get update failed"
fi
if ! "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2; then
	fail "${missing[*]}" "apt-get install failed"
fi
# apt-get can succeed without installing (held packages, a virtual name):
# check again.
still=()
for pkg in "${missing[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
		still+=("$pkg")
	fi
done
((${#still[@]} == 0)) || fail "${still[*]}" "still not installed after apt-get install"
exit 0
