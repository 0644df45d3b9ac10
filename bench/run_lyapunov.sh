#!/usr/bin/env bash
# Lyapunov spectrum, K exponents of an H-unit tanh network over T steps (no
# input, no transient): `engram lyapunov --input 0 --transient 0` against the
# same QR loop in numpy (bench/lyapunov_numpy.py), both on one thread,
# alternating, REPEATS times; prints each side's wall and CPU times, the
# median ratios (CPU time is the figure to read on a loaded machine) and both
# largest exponents.
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
ours=() theirs=() ours_cpu=() theirs_cpu=()
for ((r = 0; r < repeats; r++)); do
    read -r t c lmax_numpy < <("$py" "$here/lyapunov_numpy.py" "$work" "$units" "$k" "$steps")
    theirs+=("$t") theirs_cpu+=("$c")
    /usr/bin/time -f '%e %U %S' -o "$work/time" "$build/engram" lyapunov "$work/net.npz" --layout pytorch-rnn \
        --input 0 --transient 0 --steps "$steps" --exponents "$k" --json > "$work/engram.json"
    read -r wall user sys < "$work/time"
    ours+=("$wall") ours_cpu+=("$(echo "$user + $sys" | bc -l)")
done
"$py" - "$work" "${ours[*]}" "${theirs[*]}" "${ours_cpu[*]}" "${theirs_cpu[*]}" "$lmax_numpy" <<'PY'
import json, sys
import numpy as np
d = sys.argv[1]
ours, theirs, ours_cpu, theirs_cpu = ([float(x) for x in a.split()] for a in sys.argv[2:6])
lmax = float(sys.argv[6])
e = json.load(open(f"{d}/engram.json"))["exponents"][0]
for name, o, t in (("wall", ours, theirs), ("CPU", ours_cpu, theirs_cpu)):
    mo, mt = float(np.median(o)), float(np.median(t))
    print(f"{name}: engram (whole process) {' '.join(f'{x:.3f}' for x in o)} s, median {mo:.3f} s; "
          f"numpy (loop only) {' '.join(f'{x:.3f}' for x in t)} s, median {mt:.3f} s; ratio numpy/engram {mt / mo:.2f}x")
print(f"largest exponent engram {e:.6f}, numpy {lmax:.6f} (the trajectories start apart)")
PY
