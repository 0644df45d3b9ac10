#!/usr/bin/env bash
# Eigenvalues in engram against numpy on the same matrices and the same LAPACK:
# (a) dense symmetric D=4000, (b) general D=2000, both eigenvalues only, and
# (c) the Hebbian spectrum of N=400 patterns of length D=8000 through the Gram
# matrix against engram's own dense solve of W = ΞᵀΞ/D. Both sides run with the
# same number of BLAS threads (THREADS, default 2); (a) and (b) report the best
# of REPEATS runs on each side (default 1), (c) runs once.
# usage: bench/run_spectrum.sh [BUILD_DIR] [SEED] [D_SYM D_GEN D_HEBB N_HEBB]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
seed=${2:-1}
dsym=${3:-4000}
dgen=${4:-2000}
dheb=${5:-8000}
nheb=${6:-400}
driver=$build/bench/bench_spectrum
if [[ ! -x $driver ]]; then
  echo "run_spectrum.sh: $driver not found; build first (cmake --build $build)" >&2
  exit 2
fi
threads=${THREADS:-2}
repeats=${REPEATS:-1}
export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
c_out=$("$driver" "$dir" "$dsym" "$dgen" "$dheb" "$nheb" "$seed" "$repeats")
py_out=$(/usr/bin/python3 "$here/spectrum_numpy.py" "$dir" "$repeats")
echo "threads: $threads, repeats: $repeats"
echo "$c_out"
echo "$py_out"
/usr/bin/python3 - "$c_out" "$py_out" <<'PY'
import re
import sys

def field(text, line, key):
    for l in text.splitlines():
        if l.split()[1] == line:
            m = re.search(key + r"=([0-9.eE+-]+)", l)
            return float(m.group(1)) if m else None
    return None

c, py = sys.argv[1], sys.argv[2]
for name, what in (("sym", "(a) symmetric, eigenvalues only"), ("gen", "(b) general, eigenvalues only")):
    tc, tp = field(c, name, "seconds"), field(py, name, "seconds")
    if tc is not None and tp is not None:
        print(f"{what}: engram {tc:.3f} s, numpy {tp:.3f} s, engram/numpy {tc / tp:.3f} (target <= 1.1), "
              f"agree to 1e-9: {'yes' if field(py, name, 'agree') else 'NO'}")
g = field(c, "hebbian", "gram_seconds")
if g is not None:
    form, solve = field(c, "hebbian", "dense_form_seconds"), field(c, "hebbian", "dense_solve_seconds")
    print(f"(c) Hebbian: Gram {g:.4f} s, dense {form + solve:.3f} s (form W {form:.3f} + solve {solve:.3f}), "
          f"speed-up {(form + solve) / g:.0f}x ({solve / g:.0f}x over the solve alone; target >= 50), "
          f"agree to 1e-9: {'yes' if field(c, 'hebbian', 'agree') else 'NO'}")
PY
