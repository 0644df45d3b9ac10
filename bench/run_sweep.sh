#!/usr/bin/env bash
# engram sweep on more cores: the capacity-style sweep bench/sweep_capacity.engram
# (240 points, D = 2000) with 1 and 2 threads, and, when the build has MPI,
# with 1 and 2 MPI ranks (rank 0 computes too, so 2 ranks are 2 workers).
# Each configuration runs REPS times, interleaved, and the best wall time
# counts (the machine may be shared). Prints wall times, speed-ups and whether
# every table is byte-identical.
# usage: bench/run_sweep.sh [BUILD_DIR] [REPS]   (defaults: build, 2; a Release
#        build with -DENGRAM_MPI=ON measures everything)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
reps=${2:-2}
engram=$build/engram
model=$here/sweep_capacity.engram
if [[ ! -x $engram ]]; then
  echo "run_sweep.sh: $engram not found; build first (cmake --build $build)" >&2
  exit 2
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi=0
if ldd "$engram" | grep libmpi >/dev/null && command -v mpirun >/dev/null; then
  mpi=1
fi

declare -A best
run() { # NAME COMMAND...: runs the command into $out/NAME, keeps the best wall time
  local name=$1; shift
  rm -rf "${out:?}/$name"
  local t0 t1
  t0=$(date +%s.%N)
  "$@" -o "$out/$name" --quiet >/dev/null
  t1=$(date +%s.%N)
  best[$name]=$(awk -v a="$t0" -v b="$t1" -v old="${best[$name]:-}" \
    'BEGIN { t = b - a; if (old != "" && old < t) t = old; print t }')
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
same() { cmp -s "$out/$1/results.csv" "$out/$2/results.csv" && cmp -s "$out/$1/results.npy" "$out/$2/results.npy"; }

for _ in $(seq 1 "$reps"); do
  run j1 "$engram" sweep "$model" -j 1
  run j2 "$engram" sweep "$model" -j 2
  if [ "$mpi" = 1 ]; then
    run m1 mpirun --oversubscribe -np 1 "$engram" sweep "$model" -j 1
    run m2 mpirun --oversubscribe -np 2 "$engram" sweep "$model" -j 1
  fi
done
printf 'threads: -j 1 %.2f s, -j 2 %.2f s, speed-up %sx\n' "${best[j1]}" "${best[j2]}" "$(ratio "${best[j1]}" "${best[j2]}")"
same j1 j2 && echo "tables: -j 1 and -j 2 identical" || { echo "tables differ between -j 1 and -j 2" >&2; exit 1; }
if [ "$mpi" = 1 ]; then
  printf 'MPI: 1 rank %.2f s, 2 ranks %.2f s, speed-up %sx\n' "${best[m1]}" "${best[m2]}" "$(ratio "${best[m1]}" "${best[m2]}")"
  same j1 m2 && echo "tables: 2 MPI ranks identical to -j 1" || { echo "tables differ between MPI and threads" >&2; exit 1; }
else
  echo "MPI: not built in (configure with -DENGRAM_MPI=ON)"
fi
echo "load average after measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
