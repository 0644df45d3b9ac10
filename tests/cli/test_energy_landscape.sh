#!/usr/bin/env bash
# Energy landscapes against closed forms. One tanh unit in voltage form:
# E(x) = -w r^2/2 - b r + r atanh(r) + ln(1 - r^2)/2 with r = tanh(x), fixed
# points the roots of -x + w tanh(x) + b. Two sigmoid units in rate form:
# E(r) = -r'Wr/2 - (b + I)'r + sum_i [theta r_i + (r_i ln r_i + (1 - r_i) ln(1 - r_i))/g],
# minima at the stable fixed points, the saddle on the diagonal.
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
model=$src/models/dynamics/energy-landscapes.engram
"$engram" run "$model" -o "$out/e" --json >"$out/e.json" || { echo "run failed"; exit 1; }

check "one unit: E(x) and its fixed points" "$py" - "$out/e.json" "$out/e" <<'PY'
import json, sys
import numpy as np
from scipy.optimize import brentq
r = json.load(open(sys.argv[1]))["results"][0]
w, b = 2.0, 0.1
E = np.load(sys.argv[2] + "/energy_landscape_1.energy.npy")
assert E.shape == (401, 2)
x = E[:, 0]
t = np.tanh(x)
want = -0.5 * w * t ** 2 - b * t + t * np.arctanh(t) + 0.5 * np.log1p(-t ** 2)
assert np.abs(E[:, 1] - want).max() < 1e-12, np.abs(E[:, 1] - want).max()
f = lambda x: -x + w * np.tanh(x) + b
roots = sorted(brentq(f, a, c) for a, c in ((-3, -1), (-1, 0.5), (0.5, 3)))
fps = sorted(r["fixed_points"], key=lambda p: p["state"][0])
assert [p["class"] for p in fps] == ["stable node", "unstable node", "stable node"], fps
for p, x0 in zip(fps, roots):
    assert abs(p["state"][0] - x0) < 1e-9, (p, x0)
    t0 = np.tanh(x0)
    assert abs(p["energy"] - (-0.5 * w * t0 ** 2 - b * t0 + t0 * np.arctanh(t0) + 0.5 * np.log1p(-t0 ** 2))) < 1e-12
# The ball's picture: the valleys are the grid's lowest points on each side of the hill.
left, right = E[x < roots[1]], E[x > roots[1]]
assert abs(left[np.argmin(left[:, 1]), 0] - roots[0]) < 0.02 and abs(right[np.argmin(right[:, 1]), 0] - roots[2]) < 0.02
assert r["stable"] == 2 and r["unstable"] == 1
PY

check "two units: E(r) and the minima" "$py" - "$out/e.json" "$out/e" <<'PY'
import json, sys
import numpy as np
r = json.load(open(sys.argv[1]))["results"][1]
W = np.array([[1.2, -1.0], [-1.0, 1.2]]); I = 0.5; g, th = 4.0, 0.5
E = np.load(sys.argv[2] + "/energy_landscape_2.energy.npy")
assert E.shape == (121 * 121, 3)
def energy(p):
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ent = np.where((p > 0) & (p < 1), p * np.log(p) + (1 - p) * np.log(1 - p), 0.0)
    return -0.5 * p @ W @ p - I * p.sum() + (th * p + ent / g).sum()
inner = (E[:, 0] > 0) & (E[:, 0] < 1) & (E[:, 1] > 0) & (E[:, 1] < 1)
want = np.array([energy(row[:2]) for row in E[inner]])
assert np.abs(E[inner, 2] - want).max() < 1e-12, np.abs(E[inner, 2] - want).max()
fps = r["fixed_points"]
stable = [p for p in fps if p["class"].startswith("stable")]
saddle = [p for p in fps if p["class"] == "saddle"]
assert len(stable) == 2 and len(saddle) == 1, fps
s = saddle[0]["state"]
assert abs(s[0] - s[1]) < 1e-9
for p in stable:   # a minimum: every neighbour 0.01 away is higher
    e0 = energy(p["state"])
    assert abs(p["energy"] - e0) < 1e-12
    for d in ((0.01, 0), (-0.01, 0), (0, 0.01), (0, -0.01)):
        assert energy(np.add(p["state"], d)) > e0
assert min(p["energy"] for p in stable) < saddle[0]["energy"]
assert r["energy_min"] <= min(p["energy"] for p in stable) + 1e-3
c = np.load(sys.argv[2] + "/energy_landscape_2.contours.npy")
assert c.shape[1] == 4 and len(c) > 100
PY
gp=$out/e/energy_landscape_2.landscape.gp
check "the map is drawn with contours and the fixed points" grep -q "energy.npy' .*using 1:2:3 with image" "$gp"
check "contours drawn" grep -q "contours.npy' .*vectors nohead" "$gp"
check "saddle marked" grep -q "fixed_saddle.npy' .* pt 2 " "$gp"

# A network without an energy is refused with the reason.
cat >"$out/asym.engram" <<'M'
network n { units = 2; state = rate; activation = tanh; weights = [[0, 1], [-1, 0]] }
analyze energy_landscape { network = n; x = -1 .. 1; y = -1 .. 1 }
M
"$engram" run "$out/asym.engram" >/dev/null 2>"$out/asym.err"
check "asymmetric weights refused" grep -q "not symmetric" "$out/asym.err"
cat >"$out/two.engram" <<'M'
network n { units = 2; state = rate; activation = tanh; weights = [[0, 1], [1, 0]] }
analyze energy_landscape { network = n; x = -1 .. 1 }
M
"$engram" check "$out/two.engram" >/dev/null 2>"$out/two.err"
check "two units need y" grep -q "give the interval of unit 1" "$out/two.err"
if command -v gnuplot >/dev/null; then
  "$engram" plot "$out/e" >/dev/null 2>&1
  check "landscapes rendered" test -s "$out/e/energy_landscape_1.landscape.png" -a -s "$out/e/energy_landscape_2.landscape.png"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
