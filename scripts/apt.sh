#!/usr/bin/env bash
# Usage: scripts/apt.sh PACKAGE...
# Installs the Debian packages that are missing, running `apt-get update` once
# and only when something is missing. Without root or apt it says what to
# install and exits 0: callers check for what they need and degrade or fail
# with their own message.
set -euo pipefail

log() { printf 'apt.sh: %s\n' "$*" >&2; }

(($# > 0)) || exit 0

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	log "no apt/dpkg here; skipping (make sure these are installed: $*)"
	exit 0
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
		log "missing Debian packages: ${missing[*]}; not root (and no passwordless sudo), skipping."
		log "install them with: sudo apt-get install -y ${missing[*]}"
		exit 0
	fi
fi

log "installing missing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get update -qq >&2 ||
	! "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2; then
	log "apt-get failed; continuing without: ${missing[*]}"
fi
exit 0
