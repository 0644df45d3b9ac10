#!/usr/bin/env bash
# Every model in docs/sweeps.md checks and sweeps; the Slurm example's shard
# arithmetic covers every point once (run here without Slurm, by its variables).
set -euo pipefail
engram=$1
src=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
awk -v dir="$out" '/^```engram$/ { n++; f = dir "/doc" n ".engram"; on = 1; next }
                   /^```$/ { on = 0; next }
                   on { print > f }' "$src/docs/sweeps.md"
count=0
for m in "$out"/doc*.engram; do
  "$engram" check "$m"
  "$engram" sweep "$m" -o "$out/$(basename "$m" .engram)" -j 2 --quiet
  count=$((count + 1))
done
[ "$count" -eq 2 ]
[ "$(wc -l <"$out/doc1/results.csv")" -eq 46 ]   # 3 x 3 x 5 points
[ "$(wc -l <"$out/doc2/results.csv")" -eq 4 ]    # 3 zipped pairs
cut -d, -f4,5 "$out/doc2/results.csv" | tail -3 | tr '\n' ' ' | grep -qx '10,10 20,20 40,30 '

model=$src/tests/cli/sweep/small.engram
for i in 0 1 2 3; do
  SLURM_ARRAY_TASK_COUNT=4 SLURM_ARRAY_TASK_ID=$i ENGRAM=$engram \
    bash "$src/examples/slurm/sweep-array.sh" "$model" "$out/slurm"
done
"$engram" merge "$out"/slurm/shard-*-of-4 -o "$out/slurm/all" >/dev/null
"$engram" sweep "$model" -o "$out/one" --quiet
cmp "$out/one/results.csv" "$out/slurm/all/results.csv"
