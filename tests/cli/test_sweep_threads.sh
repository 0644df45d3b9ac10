#!/usr/bin/env bash
# engram sweep on 1 and 2 threads writes byte-identical tables, again on a
# second run; the shipped sweep model runs; no progress line off a terminal;
# `engram run` walks the same points with the same random streams; -j and
# --help mean the same in every subcommand.
set -euo pipefail
engram=$1
src=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
model=$src/tests/cli/sweep/small.engram

"$engram" sweep "$model" -o "$out/j1" -j 1 >"$out/j1.out" 2>"$out/j1.err"
"$engram" sweep "$model" -o "$out/j2" -j 2 2>"$out/j2.err" >/dev/null
"$engram" sweep "$model" -o "$out/j2b" -j 2 --quiet >"$out/quiet.out" 2>&1
for f in results.csv results.npy; do
  cmp "$out/j1/$f" "$out/j2/$f"
  cmp "$out/j1/$f" "$out/j2b/$f"
done
# stderr is not a terminal here: no progress line; --quiet prints nothing at all.
[ ! -s "$out/j1.err" ] && [ ! -s "$out/j2.err" ] && [ ! -s "$out/quiet.out" ]
grep -q '^sweep: 24 points, 0 failed, 0 resumed' "$out/j1.out"

# 3 zipped pairs x 4 geometric fractions x 2 trials, the last sweep fastest.
csv=$out/j1/results.csv
[ "$(head -1 "$csv")" = "point,failed,error,P,nsteps,f,trial,r.update,r.cue_hamming,r.hamming,r.steps,r.outcome,r.converged,r.energy_initial,r.energy_final,r.class,r.class_episode" ]
[ "$(wc -l <"$csv")" -eq 25 ]
cut -d, -f1,4,5,7 "$csv" | sed -n '2p;3p;10p;25p' | tr '\n' ' ' | grep -qx '0,2,5,1 1,2,5,2 8,8,10,1 23,20,20,2 '

# The .npy holds the numeric columns; the manifest names them and the model's hash.
/usr/bin/python3 - "$out/j1" "$model" <<'PY'
import csv, hashlib, json, math, sys
import numpy as np
d, model = sys.argv[1], sys.argv[2]
man = json.load(open(f"{d}/manifest.json"))
a = np.load(f"{d}/results.npy")
rows = list(csv.DictReader(open(f"{d}/results.csv")))
assert a.shape == (24, len(man["npy_columns"])), a.shape
assert man["npy_columns"] == ["point", "failed", "P", "nsteps", "f", "trial", "r.cue_hamming", "r.hamming",
                              "r.steps", "r.converged", "r.energy_initial", "r.energy_final", "r.class_episode"], man["npy_columns"]
for i, name in enumerate(man["npy_columns"]):
    for r, row in enumerate(rows):
        v = float(row[name]) if row[name] != "" else math.nan  # an empty cell is NaN in the .npy
        assert v == a[r, i] or (math.isnan(v) and math.isnan(a[r, i])), (name, r)
assert man["model"]["sha256"] == hashlib.sha256(open(model, "rb").read()).hexdigest()
assert man["points"] == 24 and man["rows"] == 24 and man["failed"] == 0
assert man["command"][1:3] == ["sweep", model]
assert man["libraries"]["gsl"] and man["libraries"]["openblas"].startswith("OpenBLAS")
assert [s["param"] for s in man["sweeps"]] == ["P", "nsteps", "f", "trial"]
assert [s["dimension"] for s in man["sweeps"]] == [0, 0, 1, 2]
# geomspace(0.01, 0.4, 4): numpy's values to rounding, the ends exact.
f = sorted({float(row["f"]) for row in rows})
assert f[0] == 0.01 and f[-1] == 0.4
assert all(abs(x - y) <= 1e-15 * y for x, y in zip(f, np.geomspace(0.01, 0.4, 4))), f
# Trials of one point differ: each draws its own episodes and cue.
e = {(row["P"], row["f"], row["trial"]): row["r.energy_initial"] for row in rows}
assert e[("20", "0.4", "1")] != e[("20", "0.4", "2")]
PY

# engram run gives the same numbers, point by point.
"$engram" run "$model" --json >"$out/run.json"
/usr/bin/python3 - "$out/run.json" "$csv" <<'PY'
import csv, json, sys
run = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
assert len(run["points"]) == len(rows)
for p, row in zip(run["points"], rows):
    r = p["results"][0]
    assert str(r["hamming"]) == row["r.hamming"] and repr(r["energy_initial"]) == repr(float(row["r.energy_initial"]))
PY

# The shipped sweep model: recall quality over the number of stored episodes.
"$engram" sweep "$src/models/sweep/recall-load.engram" -o "$out/load" --quiet
[ "$(wc -l <"$out/load/results.csv")" -eq 41 ]
# Far below capacity (P = 10) every trial recalls the episode exactly.
awk -F, 'NR > 1 && $4 == 10 && $8 != 0 { exit 1 }' "$out/load/results.csv"

# Usage errors.
set +e
"$engram" sweep "$model" 2>/dev/null; [ $? -eq 2 ] || exit 1
"$engram" sweep "$model" -o "$out/x" -j 4097 2>/dev/null; [ $? -eq 2 ] || exit 1
"$engram" sweep "$model" -o "$out/x" -j -1 2>/dev/null; [ $? -eq 2 ] || exit 1
"$engram" sweep "$model" -o "$out/x" --shard 3/3 2>/dev/null; [ $? -eq 2 ] || exit 1
"$engram" run "$model" -j x 2>/dev/null; [ $? -eq 2 ] || exit 1
# -j means the same for run and sweep: 0 is every core.
set -e
"$engram" sweep "$model" -o "$out/j0" -j 0 --quiet
cmp "$out/j1/results.csv" "$out/j0/results.csv"
"$engram" run "$model" -j 0 --json >/dev/null
# --help on every subcommand prints its usage and exits 0.
for cmd in check run plot sweep merge spectrum help; do
  "$engram" "$cmd" --help >"$out/help.out"
  grep -q "^usage: engram $cmd" "$out/help.out"
done
"$engram" sweep -h | grep -q -- "-j N .*0, the default: all cores"
exit 0
