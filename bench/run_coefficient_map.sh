#!/usr/bin/env bash
# The coefficient map at the issue's size: GRID × GRID points over c0 in
# [0, 0.2] and c1_pre in [0, 0.6] (default 20 × 20), each a `scaling` block at
# D = 500, 1000, 2000 with 20 trials a load (models/memory/coefficient-map.engram
# with its sizes, trials and grid replaced), run by `engram sweep -j THREADS`.
# Prints the wall time, the time per point, and the table's extremes; with
# gnuplot, draws the heat map of alpha_c at D = 2000 with the signal-to-noise
# prediction's contours over it (map.png in OUT). A smaller GRID measures the
# cost per point: `GRID=3 bench/run_coefficient_map.sh build`.
# usage: [GRID=20] [THREADS=2] [OUT=dir] bench/run_coefficient_map.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
engram=$build/engram
[[ -x $engram ]] || { echo "run_coefficient_map.sh: $engram not found; build first" >&2; exit 2; }
grid=${GRID:-20}
threads=${THREADS:-2}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
c0s=$(/usr/bin/python3 -c "print(', '.join(f'{0.2 * k / ($grid - 1):.4f}' for k in range($grid)))")
c1s=$(/usr/bin/python3 -c "print(', '.join(f'{0.6 * k / ($grid - 1):.4f}' for k in range($grid)))")
sed -e "s/^sweep c0 in .*/sweep c0 in [$c0s]/" -e "s/^sweep c1 in .*/sweep c1 in [$c1s]/" \
    -e 's/^  sizes .*/  sizes     = [500, 1000, 2000]/' -e 's/^  loads .*/  loads     = 0.005 .. 0.25 step 0.005/' \
    -e 's/^  probes .*/  probes    = 1/' \
    "$here/../models/memory/coefficient-map.engram" > "$out/map.engram"
if [[ -z ${REUSE:-} ]]; then # REUSE=1 redraws the figure from a finished sweep in OUT
    rm -rf "$out/sweep"
    t0=$(date +%s%N)
    "$engram" sweep "$out/map.engram" -o "$out/sweep" -j "$threads" --quiet || true
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    echo "$grid x $grid points on $threads threads: $ms ms, $(( ms / (grid * grid) )) ms a point"
fi
/usr/bin/python3 - "$out/sweep/results.csv" "$out/table.dat" "$out/theory.dat" <<'PY'
import csv, sys
import numpy as np
rows = list(csv.DictReader(open(sys.argv[1])))
failed = [r for r in rows if r["failed"] != "0"]
ok = [r for r in rows if r["failed"] == "0"]
print(f"{len(ok)} points, {len(failed)} failed" + (f" (first: {failed[0]['error']})" if failed else ""))
with open(sys.argv[2], "w") as f:
    for r in ok:
        f.write(f"{r['c0']} {r['c1']} {r['map.alpha_c_largest']} {r['map.theory_alpha_c_largest']} "
                f"{r['map.alpha_c_inf']} {r['map.alpha_c_inf_lo']} {r['map.alpha_c_inf_hi']}\n")
dev = [abs(float(r["map.alpha_c_largest"]) / float(r["map.theory_alpha_c_largest"]) - 1)
       for r in ok if float(r["map.theory_alpha_c_largest"]) > 0]
# The prediction at D = 2000 on a fine grid, for its contours: the positive
# root of c0^2 D a^2 + (1 + c1^2) a = 0.1379 (1 - c1)^2 (docs/science.md).
with open(sys.argv[3], "w") as f:
    for c0 in np.linspace(0, 0.2, 81):
        for c1 in np.linspace(0, 0.6, 81):
            A, B, R = c0 * c0 * 2000, 1 + c1 * c1, 0.13790556649493174 * (1 - c1) ** 2
            f.write(f"{c1} {c0} {2 * R / (B + np.sqrt(B * B + 4 * A * R))}\n")
        f.write("\n")
if dev:
    dev.sort()
    print(f"alpha_c(D = 2000) against the signal-to-noise prediction: median |ratio - 1| = {dev[len(dev) // 2]:.3f}, "
          f"largest {dev[-1]:.3f}")
PY
if command -v gnuplot > /dev/null; then
    gnuplot <<GP
set terminal pngcairo size 900,700
set output '$out/map.png'
set title 'alpha_c at D = 2000 (colour) and the signal-to-noise prediction (contours)' noenhanced
set xlabel 'c1_pre' noenhanced
set ylabel 'c0' noenhanced
set cblabel 'alpha_c' noenhanced
set view map
set contour base
set cntrparam levels incremental 0.02, 0.02, 0.12
unset surface
set table '$out/contours.dat'
splot '$out/theory.dat' using 1:2:3 with lines
unset table
unset contour
set surface
set xrange [-0.6/($grid-1)/2:0.6+0.6/($grid-1)/2]
set yrange [-0.2/($grid-1)/2:0.2+0.2/($grid-1)/2]
plot '$out/table.dat' using 2:1:3 with image title '', \
     '$out/contours.dat' using 1:2 with lines lc rgb 'white' lw 1.5 title 'theory at D = 2000: 0.02, 0.04, ... 0.12'
GP
    echo "heat map: $out/map.png"
fi
