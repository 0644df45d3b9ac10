#!/usr/bin/env bash
# .npy reading: engram's eg_npy_read against numpy's np.load (made C-ordered
# float64, what engram holds) on the same files, warm in the page cache:
# native float64 (read straight into the array, no conversion), big-endian
# float64 (byte-swapped), float32 (widened) and Fortran order (reordered).
# Best of REPEATS (default 5) alternating runs of each side.
# usage: bench/run_npy.sh [BUILD_DIR] [ROWS COLS]   (defaults: build, 2000 2000: 32 MB)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
rows=${2:-2000}
cols=${3:-2000}
repeats=${REPEATS:-5}
driver=$build/bench/bench_npy
if [[ ! -x $driver ]]; then
  echo "run_npy.sh: $driver not found; build first (cmake --build $build)" >&2
  exit 2
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
/usr/bin/python3 "$here/npy_numpy.py" write "$dir" "$rows" "$cols"
files=("$dir/native_f8.npy" "$dir/swapped_f8.npy" "$dir/f4.npy" "$dir/fortran_f8.npy")
c_out=$("$driver" "$repeats" "${files[@]}")
py_out=$(/usr/bin/python3 "$here/npy_numpy.py" load "$repeats" "${files[@]}")
echo "$c_out" | sed "s#$dir/##"
echo "$py_out" | sed "s#$dir/##"
/usr/bin/python3 - "$c_out" "$py_out" <<'PY'
import re, sys
rate = lambda text: {m[0]: float(m[1]) for m in re.findall(r"(\S+\.npy): \S+ s, (\d+) MB/s", text)}
c, py = rate(sys.argv[1]), rate(sys.argv[2])
for f in c:
    name = f.rsplit("/", 1)[-1]
    print(f"{name}: engram {c[f] / 1e3:.2f} GB/s, numpy {py[f] / 1e3:.2f} GB/s, ratio {c[f] / py[f]:.2f}x")
PY
