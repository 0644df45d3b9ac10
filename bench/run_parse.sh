#!/usr/bin/env bash
# Parse + check throughput of the model language front end on a generated
# model of about 64 MB (memories, network and recall blocks with comments,
# lists, calls and arithmetic), best of 3 runs, wall and CPU time; and the
# first run alone, which also pays for mapping the memory of the tree and the
# model (later runs reuse it).
# usage: bench/run_parse.sh [BUILD_DIR] [MEGABYTES] [REPEATS]   (defaults: build, 64, 3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
megabytes=${2:-64}
repeats=${3:-3}
driver=$build/bench/bench_parse
if [[ ! -x $driver ]]; then
  echo "run_parse.sh: $driver not found; build first (cmake --build $build)" >&2
  exit 2
fi
grep -q 'CMAKE_BUILD_TYPE:STRING=Debug' "$build/CMakeCache.txt" 2>/dev/null &&
  echo "run_parse.sh: $build is a Debug build; numbers will be low" >&2
"$driver" "$megabytes" "$repeats"
