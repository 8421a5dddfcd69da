#!/usr/bin/env bash
# Prints `terraform providers schema -json` for originhealth/origin, keyed
# "origin" as tfplugindocs --providers-schema expects. Needs `make install`
# first and TF_CLI_CONFIG_FILE pointing at its .bin/terraformrc (the Makefile's
# docs target does both). Works with terraform and OpenTofu, offline.
set -euo pipefail

cd "$(dirname "$0")/.."
tf="$(scripts/terraform.sh)"
: "${TF_CLI_CONFIG_FILE:=$PWD/.bin/terraformrc}"
export TF_CLI_CONFIG_FILE CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
[[ -f "$TF_CLI_CONFIG_FILE" ]] || {
	echo "schema.sh: $TF_CLI_CONFIG_FILE missing: run make install" >&2
	exit 1
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/main.tf" <<'HCL'
terraform {
  required_providers {
    origin = {
      source = "originhealth/origin"
    }
  }
}
HCL
"$tf" -chdir="$work" init -input=false -backend=false >&2
"$tf" -chdir="$work" providers schema -json |
	sed -E 's#"registry\.(terraform\.io|opentofu\.org)/originhealth/origin":#"origin":#'
