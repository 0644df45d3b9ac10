#!/usr/bin/env bash
# BPTT training steps per second: engram (bench/bench_train.c, eg_train_rnn) against
# PyTorch (bench/train_torch.py, nn.RNN) on repeat copy with s = d = 8, a tanh RNN
# without bias, hidden 128, batch 64, Adam lr 1e-3 with the gradient clipped to 1;
# each horizon runs WARMUP untimed steps then STEPS timed ones. engram runs THREADS
# workers and 1 (BLAS single-threaded in each); PyTorch runs float32 (its default)
# and float64 (engram's precision), each with torch.set_num_threads(THREADS) and with
# 1 thread. Each side is compared at its faster setting, and also both at THREADS.
# The rounds are interleaved and each configuration keeps its best of REPEATS, since
# the machine may be shared. Without PyTorch (Debian: python3-torch) only engram's
# side runs.
# usage: bench/run_train.sh [BUILD_DIR]
#   (env: STEPS=30 WARMUP=5 REPEATS=2 THREADS=2 HORIZONS="10 100" PYTHON=/usr/bin/python3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
driver=$build/bench/bench_train
if [[ ! -x $driver ]]; then
  echo "run_train.sh: $driver not found; build first (cmake --build $build)" >&2
  exit 2
fi
steps=${STEPS:-30}
warmup=${WARMUP:-5}
repeats=${REPEATS:-2}
threads=${THREADS:-2}
read -r -a horizons <<<"${HORIZONS:-10 100}"
python=${PYTHON:-/usr/bin/python3}
have_torch=1
if ! "$python" -c 'import torch' 2>/dev/null; then
  have_torch=0
  echo "run_train.sh: PyTorch is not installed (Debian: apt-get install python3-torch); timing engram alone"
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "steps: $steps after $warmup warm-up, horizons: ${horizons[*]}, threads: $threads, repeats: $repeats"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= repeats; r++)); do
  for t in "$threads" 1; do
    OPENBLAS_NUM_THREADS=1 "$driver" "$steps" "$warmup" 128 64 "$t" "${horizons[@]}" | sed "s/^/engram-$t /" >>"$out"
  done
  if ((have_torch)); then
    for dtype in float32 float64; do
      for t in "$threads" 1; do
        OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t \
          "$python" "$here/train_torch.py" "$steps" "$warmup" 128 64 "$t" "$dtype" "${horizons[@]}" |
          sed "s/^/torch-$dtype-$t /" >>"$out"
      done
    done
  fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$python" - "$out" "$threads" <<'PY'
import re
import sys

best = {}  # (configuration, horizon) -> (steps/s, CPU seconds per step)
for line in open(sys.argv[1]):
    conf = line.split()[0]
    f = dict(re.findall(r"(\w+)=([^ ]+)", line))
    key = (conf, int(f["horizon"]))
    rate, cpu = float(f["steps_per_second"]), float(f["cpu_seconds"]) / int(f["steps"])
    if key not in best or rate > best[key][0]:
        best[key] = (rate, cpu)
threads = sys.argv[2]
confs = sorted({c for c, _ in best}, key=lambda c: (not c.startswith("engram"), c))
for h in sorted({h for _, h in best}):
    print(f"horizon {h}:")
    for c in confs:
        if (c, h) in best:
            rate, cpu = best[(c, h)]
            print(f"  {c:18s} {rate:9.2f} steps/s  {1e3 * cpu:8.2f} ms CPU per step")
    e, ec = max((best[(c, h)][0], c) for c in confs if c.startswith("engram-") and (c, h) in best)
    e_at = best[(f"engram-{threads}", h)][0]
    for dtype in ("float32", "float64"):
        runs = [(best[(c, h)][0], c) for c in confs if c.startswith(f"torch-{dtype}-") and (c, h) in best]
        if runs:
            rate, c = max(runs)
            at = best.get((f"torch-{dtype}-{threads}", h), (None,))[0]
            extra = f"; both at {threads} threads {e_at / at:.2f}" if at else ""
            print(f"  engram/PyTorch {dtype}: {e / rate:.2f} (faster settings: {ec} against {c}; "
                  f"target >= 1){extra}")
PY
