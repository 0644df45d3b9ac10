#!/usr/bin/env bash
# Continuous-time Lyapunov spectrum, K exponents of an N-unit tanh rate
# network x' = -x + 2 W tanh(x) over T time units (re-orthonormalised every
# 1, no transient, rtol 1e-8, atol 1e-10): `analyze lyapunov` (rk8pd) against
# the same QR method in numpy/scipy (bench/lyapunov_flow_scipy.py, DOP853),
# both on one thread; prints each side's wall and CPU seconds, their ratio,
# and both largest exponents (equal while the chaotic trajectories stay
# together, apart after).
# usage: bench/run_lyapunov_flow.sh [BUILD_DIR] [UNITS] [EXPONENTS] [TIME]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
units=${2:-64}
k=${3:-16}
T=${4:-100}
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
read -r wall cpu first rest < <("$py" "$here/lyapunov_flow_scipy.py" "$work" "$units" "$k" "$T")
cat >"$work/m.engram" <<MODEL
network n { state = rate; activation = tanh; weights = load("W.npy") }
analyze lyapunov { network = n; exponents = $k; time = $T; transient = 0; init = $(cat "$work/x0.txt") }
MODEL
/usr/bin/time -f '%e %U %S' -o "$work/time" "$build/engram" run "$work/m.engram" --json >"$work/e.json"
read -r ewall user sys <"$work/time"
"$py" - "$work" "$ewall" "$(echo "$user + $sys" | bc -l)" "$wall" "$cpu" "$first" <<'PY'
import json, sys
d, ew, ec, nw, nc, first = sys.argv[1], *map(float, sys.argv[2:6]), float(sys.argv[6])
e = json.load(open(f"{d}/e.json"))["results"][0]["exponents"][0]
print(f"wall: engram {ew:.3f} s, numpy/scipy {nw:.3f} s, ratio {nw / ew:.1f}x")
print(f"CPU: engram {ec:.3f} s (whole process), numpy/scipy {nc:.3f} s (loop only), ratio {nc / ec:.1f}x")
print(f"largest exponent engram {e[0]:.6f}, numpy/scipy {first:.6f}")
PY
