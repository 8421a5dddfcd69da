#!/usr/bin/env bash
# Usage: scripts/fuzz-smoke.sh FUZZTIME
# Runs every fuzz target for FUZZTIME beyond its seed corpus. A failure
# prints the fuzzer's own output. An input that crashes a target is always
# written to the package's testdata/fuzz/<target>/, and fails the run. A
# failure that leaves no such input is the fuzzing engine's own (a worker
# starved on a loaded machine: "fuzzing process hung or terminated
# unexpectedly"); that target is run once more, and fails the run only if
# it fails again.
set -euo pipefail
fuzztime="${1:-5s}"
log=$(mktemp)
inputs() { if [[ -d "$1" ]]; then find "$1" -type f | wc -l; else echo 0; fi; }
trap 'rm -f "$log"' EXIT
git grep -l '^func Fuzz' -- '*_test.go' | while read -r file; do
  dir=$(dirname "$file")
  for fn in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$file"); do
    echo "fuzz $fn ($dir, $fuzztime)"
    corpus="$dir/testdata/fuzz/$fn"
    before=$(inputs "$corpus")
    for try in 1 2; do
      if go test -run '^$' -fuzz "^$fn$" -fuzztime "$fuzztime" "./$dir" > "$log" 2>&1; then
        break
      fi
      tail -30 "$log"
      if [[ "$(inputs "$corpus")" != "$before" ]]; then
        echo "fuzz $fn: the crashing input is in $corpus (add it to the seed corpus once fixed)" >&2
        exit 1
      fi
      if [[ $try == 2 ]]; then
        echo "fuzz $fn failed twice" >&2
        exit 1
      fi
      echo "fuzz $fn: failed without a crashing input (the fuzzing engine's own failure, shown above); running it once more" >&2
    done
  done
done
echo "fuzz smoke: every target ran $fuzztime without a failure"
