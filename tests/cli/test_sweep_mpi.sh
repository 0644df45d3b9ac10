#!/usr/bin/env bash
# Three MPI ranks write the table that threads write, byte for byte. Skipped
# (exit 77) when engram was built without MPI or mpirun is missing.
set -euo pipefail
engram=$1
src=$2
if ! ldd "$engram" | grep libmpi >/dev/null || ! command -v mpirun >/dev/null; then
  echo "engram built without MPI: skipped"
  exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
model=$src/tests/cli/sweep/small.engram

"$engram" sweep "$model" -o "$out/threads" -j 2 --quiet
mpirun --oversubscribe -np 3 "$engram" sweep "$model" -o "$out/mpi" >"$out/mpi.out"
grep -q '^sweep: 24 points, 0 failed' "$out/mpi.out"
for f in results.csv results.npy; do
  cmp "$out/threads/$f" "$out/mpi/$f"
done
grep -q '"mpi_ranks": 3' "$out/mpi/manifest.json"
# Failed points and shards work across ranks too.
set +e
mpirun --oversubscribe -np 3 "$engram" sweep "$src/tests/cli/sweep/failing.engram" -o "$out/fail" --quiet >/dev/null
rc=$?
set -e
[ "$rc" -ne 0 ]
"$engram" sweep "$src/tests/cli/sweep/failing.engram" -o "$out/fail1" -j 1 --quiet >/dev/null || true
cmp "$out/fail/results.csv" "$out/fail1/results.csv"
mpirun --oversubscribe -np 2 "$engram" sweep "$model" -o "$out/s1" --shard 1/2 --quiet
"$engram" sweep "$model" -o "$out/s0" --shard 0/2 --quiet
"$engram" merge "$out/s0" "$out/s1" -o "$out/merged" >/dev/null
cmp "$out/threads/results.csv" "$out/merged/results.csv"
