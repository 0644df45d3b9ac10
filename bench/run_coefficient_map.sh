#!/usr/bin/env bash
# The coefficient map at the issue's size: GRID × GRID points over c0 in
# [0, 0.2] and c1_pre in [0, 0.6] (default 20 × 20), each a `scaling` block at
# D = 500, 1000, 2000 with 20 trials a load (models/memory/coefficient-map.engram
# with its sizes, trials and grid replaced), run by `engram sweep -j THREADS
# --plot`. Prints the wall time, the time per point, and how far α_c at
# D = 2000 lies from the signal-to-noise prediction; engram draws the heat
# maps with the prediction's contours (OUT/sweep/sweep.map.alpha_c_largest.png:
# α_c at D = 2000 and the prediction at D = 2000). A smaller GRID measures the
# cost per point: `GRID=4 bench/run_coefficient_map.sh build`.
# usage: [GRID=20] [THREADS=2] [OUT=dir] [REUSE=1] bench/run_coefficient_map.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
engram=$build/engram
[[ -x $engram ]] || { echo "run_coefficient_map.sh: $engram not found; build first" >&2; exit 2; }
grid=${GRID:-20}
threads=${THREADS:-2}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
# Values written in full (repr), so that the grid is evenly spaced to the last
# bit and the heat map is drawn as pixels.
c0s=$(/usr/bin/python3 -c "print(', '.join(repr(0.2 * k / ($grid - 1)) for k in range($grid)))")
c1s=$(/usr/bin/python3 -c "print(', '.join(repr(0.6 * k / ($grid - 1)) for k in range($grid)))")
sed -e "s/^sweep c0 in .*/sweep c0 in [$c0s]/" -e "s/^sweep c1 in .*/sweep c1 in [$c1s]/" \
    -e 's/^  sizes .*/  sizes     = [500, 1000, 2000]/' -e 's/^  loads .*/  loads     = 0.005 .. 0.25 step 0.005/' \
    -e 's/^  probes .*/  probes    = 1/' \
    "$here/../models/memory/coefficient-map.engram" > "$out/map.engram"
# REUSE=1 keeps a finished sweep in OUT: the run then reads every point from
# its journal and only redraws.
[[ -n ${REUSE:-} ]] || rm -rf "$out/sweep"
plot=--plot
command -v gnuplot > /dev/null || plot=
t0=$(date +%s%N)
"$engram" sweep "$out/map.engram" -o "$out/sweep" -j "$threads" --quiet $plot > /dev/null || true
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
echo "$grid x $grid points on $threads threads: $ms ms, $(( ms / (grid * grid) )) ms a point"
/usr/bin/python3 - "$out/sweep/results.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
failed = [r for r in rows if r["failed"] != "0"]
ok = [r for r in rows if r["failed"] == "0"]
print(f"{len(ok)} points, {len(failed)} failed" + (f" (first: {failed[0]['error']})" if failed else ""))
dev = [abs(float(r["map.alpha_c_largest"]) / float(r["map.theory_alpha_c_largest"]) - 1)
       for r in ok if float(r["map.theory_alpha_c_largest"]) > 0]
if dev:
    dev.sort()
    print(f"alpha_c(D = 2000) against the signal-to-noise prediction: median |ratio - 1| = {dev[len(dev) // 2]:.3f}, "
          f"largest {dev[-1]:.3f}")
PY
[[ -z $plot ]] || echo "heat map: $out/sweep/sweep.map.alpha_c_largest.png"
