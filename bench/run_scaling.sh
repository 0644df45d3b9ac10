#!/usr/bin/env bash
# Scaling of seed experiment 2 in D: D = 1000 … 64 000 units, N = 0.11 D random
# episodes, a cue with 0.1 D flipped bits, synchronous recall. Per D: the C
# driver's in-process time (episodes, storage, cue, recall; best of REPEATS,
# default 3) and `engram run` end to end on the same model (median wall time
# of REPEATS runs; peak RSS from /usr/bin/time). Then the exponents p of
# t ∝ D^p and RSS ∝ D^p, fitted by least squares in log–log over every size
# and over the upper half; and of the recall's time per step (one field
# evaluation a step: the kernels' own growth, without the step count's). `engram run` gets -j THREADS (default 0: every
# core; a single recall of N·D ≥ 2^24 bits splits its field kernels over
# them); the C driver runs on one thread.
# usage: [THREADS=j] bench/run_scaling.sh [BUILD_DIR] [D...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
shift || true
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 2000 4000 8000 16000 32000 64000)
driver=$build/bench/bench_hopfield
engram=$build/engram
if [[ ! -x $driver || ! -x $engram ]]; then
  echo "run_scaling.sh: $driver or $engram not found; build first (cmake --build $build)" >&2
  exit 2
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for d in "${sizes[@]}"; do
  n=$((d * 11 / 100))
  flips=$((d / 10))
  cat >"$dir/d$d.engram" <<MODEL
memories M { generate = random(count = $n, size = $d); seed = 1 }
network hop { units = $d; rule = hebb; store = M }
recall r1 { network = hop; cue = flip(M[0], bits = $flips, seed = 7); update = synchronous; report = [hamming, steps] }
MODEL
done
/usr/bin/python3 - "${REPEATS:-3}" "$driver" "$engram" "$dir" "${THREADS:-0}" "${sizes[@]}" <<'PY'
import math, os, re, statistics, subprocess, sys, time
repeats, driver, engram, dir, threads = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
sizes = [int(a) for a in sys.argv[6:]]
rows = []
print(f"{'D':>6} {'N':>5} {'steps':>5} {'in-process s':>12} {'recall/step s':>13} {'end to end s':>12} "
      f"{'peak RSS MB':>11} {'episode bits/s':>14}")
for d in sizes:
    n, flips = d * 11 // 100, d // 10
    out = subprocess.run([driver, str(d), str(n), str(flips), "1", str(repeats)],
                         capture_output=True, text=True, check=True).stdout
    t_in = float(re.search(r" seconds=([0-9.]+)", out).group(1))
    steps = int(re.search(r"steps=([0-9]+)", out).group(1))
    per_step = float(re.search(r"recall_seconds=([0-9.]+)", out).group(1)) / max(steps, 1)
    model = os.path.join(dir, f"d{d}.engram")
    walls = []
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run([engram, "run", model, "-j", threads], stdout=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - t)
    rss = subprocess.run(["/usr/bin/time", "-f", "%M", engram, "run", model, "-j", threads], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=True).stderr
    rss_mb = int(rss.strip().splitlines()[-1]) / 1024
    wall = statistics.median(walls)
    rows.append((d, t_in, wall, rss_mb, per_step))
    print(f"{d:6d} {n:5d} {steps:5d} {t_in:12.4f} {per_step:13.6f} {wall:12.4f} {rss_mb:11.1f} {n * d / t_in:14.3g}",
          flush=True)

def slope(pts):
    xs = [math.log(p[0]) for p in pts]; ys = [math.log(p[1]) for p in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
if len(rows) >= 2:
    upper = rows[len(rows) // 2:] if len(rows) >= 4 else rows
    for name, k in (("in-process time", 1), ("end-to-end time", 2), ("peak RSS", 3), ("recall time per step", 4)):
        print(f"exponent of {name}: {slope([(r[0], r[k]) for r in rows]):.2f} over every D, "
              f"{slope([(r[0], r[k]) for r in upper]):.2f} over D >= {upper[0][0]}")
PY
