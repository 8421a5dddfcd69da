#!/usr/bin/env bash
# deadcode.sh DEADCODE: fails when a function of the module is unreachable from
# its main packages (the provider, cmd/*) outside the tests, unless a line of
# scripts/deadcode-allow.txt matches it. Functions only tests call are dead
# here: move them into a _test.go file, use them, or delete them.
set -euo pipefail
deadcode=${1:?usage: deadcode.sh path/to/deadcode}
allow="$(dirname "$0")/deadcode-allow.txt"
# One "import/path.Func file:line" per dead function.
found="$("$deadcode" -test=false -f '{{range .Funcs}}{{$.Path}}.{{.Name}} {{.Position.File}}:{{.Position.Line}}{{"\n"}}{{end}}' ./...)"
# The allow list's patterns, without comments and blank lines.
patterns="$(sed -e 's/[[:space:]]*#.*//' -e '/^[[:space:]]*$/d' "$allow")"
# An empty pattern would match every line: with no entries, allow nothing.
[[ -n "$patterns" ]] || patterns='^$'
dead="$(grep -v -E -f <(printf '%s\n' "$patterns") <<<"$found" || true)"
dead="$(sed '/^$/d' <<<"$dead")"
if [[ -n "$dead" ]]; then
  echo "deadcode: unreachable functions (remove or use them, or allow them with the reason in $allow):"
  printf '%s\n' "$dead"
  exit 1
fi
