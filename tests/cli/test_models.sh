#!/usr/bin/env bash
# Runs the seed and recall models through `engram run` (each must succeed and
# write its results), and checks the seed experiments' published figures. The
# models of each other folder under models/ are run, with their figures checked,
# by that folder's own test (test_memory.sh, test_dynamics.sh, test_emt_*.sh,
# test_sweep_*.sh).
set -euo pipefail
engram=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

while IFS= read -r model; do
    name=$(basename "$model" .engram)
    # Models that are meant to be run with `engram sweep` are exercised by the sweep tests.
    if grep -q '^sweep ' "$model"; then continue; fi
    # The memory experiments are run, and their figures checked, by test_memory.sh.
    case $model in "$src/models/memory/"*) continue ;; esac
    if ! "$engram" run "$model" -o "$tmp/$name" > "$tmp/$name.out" 2> "$tmp/$name.err"; then
        echo "FAIL: engram run $model"; cat "$tmp/$name.err"; fail=1; continue
    fi
    [ -s "$tmp/$name/summary.json" ] || { echo "FAIL: $model wrote no summary.json"; fail=1; }
done < <(find "$src/models/seed" "$src/models/recall" -name '*.engram' | sort)

# Seed 001, experiment 1: Hamming distance 0 in 2 synchronous steps.
"$engram" run "$src/models/seed/hopfield-64.engram" --json > "$tmp/h64.json"
grep -q '"hamming": 0,' "$tmp/h64.json" || { echo "FAIL: hopfield-64 does not reach Hamming 0"; fail=1; }
grep -q '"steps": 2,' "$tmp/h64.json" || { echo "FAIL: hopfield-64 does not converge in 2 steps"; fail=1; }

# Seed 001, experiment 2: a final distance in the tens (not 0) after about 6 steps.
"$engram" run "$src/models/seed/hopfield-8000.engram" --json > "$tmp/h8000.json"
hamming=$(sed -n 's/.*"hamming": \([0-9]*\),.*/\1/p' "$tmp/h8000.json")
steps=$(sed -n 's/.*"steps": \([0-9]*\),.*/\1/p' "$tmp/h8000.json")
if [ -z "$hamming" ] || [ "$hamming" -lt 5 ] || [ "$hamming" -gt 60 ]; then
    echo "FAIL: hopfield-8000 final Hamming distance '$hamming' is not in the tens"; fail=1
fi
if [ -z "$steps" ] || [ "$steps" -lt 3 ] || [ "$steps" -gt 12 ]; then
    echo "FAIL: hopfield-8000 took '$steps' steps, not about 6"; fail=1
fi
# Asynchronous recall restores the episode and never raises the energy.
"$engram" run "$src/models/recall/async-64.engram" --json > "$tmp/async.json"
[ "$(grep -c '"hamming": 0,' "$tmp/async.json")" -eq 2 ] || { echo "FAIL: asynchronous recall does not reach Hamming 0"; fail=1; }
exit $fail
