#!/usr/bin/env bash
# Seed 001 experiment 2 (D=8000, N=900, 800 flipped bits, synchronous recall),
# end to end: the C driver against the plain numpy reference, in one go.
# usage: bench/run_hopfield.sh [BUILD_DIR] [SEED]   (defaults: build, 1)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
seed=${2:-1}
driver=$build/bench/bench_hopfield
if [[ ! -x $driver ]]; then
  echo "run_hopfield.sh: $driver not found; build first (cmake --build $build)" >&2
  exit 2
fi
tv=$(mktemp)
trap 'rm -f "$tv"' EXIT
# One run each, timed inside the process (episodes, W or its factors, cue,
# recall; interpreter start and imports excluded); peak RSS of the whole C
# process from /usr/bin/time -v.
c_out=$(/usr/bin/time -v -o "$tv" "$driver" 8000 900 800 "$seed" 1)
py_out=$(/usr/bin/python3 "$here/hopfield_8000.py" 8000 900 800 "$seed")
echo "$c_out"
echo "$py_out"
c_s=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$c_out")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$tv")
py_s=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$py_out")
/usr/bin/python3 - "$c_s" "$py_s" "$rss" <<'PY'
import sys
c, py, rss = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
print(f"C {c:.4f} s, numpy {py:.4f} s, ratio {py / c:.1f}x, C peak RSS {rss / 1024:.1f} MB")
PY
