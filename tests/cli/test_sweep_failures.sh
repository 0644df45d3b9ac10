#!/usr/bin/env bash
# A point that fails is recorded as failed with its error and the sweep goes
# on; the summary counts the failures and the exit status is 3.
set -euo pipefail
engram=$1
src=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
model=$src/tests/cli/sweep/failing.engram

set +e
"$engram" sweep "$model" -o "$out/f" -j 2 >"$out/f.out" 2>"$out/f.err"
rc=$?
set -e
[ "$rc" -eq 3 ]
grep -q '^sweep: 4 points, 2 failed' "$out/f.out"
csv=$out/f/results.csv
[ "$(wc -l <"$csv")" -eq 5 ]
/usr/bin/python3 - "$out/f" <<'PY'
import csv, json, math, sys
import numpy as np
d = sys.argv[1]
rows = list(csv.DictReader(open(f"{d}/results.csv")))
assert [r["failed"] for r in rows] == ["0", "1", "1", "0"]
assert rows[1]["error"].endswith("failing.engram:8:51: cannot flip 100 bits of a 64-unit episode"), rows[1]["error"]
assert "argument 'count' of 'random' must be a whole number >= 1, not 0" in rows[2]["error"]
assert (rows[1]["B"], rows[1]["P"], rows[1]["r.hamming"]) == ("100", "3", "")
assert rows[0]["r.hamming"] == "0" and rows[3]["r.hamming"] == "0"
man = json.load(open(f"{d}/manifest.json"))
assert man["rows"] == 4 and man["failed"] == 2
a = np.load(f"{d}/results.npy")
h = man["npy_columns"].index("r.hamming")
assert a[0, h] == 0 and math.isnan(a[1, h]) and math.isnan(a[2, h])
PY
# Failed points count as finished: a second run recomputes nothing.
set +e
"$engram" sweep "$model" -o "$out/f" >"$out/again.out"
rc=$?
set -e
[ "$rc" -eq 3 ]
grep -q '2 failed, 4 resumed' "$out/again.out"
