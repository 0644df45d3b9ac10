#!/usr/bin/env bash
# A capacity sweep, D = 1000, 16 loads from 0.02 to 0.32, 50 trials each,
# recall from the stored episode with synchronous updates: `engram run
# models/memory/capacity.engram` on 2 threads (the whole command: start,
# parse, run, output) against the plain numpy reference (bench/capacity_numpy.py,
# timed inside the process: interpreter start and imports excluded), and
# engram on 1 thread, whose results must be identical.
# usage: [REPS=5] bench/run_capacity.sh [BUILD_DIR]   (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
engram=$build/engram
model=$here/../models/memory/capacity.engram
if [[ ! -x $engram ]]; then
  echo "run_capacity.sh: $engram not found; build first (cmake --build $build)" >&2
  exit 2
fi
reps=${REPS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Best wall time of $reps runs per thread count (the machine may be shared),
# timed in nanoseconds; every run's results must be the same. One more run
# under /usr/bin/time gives the peak memory.
best() { # THREADS: prints the best wall time in seconds
    local b=
    for ((k = 0; k < reps; k++)); do
        local t0 t1
        t0=$(date +%s%N)
        "$engram" run "$model" -j "$1" --json > "$tmp/run.json"
        t1=$(date +%s%N)
        cmp -s "$tmp/run.json" "$tmp/j$1.json" 2>/dev/null || cp "$tmp/run.json" "$tmp/j$1.json.$k"
        [ -e "$tmp/j$1.json" ] || mv "$tmp/j$1.json.$k" "$tmp/j$1.json"
        local t=$((t1 - t0))
        if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
    done
    if ls "$tmp"/j"$1".json.* > /dev/null 2>&1; then
        echo "run_capacity.sh: repeated runs with -j $1 gave different results" >&2
        exit 1
    fi
    awk -v ns="$b" 'BEGIN { printf "%.4f\n", ns / 1e9 }'
}
w2=$(best 2)
w1=$(best 1)
/usr/bin/time -v -o "$tmp/t2" "$engram" run "$model" -j 2 --json > /dev/null
py_out=$(/usr/bin/python3 "$here/capacity_numpy.py" 1000 50 1)
echo "$py_out"
if cmp -s "$tmp/j1.json" "$tmp/j2.json"; then same=identical; else same=DIFFERENT; fi
py_s=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$py_out")
/usr/bin/python3 - "$tmp" "$same" "$py_s" "$w2" "$w1" "$reps" <<'PY'
import json, re, sys
tmp, same, py = sys.argv[1], sys.argv[2], float(sys.argv[3])
w2, w1, reps = float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
text = open(f"{tmp}/t2").read()
c2 = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): (\S+)", text))
r2 = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
res = json.load(open(f"{tmp}/j2.json"))["results"][0]
for a, e, h in zip(res["loads"], res["exact_fraction"], res["hamming_mean"]):
    print(f"engram: load={a:.2f} exact={e:.2f} hamming={h:.4f}")
print(f"engram -j 2: {w2:.3f} s wall (best of {reps}; {c2:.3f} s CPU in one run), peak RSS {r2 / 1024:.1f} MB")
print(f"engram -j 1: {w1:.3f} s wall (best of {reps}); results for 1 and 2 threads: {same}")
print(f"numpy {py:.3f} s; ratio {py / w2:.1f}x (engram -j 2, end to end), {py / w1:.1f}x (engram -j 1)")
PY
[ "$same" = identical ]
