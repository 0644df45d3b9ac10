#!/usr/bin/env bash
# A capacity sweep, D = 1000, 16 loads from 0.02 to 0.32, 50 trials each,
# recall from the stored episode with synchronous updates: `engram run
# models/memory/capacity.engram` on 2 threads (the whole command: start,
# parse, run, output) against the plain numpy reference (bench/capacity_numpy.py,
# timed inside the process: interpreter start and imports excluded), and
# engram on 1 thread, whose results must be identical.
# usage: bench/run_capacity.sh [BUILD_DIR]   (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
engram=$build/engram
model=$here/../models/memory/capacity.engram
if [[ ! -x $engram ]]; then
  echo "run_capacity.sh: $engram not found; build first (cmake --build $build)" >&2
  exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/time -v -o "$tmp/t2" "$engram" run "$model" -j 2 --json > "$tmp/j2.json"
/usr/bin/time -v -o "$tmp/t1" "$engram" run "$model" -j 1 --json > "$tmp/j1.json"
py_out=$(/usr/bin/python3 "$here/capacity_numpy.py" 1000 50 1)
echo "$py_out"
if cmp -s "$tmp/j1.json" "$tmp/j2.json"; then same=identical; else same=DIFFERENT; fi
py_s=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$py_out")
/usr/bin/python3 - "$tmp" "$same" "$py_s" <<'PY'
import json, re, sys
tmp, same, py = sys.argv[1], sys.argv[2], float(sys.argv[3])
def measure(path):
    text = open(path).read()
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    parts = [float(p) for p in m.group(1).split(":")]
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): (\S+)", text))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return sum(p * 60 ** k for k, p in enumerate(reversed(parts))), cpu, rss
w2, c2, r2 = measure(f"{tmp}/t2")
w1, c1, r1 = measure(f"{tmp}/t1")
res = json.load(open(f"{tmp}/j2.json"))["results"][0]
for a, e, h in zip(res["loads"], res["exact_fraction"], res["hamming_mean"]):
    print(f"engram: load={a:.2f} exact={e:.2f} hamming={h:.4f}")
print(f"engram -j 2: {w2:.3f} s wall ({c2:.3f} s CPU), peak RSS {r2 / 1024:.1f} MB")
print(f"engram -j 1: {w1:.3f} s wall ({c1:.3f} s CPU); results for 1 and 2 threads: {same}")
print(f"numpy {py:.3f} s; ratio {py / w2:.1f}x (engram -j 2, end to end), {py / w1:.1f}x (engram -j 1)")
PY
[ "$same" = identical ]
