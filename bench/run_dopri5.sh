#!/usr/bin/env bash
# engram's dopri5 (and rk8pd) against scipy's solve_ivp RK45 at equal accuracy:
# the dense D = 2000 tanh network of bench_dynamics (x' = -x + W tanh(x),
# W_ij ~ N(0, 1.5²/D)) over t = 0 .. SPAN from one random state, at several
# rtols (atol = 10⁻³·rtol). Each run keeps only the final state; its error is
# the largest |x_i(SPAN) − x_ref,i| against GSL's rk8pd at rtol 1e-12 (checked
# against scipy's DOP853 at 1e-12). Each program times its integration alone,
# one process a run; engram and scipy alternate (which goes first flips every
# round), REPS rounds, medians. OpenBLAS runs on 1 thread for both, then on 2
# for both; only equal counts are compared. The ratio at equal error
# interpolates scipy's log time in log error at each engram point inside
# scipy's range of errors.
# usage: bench/run_dopri5.sh [BUILD_DIR]   (default build-rel; env METHODS ("dopri5 rk8pd"),
#        REPS (5), RTOLS ("1e-4 1e-5 1e-6 1e-7 1e-8 1e-9"), SPAN (5), THREADS ("1 2"),
#        KEEP_LOG (a file to keep the raw timings in))
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build-rel}
methods=${METHODS:-"dopri5 rk8pd"}
reps=${REPS:-5}
rtols=${RTOLS:-"1e-4 1e-5 1e-6 1e-7 1e-8 1e-9"}
span=${SPAN:-5}
threads_list=${THREADS:-"1 2"}
driver=$build/bench/bench_dynamics
if [[ ! -x $driver ]]; then
  echo "run_dopri5.sh: $driver not found; build first (cmake --build $build)" >&2
  exit 2
fi
if ! /usr/bin/python3 -c "import scipy" 2>/dev/null; then
  echo "run_dopri5.sh: scipy is not installed for /usr/bin/python3 (Debian: apt-get install python3-scipy)" >&2
  exit 2
fi
py() { /usr/bin/python3 "$here/dynamics_scipy.py" "$@"; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
log=$dir/runs.txt

echo "reference: rk8pd and DOP853 at rtol 1e-12, span $span" >&2
OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 "$driver" "$dir" accuracy rk8pd 1e-12 "$span" >&2
OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 py "$dir" accuracy DOP853 1e-12 "$span" >&2

for threads in $threads_list; do
  export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads
  for ((rep = 0; rep < reps; rep++)); do
    for rtol in $rtols; do
      engram_runs() {
        for m in $methods; do
          echo "threads=$threads $("$driver" "$dir" accuracy "$m" "$rtol" "$span")" >> "$log"
        done
      }
      scipy_run() { echo "threads=$threads $(py "$dir" accuracy RK45 "$rtol" "$span")" >> "$log"; }
      if ((rep % 2 == 0)); then
        engram_runs
        scipy_run
      else
        scipy_run
        engram_runs
      fi
      echo "threads=$threads rep $((rep + 1))/$reps rtol $rtol done" >&2
    done
  done
done

cp "$log" "${KEEP_LOG:-/dev/null}" 2>/dev/null || true
/usr/bin/python3 - "$dir" "$log" $methods <<'PY'
import math
import re
import statistics
import sys

import numpy as np

d, log, methods = sys.argv[1], sys.argv[2], sys.argv[3:]
ref = np.fromfile(f"{d}/final_rk8pd_1e-12.bin", dtype="<f8")
dop = np.fromfile(f"{d}/final_scipy-DOP853_1e-12.bin", dtype="<f8")
print(f"reference: max|x| = {np.max(np.abs(ref)):.3f}; rk8pd vs DOP853 at rtol 1e-12 differ by "
      f"{np.max(np.abs(ref - dop)):.1e}")

runs = {}
for line in open(log):
    f = dict(re.findall(r"(\w+)=(\S+)", line))
    key = (int(f["threads"]), f["method"], f["rtol"])
    runs.setdefault(key, {"seconds": [], "nfev": int(f["nfev"])})["seconds"].append(float(f["seconds"]))

ok = True
for threads in sorted({k[0] for k in runs}):
    curves = {}
    print(f"\nOPENBLAS_NUM_THREADS={threads} (medians of {len(next(iter(runs.values()))['seconds'])} runs)")
    print(f"{'stepper':>14} {'rtol':>7} {'nfev':>6} {'seconds':>9} {'error':>9}")
    for (t, m, rtol), r in sorted(runs.items(), key=lambda kv: (kv[0][1], -float(kv[0][2]))):
        if t != threads:
            continue
        x = np.fromfile(f"{d}/final_{m}_{rtol}.bin", dtype="<f8")
        err = float(np.max(np.abs(x - ref)))
        sec = statistics.median(r["seconds"])
        curves.setdefault(m, []).append((err, sec, rtol, r["nfev"]))
        print(f"{m:>14} {rtol:>7} {r['nfev']:>6} {sec:9.3f} {err:9.2e}")
    sci = sorted(curves["scipy-RK45"])
    le, lt = [math.log(e) for e, _, _, _ in sci], [math.log(s) for _, s, _, _ in sci]
    for method in methods:
        ratios = []
        for err, sec, rtol, _ in sorted(curves[method]):
            if not (le[0] - 1e-9 <= math.log(err) <= le[-1] + 1e-9):  # ends: the same runs' rounding
                print(f"  {method} rtol {rtol}: error {err:.1e} outside scipy's range, not compared")
                continue
            ts = math.exp(float(np.interp(math.log(err), le, lt)))
            ratios.append(ts / sec)
            print(f"  at error {err:.1e} ({method} rtol {rtol}): scipy {ts:.3f} s, {method} {sec:.3f} s, "
                  f"ratio {ts / sec:.2f}x")
        same = {r: s for _, s, r, _ in sci}
        at_rtol = [same[r] / s for _, s, r, _ in curves[method] if r in same]
        if ratios:
            print(f"  threads {threads}, {method}: ratio at equal error median {statistics.median(ratios):.2f}x "
                  f"(range {min(ratios):.2f}-{max(ratios):.2f}); at equal rtol median "
                  f"{statistics.median(at_rtol):.2f}x (target >= 2x at equal error)")
        elif method == methods[0]:
            ok = False
sys.exit(0 if ok else 1)
PY
