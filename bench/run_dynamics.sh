#!/usr/bin/env bash
# Rate networks and DSEM on GSL against scipy/numpy, in one go:
#  1. D = 10 tanh network, t = 0..100, rkf45/rkck vs solve_ivp RK45 (rtol 1e-6, atol 1e-9);
#  2. D = 2000: one right-hand side vs one cblas_dgemv (the memory-bandwidth floor),
#     and numpy's right-hand side; the same with single-precision weights (cblas_sgemv)
#     against that dgemv, and how far float weights move the right-hand side and a
#     short trajectory;
#  3. DSEM, N_f = 100, RK4 with h = 0.01 over t = 0..40 vs a plain numpy RK4 loop.
# Each program times the integration (or the right-hand side) only; both run
# OpenBLAS on one thread. The C driver writes the models it integrated to a
# scratch directory and the reference integrates those.
# usage: bench/run_dynamics.sh [BUILD_DIR] [METHOD]   (defaults: build, rkf45; or rkck)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
method=${2:-rkf45}
driver=$build/bench/bench_dynamics
if [[ ! -x $driver ]]; then
  echo "run_dynamics.sh: $driver not found; build first (cmake --build $build)" >&2
  exit 2
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
c_out=$("$driver" "$dir" 1.5 "$method")
py_out=$(/usr/bin/python3 "$here/dynamics_scipy.py" "$dir")
echo "$c_out"
echo "$py_out"
/usr/bin/python3 - "$c_out" "$py_out" <<'PY'
import re
import sys

c, py = sys.argv[1], sys.argv[2]


def field(text, section, key):
    line = next(l for l in text.splitlines() if l.startswith(section + ":"))
    return float(re.search(rf"{re.escape(key)}=([-+0-9.eE]+)", line).group(1))


ok = True
c1, p1 = field(c, "small", "seconds"), field(py, "small", "seconds")
d1 = field(py, "small", "max|x_scipy - x_engram|")
ok &= d1 < 1e-4
print(f"1. small D=10: engram {c1 * 1e3:.3f} ms, scipy {p1 * 1e3:.3f} ms, ratio {p1 / c1:.1f}x (target >= 50x); "
      f"final states differ by {d1:.1e} ({'ok' if d1 < 1e-4 else 'FAIL'}: < 1e-4)")
r2, g2, p2 = field(c, "dense", "rhs_seconds"), field(c, "dense", "dgemv_seconds"), field(py, "dense", "rhs_seconds")
print(f"2. dense D=2000: engram rhs {r2 * 1e3:.3f} ms, dgemv {g2 * 1e3:.3f} ms, rhs/dgemv {r2 / g2:.2f} "
      f"(target <= 1.2); numpy rhs {p2 * 1e3:.3f} ms, {p2 / r2:.2f}x engram's")
s2 = field(c, "dense_single", "rhs_seconds")
fd2, fm2 = field(c, "dense_single", "max|f_single-f_double|"), field(c, "dense_single", "max|f|")
xd2, xm2 = field(c, "dense_single", "max|x_single(2)-x_double(2)|"), field(c, "dense_single", "max|x(2)|")
print(f"2b. dense D=2000, precision = single: rhs {s2 * 1e3:.3f} ms, rhs/dgemv {s2 / g2:.2f} (target <= 0.6); "
      f"|f_single - f_double| <= {fd2:.1e} (|f| <= {fm2:.1f}), after t = 2 (rkf45) "
      f"|x_single - x_double| <= {xd2:.1e} (|x| <= {xm2:.1f})")
c3, p3 = field(c, "dsem", "seconds"), field(py, "dsem", "seconds")
e3 = field(c, "dsem", "rhs_evals")
d3 = field(py, "dsem", "max|m_numpy - m_engram|")
ok &= d3 < 1e-6
print(f"3. DSEM N_f=100: engram {c3 * 1e3:.2f} ms ({e3:.0f} rhs evaluations), numpy {p3 * 1e3:.1f} ms "
      f"(16000), ratio {p3 / c3:.1f}x (target >= 20x), per evaluation {(p3 / 16000) / (c3 / e3):.1f}x; "
      f"final overlaps differ by {d3:.1e} ({'ok' if d3 < 1e-6 else 'FAIL'}: < 1e-6)")
sys.exit(0 if ok else 1)
PY
