#!/usr/bin/env bash
# The eigenvalue figure shows multiplicity: eigenvalues that coincide are one
# group with its count (numpy's eigenvalues of the same matrix, rounded,
# counted with np.unique, are the oracle), drawn with a size and a count
# label; with `compare = theory(...)` the theory's eigenvalues are a second
# set on the same figure.
set -uo pipefail
engram=$1
src=$2
py=/usr/bin/python3
[ -x "$py" ] || { echo "no $py: skipped"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pass=0
fail=0
check() { # name, then a command that succeeds when the check holds
  local name=$1
  shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}

# Three 4-cycles (each eigenvalue of the 4th roots of unity three times), a
# rotation by 60 degrees with its copy (e^{±iπ/3} twice) and 0.5 once.
"$py" - "$out/w.npy" <<'PY'
import sys
import numpy as np
P = np.roll(np.eye(4), 1, axis=1)
c, s = np.cos(np.pi / 3), np.sin(np.pi / 3)
R = np.array([[c, -s], [s, c]])
blocks = [P, P, P, R, R, np.array([[0.5]])]
n = sum(b.shape[0] for b in blocks)
W = np.zeros((n, n)); k = 0
for b in blocks:
    W[k:k + b.shape[0], k:k + b.shape[0]] = b; k += b.shape[0]
rng = np.random.default_rng(1)
Q = np.linalg.qr(rng.standard_normal((n, n)))[0]
np.save(sys.argv[1], Q @ W @ Q.T)   # an orthogonal change of basis hides the blocks
PY
"$engram" spectrum "$out/w.npy" -o "$out/sp" --json >"$out/sp.json" || { echo "spectrum failed"; exit 1; }
check "groups and counts as numpy's" "$py" - "$out/sp.json" "$out/w.npy" <<'PY'
import json, sys
import numpy as np
r = json.load(open(sys.argv[1]))["results"][0]
ev = np.linalg.eigvals(np.load(sys.argv[2]))
keys, counts = np.unique(np.round(ev.real, 6) + 1j * np.round(ev.imag, 6), return_counts=True)
want = sorted((round(k.real, 6), round(k.imag, 6), int(c)) for k, c in zip(keys, counts))
g = np.load(sys.argv[1].replace("sp.json", "sp/spectrum.eigenvalue_groups.npy"))
got = sorted((round(a, 6) + 0.0, round(b, 6) + 0.0, int(c)) for a, b, c in g)
want = [(a + 0.0, b + 0.0, c) for a, b, c in want]
assert got == want, (got, want)
assert r["distinct_eigenvalues"] == len(want) == 7 and r["largest_multiplicity"] == 3, r
PY
gp=$out/sp/spectrum.eigenvalues.gp
check "sizes grow with the count" grep -q "eigenvalue_groups.npy' .*using 1:2:(1\*sqrt(\$3)) with points pt 7 ps variable" "$gp"
check "counts written beside multiple ones" grep -q "with labels" "$gp"

# The theory's eigenvalues beside W's when a spectrum is compared with it.
"$engram" run "$src/models/emt/repeat-copy-spectrum.engram" -o "$out/rc" --json >"$out/rc.json" || { echo "run failed"; exit 1; }
check "theory eigenvalues reported and drawn" "$py" - "$out/rc.json" "$out/rc" <<'PY'
import json, sys
import numpy as np
r = [x for x in json.load(open(sys.argv[1]))["results"] if x["block"] == "spectrum_1"][0]
th = np.load(sys.argv[2] + "/spectrum_1.theory_eigenvalues.npy")
g = np.load(sys.argv[2] + "/spectrum_1.theory_eigenvalue_groups.npy")
# Repeat copy of 8 steps: the theory's Φ has the 8th roots of unity, 8 times each.
assert th.shape == (64, 2) and g.shape == (8, 3) and (g[:, 2] == 8).all(), (th.shape, g)
z = np.sort(np.angle(g[:, 0] + 1j * g[:, 1]))
assert np.allclose(z, np.sort(np.angle(np.exp(2j * np.pi * np.arange(8) / 8))), atol=1e-9), z
assert np.allclose(np.hypot(g[:, 0], g[:, 1]), 1, atol=1e-9)
script = open(sys.argv[2] + "/spectrum_1.eigenvalues.gp").read()
assert "theory_eigenvalue_groups.npy" in script and "'theory'" in script
PY
if command -v gnuplot >/dev/null; then
  "$engram" plot "$out/sp" >/dev/null 2>&1
  check "eigenvalues rendered" test -s "$out/sp/spectrum.eigenvalues.png"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
