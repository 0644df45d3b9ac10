#!/usr/bin/env bash
# Seed 001 experiment 2 (D=8000, N=900, 800 flipped bits, synchronous recall),
# end to end: the C driver and `engram run models/seed/hopfield-8000.engram`
# (the whole command: start, parse, episodes, recall, output) against the
# plain numpy reference, in one go.
# usage: bench/run_hopfield.sh [BUILD_DIR] [SEED]   (defaults: build, 1)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
seed=${2:-1}
driver=$build/bench/bench_hopfield
engram=$build/engram
if [[ ! -x $driver ]]; then
  echo "run_hopfield.sh: $driver not found; build first (cmake --build $build)" >&2
  exit 2
fi
tv=$(mktemp)
ev=$(mktemp)
trap 'rm -f "$tv" "$ev"' EXIT
# One run each, timed inside the process (episodes, W or its factors, cue,
# recall; interpreter start and imports excluded); peak RSS of the whole C
# process from /usr/bin/time -v.
c_out=$(/usr/bin/time -v -o "$tv" "$driver" 8000 900 800 "$seed" 1)
py_out=$(/usr/bin/python3 "$here/hopfield_8000.py" 8000 900 800 "$seed")
# The model file fixes its own seed (1); its figures are the journal's.
e_out=$(/usr/bin/time -v -o "$ev" "$engram" run "$here/../models/seed/hopfield-8000.engram" -D seed="$seed")
echo "$c_out"
echo "$py_out"
echo "engram run: $e_out"
c_s=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$c_out")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$tv")
py_s=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$py_out")
e_wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): \(.*\)/\1/p' "$ev")
e_rss=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$ev")
/usr/bin/python3 - "$c_s" "$py_s" "$rss" "$e_wall" "$e_rss" <<'PY'
import sys
c, py, rss = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
parts = [float(p) for p in sys.argv[4].split(":")]
wall = sum(p * 60 ** k for k, p in enumerate(reversed(parts)))
e_rss = int(sys.argv[5])
print(f"C {c:.4f} s, numpy {py:.4f} s, ratio {py / c:.1f}x, C peak RSS {rss / 1024:.1f} MB")
print(f"engram run end to end {wall:.3f} s, ratio {py / wall:.1f}x over numpy, peak RSS {e_rss / 1024:.1f} MB")
PY
