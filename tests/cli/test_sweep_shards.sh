#!/usr/bin/env bash
# --shard i/n computes the points p with p % n == i; merging the shards gives
# the unsharded table byte for byte; a directory refuses another sweep's points.
set -euo pipefail
engram=$1
src=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
model=$src/tests/cli/sweep/small.engram

"$engram" sweep "$model" -o "$out/all" -j 2 --quiet
for i in 0 1 2; do
  "$engram" sweep "$model" -o "$out/s$i" --shard "$i/3" -j 1 --quiet
  # 24 points: 8 per shard, each p % 3 == i.
  [ "$(wc -l <"$out/s$i/results.csv")" -eq 9 ]
  awk -F, -v i="$i" 'NR > 1 && $1 % 3 != i { exit 1 }' "$out/s$i/results.csv"
done
"$engram" merge "$out/s2" "$out/s0" "$out/s1" -o "$out/merged" >"$out/merge.out"
grep -q '^merge: 24 points from 3 directories, 0 failed' "$out/merge.out"
for f in results.csv results.npy; do
  cmp "$out/all/$f" "$out/merged/$f"
done
# The merged directory is a finished sweep: running it again recomputes nothing.
"$engram" sweep "$model" -o "$out/merged" >"$out/again.out"
grep -q '24 resumed' "$out/again.out"
cmp "$out/all/results.csv" "$out/merged/results.csv"

set +e
# A missing shard.
"$engram" merge "$out/s0" "$out/s1" -o "$out/partial" 2>"$out/partial.err"
[ $? -ne 0 ] && grep -q '8 of 24 points are in none' "$out/partial.err" || exit 1
# Another shard, or other -D options, in a directory that holds a sweep.
"$engram" sweep "$model" -o "$out/s0" --shard 1/3 2>"$out/other.err"
[ $? -ne 0 ] && grep -q 'journal of another sweep' "$out/other.err" || exit 1
"$engram" sweep "$model" -o "$out/all" -D trial=1 2>"$out/other.err"
[ $? -ne 0 ] && grep -q 'journal of another sweep' "$out/other.err" || exit 1
# An included file is part of the sweep's identity too.
mkdir -p "$out/inc"
printf 'param P = 2\nparam trial = 0\ninclude "part.engram"\nsweep trial in 1 .. 3\n' >"$out/inc/main.engram"
printf 'memories M { generate = random(count = P, size = 50) }\n' >"$out/inc/part.engram"
"$engram" sweep "$out/inc/main.engram" -o "$out/inc/run" --quiet
grep -q '"file": ".*inc/part.engram"' "$out/inc/run/manifest.json"
"$engram" sweep "$out/inc/main.engram" -o "$out/inc/run" --quiet     # unchanged: resumes
printf 'memories M { generate = random(count = P, size = 60) }\n' >"$out/inc/part.engram"
"$engram" sweep "$out/inc/main.engram" -o "$out/inc/run" 2>"$out/other.err"
[ $? -ne 0 ] && grep -q 'journal of another sweep' "$out/other.err" || exit 1
# Shards of different sweeps do not merge.
"$engram" sweep "$model" -o "$out/d0" -D trial=1 --shard 0/3 --quiet
"$engram" merge "$out/d0" "$out/s1" "$out/s2" -o "$out/mixed" 2>"$out/mixed.err"
[ $? -ne 0 ] && grep -q 'different sweep' "$out/mixed.err" || exit 1
exit 0
