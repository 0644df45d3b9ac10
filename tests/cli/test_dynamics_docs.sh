#!/usr/bin/env bash
# Every ```engram example of docs/dynamics-language.md checks clean and runs.
set -euo pipefail
engram=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
awk -v dir="$tmp" '
    /^```engram$/ { n++; file = sprintf("%s/example%02d.engram", dir, n); inside = 1; next }
    /^```$/ && inside { inside = 0; close(file); next }
    inside { print > file }
' "$src/docs/dynamics-language.md"
count=0
for model in "$tmp"/example*.engram; do
    count=$((count + 1))
    if ! "$engram" check "$model" > /dev/null 2> "$model.err"; then
        echo "FAIL: $(basename "$model") does not check clean"; cat "$model.err"; fail=1; continue
    fi
    if ! "$engram" run "$model" > /dev/null 2> "$model.err"; then
        echo "FAIL: $(basename "$model") does not run"; cat "$model.err"; fail=1
    fi
done
[ "$count" -ge 5 ] || { echo "FAIL: only $count examples found"; fail=1; }
exit $fail
