#!/usr/bin/env bash
# Every scalar a block reports is a column of the sweep table, named by its
# path ("k.sizes[0].critical": N_c at the first size): a sweep over the
# expanded Hebbian rule's c0 gives, at each point, the N_c that `engram run
# -D c0=...` of that point alone reports. `engram run` on the swept model
# labels each line with its point and --plot draws N_c against c0.
set -uo pipefail
engram=$1
src=$2
py=/usr/bin/python3
[ -x "$py" ] || { echo "no $py: skipped"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
model=$src/tests/cli/sweep/hebbian-c0.engram
pass=0
fail=0
check() { # name, then a command that succeeds when the check holds
  local name=$1
  shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}

"$engram" sweep "$model" -o "$out/sw" -j 1 --quiet || { echo "the sweep failed"; exit 1; }
csv=$out/sw/results.csv
check "N_c and its load are columns" grep -q '^point,failed,error,c0,k.network,k.rule,k.sizes\[0\].size,k.sizes\[0\].critical,k.sizes\[0\].load' "$csv"

# The oracle: each point run on its own.
for c0 in 0 0.15 0.3; do
  "$engram" run "$model" -D "c0=$c0" --json >"$out/run-$c0.json" || { echo "run -D c0=$c0 failed"; exit 1; }
  check "N_c at c0 = $c0" "$py" - "$csv" "$out/run-$c0.json" "$c0" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
run = json.load(open(sys.argv[2]))
size = run["results"][0]["sizes"][0]
row = [r for r in rows if float(r["c0"]) == float(sys.argv[3])]
assert len(row) == 1, row
row = row[0]
assert int(row["k.sizes[0].critical"]) == size["critical"], (row, size)
assert float(row["k.sizes[0].load"]) == size["load"], (row, size)
assert int(row["k.sizes[0].size"]) == 60
PY
done
# The rule must move N_c across the points, or the test shows nothing.
check "N_c moves with c0" test "$(cut -d, -f8 "$csv" | sed 1d | sort -u | wc -l)" -gt 1

# `engram run` labels each point's lines with its swept value.
"$engram" run "$model" >"$out/run.txt"
check "lines labelled by point" grep -q '^\[c0 = 0.15\] critical k:' "$out/run.txt"
check "three labelled lines" test "$(grep -c '^\[c0 = ' "$out/run.txt")" -eq 3

# The figure of N_c against c0 reads the values the table holds.
"$engram" run "$model" -o "$out/fig" >/dev/null || { echo "run -o failed"; exit 1; }
check "a script for N_c against c0" test -s "$out/fig/sweep.k.sizes_0.critical.gp"
check "its data are the table's" "$py" - "$out/fig/sweep.k.sizes_0.critical.npy" "$csv" <<'PY'
import csv, sys
import numpy as np
a = np.load(sys.argv[1])
rows = sorted(csv.DictReader(open(sys.argv[2], newline="")), key=lambda r: float(r["c0"]))
want = np.array([[float(r["c0"]), float(r["k.sizes[0].critical"])] for r in rows])
assert a.shape == want.shape and np.array_equal(a, want), (a, want)
PY
if command -v gnuplot >/dev/null; then
  "$engram" plot "$out/fig" >/dev/null 2>&1
  check "N_c against c0 rendered" test -s "$out/fig/sweep.k.sizes_0.critical.png"
fi

# Two swept params on a grid: each measure that moves is a heat map over both,
# its cells the values `engram sweep` puts in the table.
sed -e 's/^sweep c0 in .*/sweep c0 in [0, 0.3]\nsweep c2_pre in [0, 0.1, 0.2]/' \
    -e 's/rule = hebbian(c0 = c0, c2_corr = 1)/rule = hebbian(c0 = c0, c2_pre = c2_pre, c2_corr = 1)/' \
    -e 's/^param c0 = 0$/param c0 = 0\nparam c2_pre = 0/' "$model" >"$out/grid.engram"
"$engram" sweep "$out/grid.engram" -o "$out/grid-table" -j 1 --quiet || { echo "grid sweep failed"; exit 1; }
"$engram" run "$out/grid.engram" -o "$out/grid" >/dev/null || { echo "grid run failed"; exit 1; }
check "a heat map of N_c over c0 and c2_pre" "$py" - "$out/grid/sweep.k.sizes_0.critical.npy" "$out/grid-table/results.csv" \
    "$out/grid/sweep.k.sizes_0.critical.gp" <<'PY'
import csv, sys
import numpy as np
a = np.load(sys.argv[1])
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
assert a.shape == (6, 3), a.shape
# Scan order: c0 fastest, then c2_pre.
assert np.array_equal(a[:, 0], [0, 0.3] * 3) and np.array_equal(a[:, 1], [0, 0, 0.1, 0.1, 0.2, 0.2]), a
want = {(float(r["c0"]), float(r["c2_pre"])): float(r["k.sizes[0].critical"]) for r in rows}
for x, y, v in a:
    assert want[(x, y)] == v, (x, y, v, want)
assert "with image" in open(sys.argv[3]).read()
PY

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
