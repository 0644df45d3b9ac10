#!/usr/bin/env bash
# Every ```engram example of docs/memory.md runs, and the first one recalls
# every cue.
set -euo pipefail
engram=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -v dir="$tmp" '
    /^```engram$/ { n++; file = sprintf("%s/example%d.engram", dir, n); inside = 1; next }
    /^```$/ { inside = 0; next }
    inside { print > file }
' "$src/docs/memory.md"
fail=0
count=0
for model in "$tmp"/example*.engram; do
    count=$((count + 1))
    if ! "$engram" run "$model" > "$model.out" 2> "$model.err"; then
        echo "FAIL: docs/memory.md example $(basename "$model")"; cat "$model.err"; fail=1
    fi
done
[ "$count" -ge 3 ] || { echo "FAIL: only $count examples found"; fail=1; }
grep -q "recall r: 50 recalls (10 cues x 5 trials): exact 100.0%" "$tmp/example1.engram.out" ||
    { echo "FAIL: the first example does not recall every cue"; cat "$tmp/example1.engram.out"; fail=1; }
exit $fail
