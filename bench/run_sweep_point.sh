#!/usr/bin/env bash
# Time per point of `engram sweep` when a point's run is cheap: a generated
# model of EXTRA unrelated definitions (memories and networks a model keeps
# around) plus one tiny Hopfield recall whose load P is swept over POINTS
# values, on one thread. What is left per point is mostly the work of making
# the point's model (binding the swept param, checking, compiling), so this
# measures that step. Best of REPS runs.
# usage: bench/run_sweep_point.sh [BUILD_DIR] [POINTS] [EXTRA] [REPS]
#        (defaults: build, 2000, 200, 3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
points=${2:-2000}
extra=${3:-200}
reps=${4:-3}
engram=$build/engram
if [[ ! -x $engram ]]; then
  echo "run_sweep_point.sh: $engram not found; build first (cmake --build $build)" >&2
  exit 2
fi
# The journal syncs every row to disk; on tmpfs that costs nothing, so the
# figure is the point's own work.
work=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$work"' EXIT
model=$work/point.engram
{
  echo "param P = 2"
  echo "param trial = 0"
  for ((i = 0; i < extra; i++)); do
    echo "memories D$i { generate = random(count = 3, size = 16) }"
    echo "network n$i { units = 16; state = bipolar; rule = hebb; store = D$i }"
  done
  echo "memories M { generate = random(count = P, size = 16) }"
  echo "network hop { units = 16; state = bipolar; rule = hebb; store = M }"
  echo "recall r { network = hop; cue = flip(M[0], fraction = 0.1); steps = 5; report = [hamming(M[0])] }"
  echo "sweep P in 1 .. 4"
  echo "sweep trial in 1 .. $((points / 4))"
} >"$model"
best=
for ((r = 0; r < reps; r++)); do
  rm -rf "$work/out"
  start=$(date +%s.%N)
  "$engram" sweep "$model" -o "$work/out" -j 1 --quiet
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc -l)
  if [[ -z $best ]] || (($(echo "$t < $best" | bc -l))); then best=$t; fi
done
n=$(($(wc -l <"$work/out/results.csv") - 1))
printf 'sweep_point: %d points, %d extra blocks, 1 thread: %.3f s wall (best of %d), %.1f us per point\n' \
  "$n" "$((2 * extra))" "$best" "$reps" "$(echo "$best * 1000000 / $n" | bc -l)"
