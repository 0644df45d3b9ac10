#!/usr/bin/env bash
# How many random ±1 memory sets make LISEM step with its published
# parameters (docs/dynamics.md, "LISEM and its drive balance"). Each draw is
# classed by the memories of largest overlap over t = 0..3000, cued with
# memory 0: "steps" when its first 11 visits are 0, 1, 2, 3, 4, 0, 1, 2, 3,
# 4, 0 (two whole cycles); "stalls" when every visit follows its predecessor
# in the cycle but there are fewer than 11 by t = 3000 (the network sat at
# some memory for hundreds of time units); "out of order" otherwise.
# usage: bench/run_lisem_seeds.sh [BUILD_DIR]   (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
engram=$build/engram
if [[ ! -x $engram ]]; then
  echo "run_lisem_seeds.sh: $engram not found; build first (cmake --build $build)" >&2
  exit 2
fi
"$engram" run "$here/lisem_seeds.engram" | awk '
  /memories visited/ {
    line = $0
    sub(/.*memories visited /, "", line)
    sub(/ \(.*/, "", line)
    n = split(line, v, ", ")
    ok = 1
    for (i = 1; i <= n; i++) if (v[i] != (i - 1) % 5) ok = 0
    class = !ok ? "out of order" : (n >= 11 ? "steps" : "stalls")
    count[class]++
    printf "draw %2d: %-12s visits %s\n", draws++, class, line
  }
  END {
    printf "%d draws: %d step, %d stall, %d out of order\n", draws, count["steps"], count["stalls"], count["out of order"]
  }'
