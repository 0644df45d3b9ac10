#!/usr/bin/env bash
# Fixed points of a 128-unit tanh RNN with biases from 1024 starts (states of
# its pulse-driven trajectory): `engram fixed-points --from` against the same
# algorithm in numpy/scipy (bench/fixed_points_scipy.py: least_squares with the
# analytic Jacobian per start), both on one thread, alternating, REPEATS times;
# prints each side's times, the median ratio, and whether both found the same
# points (within 1e-6).
# usage: bench/run_fixed_points.sh [BUILD_DIR] [REPEATS] [UNITS] [STARTS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
repeats=${2:-5}
units=${3:-128}
starts=${4:-1024}
py=/usr/bin/python3
engram=$build/engram
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
ours=() theirs=()
for ((k = 0; k < repeats; k++)); do
    theirs+=("$("$py" "$here/fixed_points_scipy.py" "$work" "$units" "$starts")")
    t0=$(date +%s.%N)
    "$engram" fixed-points "$work/net.npz" --layout pytorch-rnn --from "$work/starts.npy" --json > "$work/engram.json"
    t1=$(date +%s.%N)
    ours+=("$(echo "$t1 - $t0" | bc -l)")
done
"$py" - "$work" "${ours[*]}" "${theirs[*]}" <<'PY'
import json, sys
import numpy as np
d, ours, theirs = sys.argv[1], [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()]
e = np.array([p["state"] for p in json.load(open(f"{d}/engram.json"))["points"]]).reshape(-1, np.load(f"{d}/scipy_points.npy").shape[1])
s = np.load(f"{d}/scipy_points.npy")
same = len(e) == len(s) and all(np.min(np.max(np.abs(s - p), axis=1)) <= 1e-6 for p in e)
mo, mt = float(np.median(ours)), float(np.median(theirs))
print(f"engram (whole process): {' '.join(f'{x:.3f}' for x in ours)} s, median {mo:.3f} s")
print(f"scipy (search only):    {' '.join(f'{x:.3f}' for x in theirs)} s, median {mt:.3f} s")
print(f"ratio scipy/engram: {mt / mo:.1f}x; points: engram {len(e)}, scipy {len(s)}, same set: {same}")
PY
