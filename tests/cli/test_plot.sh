#!/usr/bin/env bash
# Figures: a run with -o writes gnuplot scripts over its .npy files; --plot and
# `engram plot DIR` render them as SVG and PNG; the plotted points are the data.
set -uo pipefail
engram=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
model=$src/models/seed/hopfield-64.engram

"$engram" run "$model" -o "$tmp/out" --json > "$tmp/summary.json" || { echo "FAIL: run"; exit 1; }
[ -s "$tmp/out/r1.energy.gp" ] || { echo "FAIL: no plot script written"; exit 1; }
grep -q "'r1.energy.npy' binary" "$tmp/out/r1.energy.gp" || { echo "FAIL: the script does not read the .npy"; fail=1; }

if ! command -v gnuplot > /dev/null; then
    echo "gnuplot is not installed: rendering not tested"
    exit $fail
fi
"$engram" plot "$tmp/out" > "$tmp/plot.log" 2>&1 || { echo "FAIL: engram plot"; cat "$tmp/plot.log"; fail=1; }
for ext in svg png; do
    [ -s "$tmp/out/r1.energy.$ext" ] || { echo "FAIL: r1.energy.$ext not rendered"; fail=1; }
done
grep -q '<svg' "$tmp/out/r1.energy.svg" || { echo "FAIL: not an SVG"; fail=1; }

# The points gnuplot plots are the energies the run reported (its table keeps 6 digits).
(cd "$tmp/out" && gnuplot -e "set table 'table.txt'" r1.energy.gp) 2>/dev/null
first=$(awk '$3 == "i" {print $2; exit}' "$tmp/out/table.txt")
last=$(awk '$3 == "i" {v = $2} END {print v}' "$tmp/out/table.txt")
want_first=$(sed -n 's/.*"energy_initial": \([-0-9.e]*\),.*/\1/p' "$tmp/summary.json")
want_last=$(sed -n 's/.*"energy_final": \([-0-9.e]*\),.*/\1/p' "$tmp/summary.json")
awk -v a="$first" -v b="$want_first" -v c="$last" -v d="$want_last" \
    'BEGIN { exit !((a - b) ^ 2 < 1e-6 * b * b && (c - d) ^ 2 < 1e-6 * d * d) }' \
    || { echo "FAIL: plotted energies $first..$last, reported $want_first..$want_last"; fail=1; }

# --plot renders right after the run; it needs -o.
"$engram" run "$model" -o "$tmp/out2" --plot > /dev/null || { echo "FAIL: run --plot"; fail=1; }
[ -s "$tmp/out2/r1.energy.png" ] || { echo "FAIL: run --plot rendered nothing"; fail=1; }
"$engram" run "$model" --plot > /dev/null 2>&1; [ $? -eq 2 ] || { echo "FAIL: --plot without -o is not a usage error"; fail=1; }

# Without gnuplot: a clear message naming the package, and a non-zero exit.
env PATH=/nonexistent "$engram" plot "$tmp/out" > /dev/null 2> "$tmp/err"
[ $? -eq 4 ] || { echo "FAIL: plot without gnuplot should exit 4"; fail=1; }
grep -q "gnuplot-nox" "$tmp/err" || { echo "FAIL: no hint to install gnuplot-nox"; fail=1; }
exit $fail
