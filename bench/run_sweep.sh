#!/usr/bin/env bash
# engram sweep on more cores: the capacity-style sweep bench/sweep_capacity.engram
# (60 points, D = 1000) with 1 and 2 threads, and, when the build has MPI,
# with 1 and 2 MPI ranks (rank 0 computes too, so 2 ranks are 2 workers).
# Prints wall times, speed-ups and whether every table is byte-identical.
# usage: bench/run_sweep.sh [BUILD_DIR]   (default: build; a Release build with
#        -DENGRAM_MPI=ON measures everything)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
engram=$build/engram
model=$here/sweep_capacity.engram
if [[ ! -x $engram ]]; then
  echo "run_sweep.sh: $engram not found; build first (cmake --build $build)" >&2
  exit 2
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

seconds() { # NAME COMMAND...: runs the command, prints its wall time in seconds
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'
}

t1=$(seconds j1 "$engram" sweep "$model" -o "$out/j1" -j 1 --quiet)
t2=$(seconds j2 "$engram" sweep "$model" -o "$out/j2" -j 2 --quiet)
printf 'threads: -j 1 %.2f s, -j 2 %.2f s, speed-up %.2fx\n' "$t1" "$t2" "$(awk -v a="$t1" -v b="$t2" 'BEGIN { print a / b }')"
cmp -s "$out/j1/results.csv" "$out/j2/results.csv" && cmp -s "$out/j1/results.npy" "$out/j2/results.npy" \
  && echo "tables: -j 1 and -j 2 identical" || { echo "tables differ between -j 1 and -j 2" >&2; exit 1; }

if ldd "$engram" | grep -q libmpi && command -v mpirun >/dev/null; then
  m1=$(seconds m1 mpirun --oversubscribe -np 1 "$engram" sweep "$model" -o "$out/m1" -j 1 --quiet)
  m2=$(seconds m2 mpirun --oversubscribe -np 2 "$engram" sweep "$model" -o "$out/m2" -j 1 --quiet)
  printf 'MPI: 1 rank %.2f s, 2 ranks %.2f s, speed-up %.2fx\n' "$m1" "$m2" "$(awk -v a="$m1" -v b="$m2" 'BEGIN { print a / b }')"
  cmp -s "$out/j1/results.csv" "$out/m2/results.csv" && cmp -s "$out/j1/results.npy" "$out/m2/results.npy" \
    && echo "tables: 2 MPI ranks identical to -j 1" || { echo "tables differ between MPI and threads" >&2; exit 1; }
else
  echo "MPI: not built in (configure with -DENGRAM_MPI=ON)"
fi
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
