#!/bin/bash
# test_spectrum_numpy.sh: `engram spectrum` against numpy.linalg.eigvals on random
# matrices (symmetric 50×50, general 60×60, float32 in Fortran order): the
# eigenvalues written to spectrum.eigenvalues.npy (columns re, im) must equal
# numpy's as multisets to 1e-9 relative to the spectral radius.
# Skipped (77) when numpy is not available.
# Usage: test_spectrum_numpy.sh ENGRAM SOURCE_DIR
set -u
E=$1
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import numpy' 2>/dev/null || {
    echo "numpy not available: skipped"
    exit 77
}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failures=0

"$PY" - "$T" <<'PY' || { echo "FAIL: could not write the matrices" >&2; exit 1; }
import sys
import numpy as np
d = sys.argv[1]
rng = np.random.default_rng(20261125)
a = rng.standard_normal((50, 50))
np.save(f"{d}/sym50.npy", (a + a.T) / 2)
np.save(f"{d}/gen60.npy", rng.standard_normal((60, 60)))
np.save(f"{d}/gen40_f4_fortran.npy", np.asfortranarray(rng.standard_normal((40, 40)).astype(np.float32)))
PY

for m in sym50 gen60 gen40_f4_fortran; do
    if ! "$E" spectrum "$T/$m.npy" -o "$T/$m" >"$T/$m.out" 2>"$T/$m.err"; then
        echo "FAIL: spectrum $m.npy exited non-zero: $(cat "$T/$m.err")" >&2
        failures=$((failures + 1))
        continue
    fi
    # Greedy nearest matching: numpy's eigenvalues taken in turn, each paired
    # with the closest engram eigenvalue not yet used.
    "$PY" - "$T/$m.npy" "$T/$m/spectrum.eigenvalues.npy" <<'PY' || failures=$((failures + 1))
import sys
import numpy as np
name = sys.argv[1].rsplit("/", 1)[-1]
a = np.load(sys.argv[1]).astype(np.float64)
got = np.load(sys.argv[2])
if got.shape != (a.shape[0], 2):
    print(f"FAIL: {name}: eigenvalues have shape {got.shape}, expected ({a.shape[0]}, 2)", file=sys.stderr)
    sys.exit(1)
mine = got[:, 0] + 1j * got[:, 1]
ref = np.linalg.eigvals(a)
scale = max(1.0, np.abs(ref).max())
free = np.ones(len(mine), dtype=bool)
worst = 0.0
for z in ref:
    dist = np.where(free, np.abs(mine - z), np.inf)
    k = int(np.argmin(dist))
    free[k] = False
    worst = max(worst, dist[k] / scale)
if worst > 1e-9:
    print(f"FAIL: {name}: eigenvalues differ from numpy's by {worst:.3g} (relative)", file=sys.stderr)
    sys.exit(1)
if name.startswith("sym") and np.abs(got[:, 1]).max() != 0.0:
    print(f"FAIL: {name}: a symmetric matrix has complex eigenvalues", file=sys.stderr)
    sys.exit(1)
PY
done

[ "$failures" -eq 0 ] || {
    echo "$failures failure(s)" >&2
    exit 1
}
echo "spectrum agrees with numpy.linalg.eigvals on 3 random matrices"
