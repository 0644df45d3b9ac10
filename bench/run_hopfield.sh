#!/usr/bin/env bash
# Seed 001 experiment 2 (D=8000, N=900, 800 flipped bits, synchronous recall),
# end to end: the C driver and `engram run models/seed/hopfield-8000.engram`
# (the whole command: start, parse, episodes, recall, output) against the
# plain numpy reference. REPEATS rounds (default 5), the three alternating so
# a drift of the machine's load hits each alike; medians. The C driver and
# numpy time themselves in-process (numpy's interpreter start and imports
# excluded); `engram run` is timed as a whole process, and its peak RSS taken
# from /usr/bin/time in one more run (a child's own ru_maxrss would count the
# forked interpreter it started as). A recall is one chain of field
# evaluations that engram runs on one thread, so numpy gets THREADS OpenBLAS
# threads (default 1: the comparison at equal threads); THREADS=2 shows what
# numpy's two-thread products make of it.
# usage: bench/run_hopfield.sh [BUILD_DIR] [SEED]   (defaults: build, 1)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
seed=${2:-1}
threads=${THREADS:-1}
driver=$build/bench/bench_hopfield
engram=$build/engram
if [[ ! -x $driver ]]; then
  echo "run_hopfield.sh: $driver not found; build first (cmake --build $build)" >&2
  exit 2
fi
# The model file fixes its own seed (1); -D seed= overrides it.
/usr/bin/python3 - "${REPEATS:-5}" "$seed" "$driver" "$here/hopfield_8000.py" "$engram" \
    "$here/../models/seed/hopfield-8000.engram" "$threads" <<'PY'
import os, re, statistics, subprocess, sys, time
repeats, seed, driver, py, engram, model, threads = sys.argv[1:8]
c_s, py_s, e_wall, e_cpu = [], [], [], []
last = {}
def seconds(out):
    return float(re.search(r"seconds=([0-9.]+)", out).group(1))
for _ in range(int(repeats)):
    out = subprocess.run([driver, "8000", "900", "800", seed, "1"], capture_output=True, text=True, check=True).stdout
    c_s.append(seconds(out)); last["C"] = out.strip().splitlines()[0]
    out = subprocess.run(["/usr/bin/python3", py, "8000", "900", "800", seed], capture_output=True, text=True, check=True,
                         env=dict(os.environ, OPENBLAS_NUM_THREADS=threads, OMP_NUM_THREADS=threads)).stdout
    py_s.append(seconds(out)); last["numpy"] = out.strip().splitlines()[0]
    t = time.perf_counter()
    p = subprocess.Popen([engram, "run", model, "-D", f"seed={seed}"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    e_wall.append(time.perf_counter() - t); e_cpu.append(ru.ru_utime + ru.ru_stime)
    if status != 0:
        sys.exit("run_hopfield.sh: engram run failed")
rss = subprocess.run(["/usr/bin/time", "-f", "%M", engram, "run", model, "-D", f"seed={seed}"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True).stderr
e_rss = int(rss.strip().splitlines()[-1])
med = statistics.median
print(last["C"]); print(last["numpy"])
print(f"medians of {repeats} (numpy on {threads} OpenBLAS thread(s)): C driver {med(c_s) * 1e3:.1f} ms, numpy {med(py_s) * 1e3:.0f} ms, "
      f"engram run end to end {med(e_wall) * 1e3:.1f} ms wall, {med(e_cpu) * 1e3:.1f} ms CPU")
print(f"numpy / C driver {med(py_s) / med(c_s):.0f}x; numpy / engram run (wall) {med(py_s) / med(e_wall):.0f}x; "
      f"engram run peak RSS {e_rss / 1024:.1f} MB")
PY
