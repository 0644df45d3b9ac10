#!/usr/bin/env bash
# Lyapunov spectrum, K exponents of an H-unit tanh network over T steps (no
# input, no transient): `engram lyapunov --input 0 --transient 0` against the
# same QR loop in numpy (bench/lyapunov_numpy.py), both on one thread,
# alternating, REPEATS times; prints each side's times, the median ratio and
# both largest exponents.
# usage: bench/run_lyapunov.sh [BUILD_DIR] [REPEATS] [UNITS] [EXPONENTS] [STEPS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
repeats=${2:-5}
units=${3:-256}
k=${4:-64}
steps=${5:-10000}
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
ours=() theirs=()
for ((r = 0; r < repeats; r++)); do
    read -r t lmax_numpy < <("$py" "$here/lyapunov_numpy.py" "$work" "$units" "$k" "$steps")
    theirs+=("$t")
    t0=$(date +%s.%N)
    "$build/engram" lyapunov "$work/net.npz" --layout pytorch-rnn --input 0 --transient 0 --steps "$steps" \
        --exponents "$k" --json > "$work/engram.json"
    t1=$(date +%s.%N)
    ours+=("$(echo "$t1 - $t0" | bc -l)")
done
"$py" - "$work" "${ours[*]}" "${theirs[*]}" "$lmax_numpy" <<'PY'
import json, sys
import numpy as np
d, ours, theirs, lmax = sys.argv[1], [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()], float(sys.argv[4])
e = json.load(open(f"{d}/engram.json"))["exponents"][0]
mo, mt = float(np.median(ours)), float(np.median(theirs))
print(f"engram (whole process): {' '.join(f'{x:.3f}' for x in ours)} s, median {mo:.3f} s")
print(f"numpy (loop only):      {' '.join(f'{x:.3f}' for x in theirs)} s, median {mt:.3f} s")
print(f"ratio numpy/engram: {mt / mo:.2f}x; largest exponent engram {e:.6f}, numpy {lmax:.6f}")
PY
