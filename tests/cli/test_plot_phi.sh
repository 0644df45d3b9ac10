#!/usr/bin/env bash
# Φ as a heat map: a spectrum read in a memory basis (`engram spectrum W --basis
# B -o DIR`, and `analyze spectrum` with a basis) writes the figure <prefix>.phi
# that draws <prefix>.phi.npy with image: every cell is plotted at (column,
# row) with the value of the file, the colour range is ±max|Φ| (centred on 0),
# and Φ itself is the one the matrix was built from (W = ΨΦΨᵀ, Ψ orthonormal).
# Without a basis there is no Φ and no heat map. Skipped (77) without numpy.
# usage: test_plot_phi.sh ENGRAM SOURCE_DIR
set -uo pipefail
engram=$1
src=$2
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import numpy' 2>/dev/null || { echo "numpy not available: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# Φ (5 × 5) with entries of both signs and a peak |Φ| of 2.5, in a random
# orthonormal basis of 12 units.
"$PY" - "$tmp" <<'PY' || { echo "FAIL: could not write the matrices"; exit 1; }
import sys
import numpy as np
d = sys.argv[1]
phi = np.array([[0.0, 1.0, 0.0, 0.0, 0.0],
                [0.0, 0.0, -1.0, 0.0, 0.0],
                [0.0, 0.0, 0.0, 2.5, 0.0],
                [0.0, 0.0, 0.0, 0.0, -0.5],
                [0.75, 0.0, 0.0, 0.0, 0.0]])
rng = np.random.default_rng(7)
psi, _ = np.linalg.qr(rng.standard_normal((12, 5)))
np.save(f"{d}/phi_true.npy", phi)
np.save(f"{d}/B.npy", psi)
np.save(f"{d}/W.npy", psi @ phi @ psi.T)
PY

"$engram" spectrum "$tmp/W.npy" --basis "$tmp/B.npy" -o "$tmp/out" > /dev/null || { echo "FAIL: engram spectrum"; exit 1; }
gp=$tmp/out/spectrum.phi.gp
[ -s "$gp" ] || { echo "FAIL: no Φ figure script"; ls "$tmp/out"; exit 1; }
grep -q "'spectrum.phi.npy' binary skip=[0-9]* array=(5,5) format='%float64' using 1 with image" "$gp" \
    || { echo "FAIL: the script does not draw spectrum.phi.npy as an image"; cat "$gp"; fail=1; }
grep -q "^set yrange \[4.5:-0.5\]" "$gp" || { echo "FAIL: row 0 is not at the top"; fail=1; }

# The Φ engram wrote is the one W was built from, and the colour range is ±max|Φ|.
"$PY" - "$tmp" "$gp" <<'PY' || fail=1
import re, sys
import numpy as np
d, gp = sys.argv[1], sys.argv[2]
phi = np.load(f"{d}/out/spectrum.phi.npy")
true = np.load(f"{d}/phi_true.npy")
if phi.shape != true.shape or np.max(np.abs(phi - true)) > 1e-12:
    sys.exit(f"FAIL: Φ written {phi.tolist()}, built from {true.tolist()}")
m = re.search(r"^set cbrange \[(\S+):(\S+)\]$", open(gp).read(), re.M)
if not m or float(m.group(1)) != -float(m.group(2)) or abs(float(m.group(2)) - np.max(np.abs(phi))) > 1e-12:
    sys.exit("FAIL: the colour range is not ±max|Φ| (centred on 0)")
if "set palette defined (-1 '#2166ac', 0 '#f7f7f7', 1 '#b2182b')" not in open(gp).read():
    sys.exit("FAIL: the palette does not diverge from white at 0")
PY

# No basis, no Φ.
"$engram" spectrum "$tmp/W.npy" -o "$tmp/nobasis" > /dev/null || { echo "FAIL: engram spectrum without a basis"; fail=1; }
[ ! -e "$tmp/nobasis/spectrum.phi.gp" ] || { echo "FAIL: a Φ figure without a basis"; fail=1; }

# A model's analyze spectrum with a basis gets the same figure under its block's name.
cat > "$tmp/model.engram" <<'MODEL'
task rc { kind = repeat_copy; length = 3; width = 2 }
network built { construct = emt(task = rc, hidden = 10, seed = 1) }
analyze spectrum { network = built; basis = constructed }
MODEL
"$engram" run "$tmp/model.engram" -o "$tmp/model" > /dev/null || { echo "FAIL: analyze spectrum run"; fail=1; }
[ -s "$tmp/model/spectrum_1.phi.gp" ] || { echo "FAIL: analyze spectrum wrote no Φ figure"; fail=1; }

if ! command -v gnuplot > /dev/null; then
    echo "gnuplot is not installed: rendering not tested"
    exit $fail
fi
"$engram" plot "$tmp/out" > "$tmp/plot.log" 2>&1 || { echo "FAIL: engram plot"; cat "$tmp/plot.log"; fail=1; }
for ext in svg png; do
    [ -s "$tmp/out/spectrum.phi.$ext" ] || { echo "FAIL: spectrum.phi.$ext not rendered"; fail=1; }
done
grep -q '<svg' "$tmp/out/spectrum.phi.svg" || { echo "FAIL: not an SVG"; fail=1; }
"$engram" plot "$tmp/model" > /dev/null 2>&1 && [ -s "$tmp/model/spectrum_1.phi.png" ] \
    || { echo "FAIL: analyze spectrum's Φ not rendered"; fail=1; }

# Every plotted cell (x = column, y = row) carries the value of the file (the table keeps 6 digits).
(cd "$tmp/out" && gnuplot -e "set table 'table.txt'" spectrum.phi.gp) 2>/dev/null
"$PY" - "$tmp/out" <<'PY' || fail=1
import sys
import numpy as np
d = sys.argv[1]
phi = np.load(f"{d}/spectrum.phi.npy")
cells = [l.split() for l in open(f"{d}/table.txt") if l.strip() and not l.startswith("#")]
seen = set()
for x, y, v, *_ in cells:
    i, j = int(float(y)), int(float(x))
    if abs(float(v) - phi[i, j]) > 1e-5 * max(1.0, abs(phi[i, j])):
        sys.exit(f"FAIL: cell ({i}, {j}) plotted as {v}, Φ has {phi[i, j]}")
    seen.add((i, j))
if len(seen) != phi.size:
    sys.exit(f"FAIL: {len(seen)} cells plotted, Φ has {phi.size}")
PY
[ "$fail" -eq 0 ] && echo "Φ heat map: written, rendered, and its cells are Φ's"
exit $fail
