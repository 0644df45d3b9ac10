#!/usr/bin/env bash
# Start-up: what a run pays before and around its work. Median of RUNS
# (default 21) alternating runs of: an empty C program (the process floor),
# the same empty program linked with engram's libraries (the loading floor),
# `engram --version`, a one-unit rate network simulated end to end (printed,
# and written with -o to a memory file system), and seed 001 experiment 2.
# With BASE=path/to/another/engram the same commands run with that binary too,
# alternating, for a before/after ratio.
# usage: bench/run_startup.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
runs=${RUNS:-21}
engram=$build/engram
if [[ ! -x $engram ]]; then
  echo "run_startup.sh: $engram not found; build first (cmake --build $build)" >&2
  exit 2
fi
base=/dev/shm
[[ -d $base && -w $base ]] || base=${TMPDIR:-/tmp}
dir=$(mktemp -d "$base/engram-startup.XXXXXX")
trap 'rm -rf "$dir"' EXIT
printf 'int main(void) { return 0; }\n' >"$dir/empty.c"
cc -O2 "$dir/empty.c" -o "$dir/empty"
# The libraries engram links, kept even though the program calls none of them.
cc -O2 "$dir/empty.c" -o "$dir/empty_libs" -Wl,--no-as-needed -lgsl -llapacke -lopenblas -lz -lm
cat >"$dir/one.engram" <<'MODEL'
network a { units = 1; state = rate; weights = [[0.5]]; activation = tanh }
simulate s { network = a; time = 0 .. 10; record = every(1) }
MODEL
seed2=$here/../models/seed/hopfield-8000.engram
cmds=("empty=$dir/empty" "empty+libraries=$dir/empty_libs"
      "version=$engram --version" "one-unit=$engram run $dir/one.engram"
      "one-unit-o=$engram run $dir/one.engram -o $dir/out" "seed2=$engram run $seed2")
if [[ -n ${BASE:-} ]]; then
  cmds+=("base:version=$BASE --version" "base:one-unit=$BASE run $dir/one.engram"
         "base:one-unit-o=$BASE run $dir/one.engram -o $dir/out-base" "base:seed2=$BASE run $seed2")
fi
/usr/bin/python3 "$here/startup_time.py" "$runs" "${cmds[@]}"
