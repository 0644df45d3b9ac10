#!/usr/bin/env bash
# Continuation of an N-unit tanh network's equilibrium branch (N = 1000,
# random couplings J_ij ~ N(0, 1/N), a bias of 0.1 per unit) in the gain g of
# tanh(g x), POINTS = 500 points with stability at each (EIGENVALUES = all for
# every eigenvalue by dgeev, or k for the k rightmost by shift-invert Arnoldi;
# unset: 8): `engram run`
# of an `analyze continuation` block, its time split into the LU solves of the
# corrector and tangent (solve_seconds), the eigenvalues (eigen_seconds: the
# LU of J - sigma I at each point, eigen_factor_seconds, and Arnoldi's solves
# with it, eigen_solves) and
# the rest (re-binding and building the network at each param value, f and J,
# output). The peer, bench/continuation_numpy.py, walks the same branch by
# natural-parameter Newton steps (numpy.linalg.solve) with numpy.linalg.eigvals
# at every point, timed inside the process.
# usage: [N=1000] [POINTS=500] [EIGENVALUES=all|k] [PEER=0] bench/run_continuation.sh [BUILD_DIR]
#        (default: build; PEER=0 skips the numpy peer)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
engram=$build/engram
py=/usr/bin/python3
n=${N:-1000}
points=${POINTS:-500}
eigen="; eigenvalues = ${EIGENVALUES:-8}"
if [[ ! -x $engram ]]; then
  echo "run_continuation.sh: $engram not found; build first (cmake --build $build)" >&2
  exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" - "$tmp" "$n" <<'PY'
import sys, numpy as np
d, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(7)
np.save(f"{d}/W.npy", rng.normal(0, 1 / np.sqrt(n), (n, n)))
PY
cat > "$tmp/bench.engram" <<M
param g = 0.2
network net { units = $n; state = rate; weights = load("W.npy"); bias = 0.1; activation = tanh(gain = g) }
analyze continuation { network = net; vary = "g"; range = 0.2 .. 100; start = 0.1; near = 10
                       step = 0.002; max_step = 0.002; points = $points; branches = 1$eigen }
M
t0=$(date +%s%N)
"$engram" run "$tmp/bench.engram" --json > "$tmp/run.json"
t1=$(date +%s%N)
"$py" - "$tmp/run.json" "$t0" "$t1" "$n" <<'PY'
import sys, json
r = json.load(open(sys.argv[1]))["results"][0]
wall = (int(sys.argv[3]) - int(sys.argv[2])) / 1e9
s, e = r["solve_seconds"], r["eigen_seconds"]
print(f"engram: N = {sys.argv[4]}, {r['points']} points, g from {r['branch'][0][1]:.4g} to {r['branch'][-1][1]:.4g}")
print(f"  wall {wall:.2f} s = solves {s:.2f} s + eigenvalues {e:.2f} s + the rest {wall - s - e:.2f} s")
print(f"  special points: {[(x['type'], round(x['param'], 6)) for x in r['special']]}")
print(f"  {r['factorizations']} LU factorisations of the augmented matrix; {r['eigenvalues']} eigenvalues per point, "
      f"the whole spectrum at {r['full_spectra']} of {r['eigen_calls']} eigenvalue computations")
partial = r["eigen_calls"] - r["full_spectra"]
if partial:
    print(f"  eigenvalues: {r['eigen_factor_seconds']:.2f} s factoring J - sigma I + "
          f"{e - r['eigen_factor_seconds']:.2f} s in Arnoldi ({r['eigen_solves']} solves, "
          f"{r['eigen_solves'] / partial:.1f} per partial spectrum) and the whole spectra")
PY
if [[ ${PEER:-1} != 0 ]]; then
  "$py" "$here/continuation_numpy.py" "$tmp/W.npy" "$points"
fi
