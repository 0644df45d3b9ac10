#!/usr/bin/env bash
# The phase plane's numbers against closed forms: for a linear two-unit
# network its one fixed point is (I - W)^-1 b with the class the eigenvalues
# of (W - I)/tau give, and every nullcline segment lies on its line; for the
# decision circuit the saddle is the root of x = sigmoid(4 (0.2 x)) on the
# diagonal and the two stable nodes mirror each other. The figure draws the
# nullclines as curves, the flow as arrows, trajectories and the fixed points.
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

"$engram" run "$src/tests/cli/phase-linear.engram" --json >"$out/lin.json" || { echo "linear run failed"; exit 1; }
check "linear: fixed point, class, nullclines" "$py" - "$out/lin.json" <<'PY'
import json, sys
import numpy as np
r = json.load(open(sys.argv[1]))["results"][0]
W = np.array([[0.2, 1.0], [1.0, 0.2]]); b = np.array([0.3, -0.1]); tau = 2.0
x = np.linalg.solve(np.eye(2) - W, b)
fps = r["fixed_points"]
assert len(fps) == 1, fps
assert np.allclose(fps[0]["state"], x, atol=1e-9), (fps, x)
ev = np.sort(np.linalg.eigvals((W - np.eye(2)) / tau).real)
assert np.allclose(np.sort(fps[0]["eig_re"]), ev, atol=1e-6), (fps, ev)
assert fps[0]["class"] == "saddle" and r["saddles"] == 1 and r["stable"] == 0
assert np.allclose(r["fixed_saddle"], [x], atol=1e-9)
# f_k(x, y) = ((W - I) x + b)_k: both ends of each segment on the line f_k = 0.
A = W - np.eye(2)
for k, key in enumerate(["nullcline_x_curve", "nullcline_y_curve"]):
    seg = np.array(r[key])
    assert len(seg) >= 10, (key, len(seg))
    for ends in (seg[:, 0:2], seg[:, 2:4]):
        assert np.abs(ends @ A[k] + b[k]).max() < 1e-12, key
    # The segments join into the line across the box: they span it.
    assert seg[:, [0, 2]].max() - seg[:, [0, 2]].min() > 1 or seg[:, [1, 3]].max() - seg[:, [1, 3]].min() > 1
# Trajectories start at the box's corners and edge midpoints, NaN rows between them.
t = np.array(r["trajectories"], dtype=float)
assert np.isnan(t[:, 0]).sum() == 8, np.isnan(t[:, 0]).sum()
assert np.allclose(t[0], [-2, -2])
PY

"$engram" run "$src/models/dynamics/decision.engram" -o "$out/dec" --json >"$out/dec.json" || { echo "decision run failed"; exit 1; }
check "decision: saddle and stable nodes" "$py" - "$out/dec.json" <<'PY'
import json, sys
import numpy as np
from scipy.optimize import brentq
res = json.load(open(sys.argv[1]))["results"]
r = [x for x in res if x["kind"] == "phase_plane"][0]
sig = lambda u: 1 / (1 + np.exp(-4 * (u - 0.5)))
# On the diagonal x = y: x = sig(0.2 x + 0.5).
s = brentq(lambda x: sig(0.2 * x + 0.5) - x, 0.3, 0.9)
# Off it: x = sig(1.2 x - y + 0.5), y = sig(1.2 y - x + 0.5), a node near (1, 0).
from scipy.optimize import fsolve
node = fsolve(lambda v: [sig(1.2 * v[0] - v[1] + 0.5) - v[0], sig(1.2 * v[1] - v[0] + 0.5) - v[1]], [1, 0], xtol=1e-14)
got = {fp["class"]: [] for fp in r["fixed_points"]}
for fp in r["fixed_points"]:
    got[fp["class"]].append(fp["state"])
assert r["saddles"] == 1 and r["stable"] == 2 and r["unstable"] == 0, r
assert np.allclose(got["saddle"][0], [s, s], atol=1e-8), (got, s)
stable = sorted(got["stable node"], key=lambda p: -p[0])
assert np.allclose(stable[0], node, atol=1e-8) and np.allclose(stable[1], node[::-1], atol=1e-8), (stable, node)
PY
gp=$out/dec/phase_plane_1.phase.gp
check "nullclines drawn as curves" grep -q "nullcline_x_curve.npy' .* with vectors nohead" "$gp"
check "arrows with filled heads" grep -q "with vectors head filled" "$gp"
check "stable filled, saddle ringed and crossed" grep -q "fixed_stable.npy' .* pt 7 .*'stable'" "$gp"
check "saddle marker" grep -q "fixed_saddle.npy' .* pt 2 " "$gp"
check "trajectories drawn" grep -q "trajectories.npy' .* with lines" "$gp"
if command -v gnuplot >/dev/null; then
  "$engram" plot "$out/dec" >/dev/null 2>&1
  check "phase plane rendered" test -s "$out/dec/phase_plane_1.phase.png"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
