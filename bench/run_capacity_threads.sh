#!/usr/bin/env bash
# A capacity sweep on 1 and 2 threads: D units (default 4000), 20 loads N/D
# from 0.01 to 0.20, TRIALS fresh sets of episodes per load (default 20),
# recall from the stored episode, synchronous updates. REPS rounds (default 5)
# of `engram run -j 1` and `-j 2` alternating; medians of wall and CPU time
# (user + system, every thread), the speed-up of 2 threads over one, and
# whether every run's JSON is the same.
# usage: bench/run_capacity_threads.sh [BUILD_DIR] [D] [TRIALS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
d=${2:-4000}
trials=${3:-20}
engram=$build/engram
if [[ ! -x $engram ]]; then
  echo "run_capacity_threads.sh: $engram not found; build first (cmake --build $build)" >&2
  exit 2
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat >"$dir/capacity.engram" <<MODEL
memories M { generate = random(count = 10, size = $d); seed = 1 }
network hop { rule = hebb; store = M }
capacity hebbian { network = hop; loads = 0.01 .. 0.20 step 0.01; trials = $trials; cue = flip(0.0) }
MODEL
/usr/bin/python3 - "${REPS:-5}" "$engram" "$dir" <<'PY'
import os, statistics, subprocess, sys, time
reps, engram, dir = int(sys.argv[1]), sys.argv[2], sys.argv[3]
res = {1: [], 2: []}
outputs = set()
for _ in range(reps):
    for j in (1, 2):
        t = time.perf_counter()
        p = subprocess.Popen([engram, "run", f"{dir}/capacity.engram", "-j", str(j), "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        out = p.stdout.read()
        _, status, ru = os.wait4(p.pid, 0)
        if status != 0:
            sys.exit("run_capacity_threads.sh: engram run failed")
        res[j].append((time.perf_counter() - t, ru.ru_utime + ru.ru_stime))
        outputs.add(out)
med = lambda j, k: statistics.median(r[k] for r in res[j])
for j in (1, 2):
    print(f"-j {j}: wall {med(j, 0):.3f} s, CPU {med(j, 1):.3f} s (medians of {reps})")
print(f"2 threads over 1: {med(1, 0) / med(2, 0):.2f}x wall; CPU ratio (2/1) {med(2, 1) / med(1, 1):.2f}; "
      f"results {'identical' if len(outputs) == 1 else 'DIFFERENT'}; load average {os.getloadavg()[0]:.1f}")
PY
