#!/usr/bin/env bash
# BPTT training steps per second: engram (bench/bench_train.c, eg_train_rnn) against
# PyTorch (bench/train_torch.py, nn.RNN) on repeat copy with s = d = 8, a tanh RNN
# without bias, hidden 128, batch 64, Adam lr 1e-3 with the gradient clipped to 1;
# each horizon runs WARMUP untimed steps then STEPS timed ones. Both sides run in
# float32 and float64, each at THREADS threads and at 1 (engram: its workers, BLAS
# single-threaded in each; PyTorch: torch.set_num_threads). The rounds alternate
# between the configurations, REPEATS times, and each configuration reports its
# median; the ratios compare equal precisions at equal thread counts (1 vs 1 and
# THREADS vs THREADS), by wall-clock steps per second and by CPU time per step (the
# latter steadier on a shared machine). Beside the speed: the batch loss and sign
# accuracy over the last 10 steps of each run, what the network reached (after
# WARMUP + STEPS steps, far from trained; the two sides draw different data).
# Without PyTorch (Debian: python3-torch) only engram's side runs.
# usage: bench/run_train.sh [BUILD_DIR]
#   (env: STEPS=30 WARMUP=5 REPEATS=5 THREADS=2 HORIZONS="10 100" PYTHON=/usr/bin/python3)
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
repeats=${REPEATS:-5}
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
echo "steps: $steps after $warmup warm-up, horizons: ${horizons[*]}, threads: $threads and 1, repeats: $repeats"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= repeats; r++)); do
  for dtype in float32 float64; do
    for t in "$threads" 1; do
      OPENBLAS_NUM_THREADS=1 "$driver" "$steps" "$warmup" 128 64 "$t" "$dtype" "${horizons[@]}" |
        sed "s/^/engram-$dtype-$t /" >>"$out"
      if ((have_torch)); then
        OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t \
          "$python" "$here/train_torch.py" "$steps" "$warmup" 128 64 "$t" "$dtype" "${horizons[@]}" |
          sed "s/^/torch-$dtype-$t /" >>"$out"
      fi
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$python" - "$out" "$threads" <<'PY'
import re
import statistics
import sys

runs = {}  # (configuration, horizon) -> [(steps/s, CPU ms per step, loss, accuracy)]
for line in open(sys.argv[1]):
    conf = line.split()[0]
    f = dict(re.findall(r"(\w+)=([^ ]+)", line))
    runs.setdefault((conf, int(f["horizon"])), []).append(
        (float(f["steps_per_second"]), 1e3 * float(f["cpu_seconds"]) / int(f["steps"]),
         float(f["loss_tail"]), float(f["accuracy_tail"])))
med = {k: [statistics.median(col) for col in zip(*v)] for k, v in runs.items()}
threads = sys.argv[2]
for h in sorted({h for _, h in med}):
    print(f"horizon {h} (medians of {min(len(v) for (c, hh), v in runs.items() if hh == h)} runs):")
    for c in sorted({c for c, hh in med if hh == h}):
        rate, cpu, loss, acc = med[(c, h)]
        print(f"  {c:20s} {rate:8.2f} steps/s  {cpu:7.2f} ms CPU/step  loss {loss:.4f}  accuracy {acc:.4f}")
    for dtype in ("float32", "float64"):
        for t in sorted({threads, "1"}):
            e, p = med.get((f"engram-{dtype}-{t}", h)), med.get((f"torch-{dtype}-{t}", h))
            if e and p:
                print(f"  engram/PyTorch {dtype}, {t} vs {t} threads: {e[0] / p[0]:.2f} by wall clock, "
                      f"{p[1] / e[1]:.2f} by CPU time (target >= 2 for float32)")
PY
