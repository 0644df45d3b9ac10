#!/usr/bin/env bash
# The Python package's call overhead against the C API, and a large matrix
# passed in without a copy at the boundary:
#  1. the 64-unit seed recall loaded and run in process: Python's
#     engram.load(path).run() against eg_api_load_file + eg_api_run (what
#     `engram run` does in its process, without printing); target within 1.5×;
#  2. 10 000 runs of the loaded model: Python against the C API loop; target
#     within 2×;
#  3. a 4000 × 4000 float64 matrix (C order, then Fortran order) passed as
#     `arrays=` to a 4000-unit rate network: peak RSS growth in matrices (C
#     order: none, the network reads the caller's array in place; Fortran
#     order: one, the network's own row-major copy, as when it reads a file);
#  4. engram.spectrum of an M × M matrix (C order, then Fortran order): peak
#     RSS growth in matrices, the Fortran order one matrix more (its copy);
#  5. episodes (40 000 × 500, ±1) passed to memories { generate = load(...) }:
#     C order read in place (growth 1: the episode set's own values),
#     Fortran order copied first (2);
#  6. a trained RNN's N × N weights (with input and readout weights) passed
#     to a network and evaluated: C order read in place (growth ~0.2, the
#     evaluation's working memory), Fortran order copied (~1.2).
# Needs the package in a venv (scripts/quickstart.sh makes build/python-venv).
# usage: bench/run_python.sh [BUILD_DIR] [N] [M]   (defaults: build, 4000, 1000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
n=${2:-4000}
m=${3:-1000}
py=${ENGRAM_PYTHON:-$build/python-venv/bin/python}
driver=$build/bench/bench_api
model=$here/../models/seed/hopfield-64.engram
[[ -x $driver ]] || { echo "run_python.sh: $driver not found; build first" >&2; exit 2; }
[[ -x $py ]] || { echo "run_python.sh: no $py; run scripts/quickstart.sh demo (or set ENGRAM_PYTHON)" >&2; exit 2; }
c_out=$("$driver" "$model" 1000 10000)
p_out=$("$py" "$here/python_overhead.py" "$model" 1000 10000)
echo "C API:  $c_out"
echo "Python: $p_out"
"$py" - "$c_out" "$p_out" <<'PY'
import re, sys
c, p = ({k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", s)} for s in sys.argv[1:3])
print(f"load+run: Python/C = {p['load_run_us'] / c['load_run_us']:.2f} (target <= 1.5)")
print(f"run loop: Python/C = {p['run_us'] / c['run_us']:.2f} (target <= 2)")
PY
for order in C F; do
    "$py" "$here/python_overhead.py" --big "$n" "$order"
done
for order in C F; do
    "$py" "$here/python_overhead.py" --spectrum "$m" "$order"
done
for order in C F; do
    "$py" "$here/python_overhead.py" --episodes 40000 500 "$order"
done
for order in C F; do
    "$py" "$here/python_overhead.py" --rnn "$n" "$order"
done
