#!/usr/bin/env bash
# Two-parameter continuation (vary2) against closed forms: the fold curve of
# the tanh unit dx/dt = -x + w tanh(x) + u and its cusp at (u, w) = (0, 1);
# the Hopf curve of an excitatory-inhibitory pair (trace J = 0, det J > 0);
# the Bogdanov-Takens point where a pair's fold and Hopf curves meet
# (trace J = det J = 0) and the cusp on its fold curve. Under valgrind only
# the shipped model runs.
set -uo pipefail
. "$(dirname "$0")/lib_continuation.sh" "$@"

# 1. The shipped model: both folds of the S-shaped branch at w = 2 lie on one
# fold curve, w = cosh^2 x, u = x - sinh x cosh x, with its cusp at (0, 1).
"$engram" run "$src/models/dynamics/cusp-continuation.engram" -o "$tmp/cusp" > "$tmp/cusp.out" || bad "cusp run"
check cusp "$tmp/cusp" <<'PY'
import sys, json, numpy as np
d = sys.argv[1]
r = json.load(open(f"{d}/summary.json"))["results"][0]
assert [s["type"] for s in r["special"]] == ["LP", "LP"], r["special"]
assert [c["type"] for c in r["curves"]] == ["LP"], r["curves"]
assert r["curves"][0]["complete"] and r["curves"][0]["end"] == ["range", "range"], r["curves"]
T = np.load(f"{d}/continuation_1.curve.npy")  # curve, u, w, x, |x|, a, w.v
u, w, x = T[:, 1], T[:, 2], T[:, 3]
dev = max(np.abs(w - np.cosh(x) ** 2).max(), np.abs(u - (x - np.sinh(x) * np.cosh(x))).max())
print("largest deviation from the closed form", dev)
assert dev < 1e-8, dev
assert len(T) > 30 and x.min() < -1 and x.max() > 1
cp = r["special2"]
assert [s["type"] for s in cp] == ["CP"], cp
assert abs(cp[0]["param2"] - 1) < 1e-6 and abs(cp[0]["param"]) < 1e-6, cp
# the cusp test a = (1/2) w B(v, v), -w tanh(x) sech^2(x) up to orientation: one sign on each side of x = 0
a = T[:, 5]
assert len(set(np.sign(a[x > 1e-3]))) == 1 and len(set(np.sign(a[x < -1e-3]))) == 1
assert np.sign(a[x > 1e-3][0]) == -np.sign(a[x < -1e-3][0])
PY
grep -q "set label.*'CP'" "$tmp/cusp/continuation_1.two_parameter.gp" && grep -q "#d62728" "$tmp/cusp/continuation_1.two_parameter.gp" \
    && ok || bad "two_parameter figure: the fold curve and the CP label"

case "$engram" in *under-valgrind*) echo "$passed passed, $failed failed (the rest skipped under valgrind)"; [ "$failed" -eq 0 ]; exit ;; esac

# 2. The excitatory-inhibitory pair dx/dt = -x + g W tanh(x) + (u, 0),
# W = [[2, -2], [2, 0]]: its Hopf point at (g, u) = (1, 0) followed in (g, u):
# every point an equilibrium with trace J = 0 and det J = omega^2 > 0, but at
# its ends, Bogdanov-Takens points (det J = 0).
cat > "$tmp/ei.engram" <<'M'
param g = 0.5
param u = 0
network ei { units = 2; state = rate; activation = tanh; weights = [[2 * g, -2 * g], [2 * g, 0]] }
analyze continuation { network = ei; vary = "g"; range = 0.5 .. 3; start = [0, 0]; step = 0.05
  input = step(amplitude = [u, 0]); vary2 = "u"; range2 = -2 .. 2; step2 = 0.02; follow = [H] }
M
"$engram" run "$tmp/ei.engram" -o "$tmp/ei" > /dev/null || bad "E-I run"
check hopf "$tmp/ei" <<'PY'
import sys, json, numpy as np
d = sys.argv[1]
r = json.load(open(f"{d}/summary.json"))["results"][0]
assert [c["type"] for c in r["curves"]] == ["H"], r["curves"]
T = np.load(f"{d}/continuation_1.curve.npy")
X = np.load(f"{d}/continuation_1.curve_states.npy")
g, u, om = T[:, 1], T[:, 2], T[:, 5]
assert len(T) > 20 and np.ptp(u) > 0.5
W = np.array([[2.0, -2], [2, 0]])
ends = r["curves"][0]["end"]
worst = 0
for k in range(len(T)):
    t = np.tanh(X[k])
    f = -X[k] + g[k] * W @ t + np.array([u[k], 0])
    J = -np.eye(2) + g[k] * W * (1 - t ** 2)[None, :]
    assert np.abs(f).max() < 1e-9, (k, f)
    worst = max(worst, abs(np.trace(J)))
    det = np.linalg.det(J)
    if (k == 0 and ends[0] == "BT") or (k == len(T) - 1 and ends[1] == "BT"):
        assert abs(det) < 1e-8 and om[k] < 1e-4, (k, det)  # a Bogdanov-Takens point ends it
    else:
        assert det > 0 and abs(om[k] - np.sqrt(det)) < 1e-7, k
print("largest |trace J| on the Hopf curve", worst)
assert worst < 1e-8
s = r["curves"][0]["start"]
assert abs(g[s] - 1) < 1e-8 and abs(u[s]) < 1e-12 and abs(om[s] - np.sqrt(3)) < 1e-7
PY
grep -q "#2ca02c" "$tmp/ei/continuation_1.two_parameter.gp" && grep -q "dt 2" "$tmp/ei/continuation_1.two_parameter.gp" \
    && ok || bad "two_parameter figure: the Hopf curve green and dashed"

# 3. A pair with a self-exciting unit, W = [[a, -2], [2, 0]], input (u, 0),
# followed in a at u = 0.6: a Hopf point and two folds; the Hopf curve ends
# at the Bogdanov-Takens point on the fold curve, where trace J = -2 + a s0
# and det J = -1 + 4 s0 s1 (s = sech^2 x) vanish together: s0 = 2/a and
# 8 sech^2(2 sqrt(1 - 2/a)) = a. On the fold curve a cusp too.
cat > "$tmp/bt.engram" <<'M'
param a = 2
param u = 0.6
network pair { units = 2; state = rate; activation = tanh; weights = [[a, -2], [2, 0]] }
analyze continuation { network = pair; vary = "a"; range = 2 .. 4; start = [0, 0]; settle = 50; step = 0.02
  max_step = 0.05; input = step(amplitude = [u, 0]); vary2 = "u"; range2 = -1.5 .. 1.5 }
M
"$engram" run "$tmp/bt.engram" -o "$tmp/bt" > /dev/null || bad "BT run"
check bt "$tmp/bt" <<'PY'
import sys, json, numpy as np
from scipy.optimize import brentq
d = sys.argv[1]
r = json.load(open(f"{d}/summary.json"))["results"][0]
types = sorted(c["type"] for c in r["curves"])
assert types == ["H", "LP"], r["curves"]
a = brentq(lambda a: 8 / np.cosh(2 * np.sqrt(1 - 2 / a)) ** 2 - a, 2.01, 8, xtol=1e-14)
x0 = np.arctanh(np.sqrt(1 - 2 / a)); x1 = 2 * np.tanh(x0); u = x0 - a * np.tanh(x0) + 2 * np.tanh(x1)
bt = [s for s in r["special2"] if s["type"] == "BT"]
kinds = {r["curves"][s["curve"]]["type"] for s in bt}
assert kinds == {"H", "LP"}, bt
for s in bt:
    print("BT", s["param"], s["param2"], "closed form", a, u)
    assert abs(s["param"] - a) < 1e-6 and abs(s["param2"] - u) < 1e-6, (s, a, u)
hc = [c for c in r["curves"] if c["type"] == "H"][0]
assert "BT" in hc["end"], hc
# the cusp: a fold where (1/2) w B(v, v) = 0, B from tanh'' exactly
cp = [s for s in r["special2"] if s["type"] == "CP"]
assert len(cp) == 1, r["special2"]
A, x = cp[0]["param"], np.array(cp[0]["state"])
W = np.array([[A, -2.0], [2, 0]]); t = np.tanh(x)
J = -np.eye(2) + W * (1 - t ** 2)[None, :]
ev, V = np.linalg.eig(J); v = np.real(V[:, np.argmin(abs(ev))])
el, U = np.linalg.eig(J.T); w = np.real(U[:, np.argmin(abs(el))])
B = W @ (-2 * t * (1 - t ** 2) * v * v)
assert abs(np.linalg.det(J)) < 1e-8 and abs(w @ B) / (np.linalg.norm(w) * np.linalg.norm(v) ** 2) < 1e-6, (w @ B)
PY
[ "$(grep -c "set label.*'BT'" "$tmp/bt/continuation_1.two_parameter.gp")" = 1 ] && ok || bad "one BT label"

# 3b. The same pair followed only above its Hopf point (a from 4 down to
# 2.5): the first branch has folds and no Hopf point, and the Hopf curve
# comes from the BT point on the fold curve (from_special -1). It starts at
# the BT's closed form and every point on it is a Hopf point of the pair:
# an equilibrium with trace J = 0 and det J = omega^2 > 0 (numpy).
sed 's/^param a = 2$/param a = 4/; s/range = 2 .. 4/range = 2.5 .. 4/; s/step = 0.02/step = -0.02/' "$tmp/bt.engram" > "$tmp/bt2.engram"
"$engram" run "$tmp/bt2.engram" -o "$tmp/bt2" > /dev/null || bad "BT -> Hopf run"
check bt-hopf "$tmp/bt2" <<'PY'
import sys, json, numpy as np
from scipy.optimize import brentq
d = sys.argv[1]
r = json.load(open(f"{d}/summary.json"))["results"][0]
assert not [s for s in r["special"] if s["type"] == "H"], r["special"]
hc = [c for c in r["curves"] if c["type"] == "H"]
assert len(hc) == 1 and hc[0]["from_special"] == -1 and hc[0]["end"][0] == "BT" and hc[0]["points"] > 4, hc
T = np.load(f"{d}/continuation_1.curve.npy"); X = np.load(f"{d}/continuation_1.curve_states.npy")
a = brentq(lambda a: 8 / np.cosh(2 * np.sqrt(1 - 2 / a)) ** 2 - a, 2.01, 8, xtol=1e-14)
x0 = np.arctanh(np.sqrt(1 - 2 / a)); u = x0 - a * np.tanh(x0) + 2 * np.tanh(2 * np.tanh(x0))
first = hc[0]["first"]
assert abs(T[first, 1] - a) < 1e-6 and abs(T[first, 2] - u) < 1e-6, (T[first], a, u)
for k in range(first + 1, first + hc[0]["points"]):
    A, U, x = T[k, 1], T[k, 2], X[k]
    W = np.array([[A, -2.0], [2, 0]])
    f = -x + W @ np.tanh(x) + np.array([U, 0])
    J = -np.eye(2) + W * (1 - np.tanh(x) ** 2)[None, :]
    assert np.max(np.abs(f)) < 1e-8 and abs(np.trace(J)) < 1e-8 and np.linalg.det(J) > 0, (k, f, J)
    assert abs(T[k, 5] - np.sqrt(np.linalg.det(J))) < 1e-8, (T[k, 5], np.linalg.det(J))
PY

# 3c. Twelve units (six E-I pairs, each scaled by its own 1 + 0.3k, so their
# Hopf points lie apart): the bialternate product has order 66, more than
# the unknowns; each pair's Hopf curve in (g, u) is traced and every point
# on it has a pair of eigenvalues on the imaginary axis (numpy).
"$py" - "$tmp/h12.engram" <<'PY'
import sys, numpy as np
W = np.zeros((12, 12))
for k in range(6):
    W[2 * k:2 * k + 2, 2 * k:2 * k + 2] = (1 + 0.3 * k) * np.array([[2, -2], [2, 0]])
rows = ", ".join("[" + ", ".join(f"{v:g} * g" for v in r) + "]" for r in W)
zeros = ", ".join(["0"] * 12)
open(sys.argv[1], "w").write(f"""param g = 0.3
param u = 0
network net {{ units = 12; state = rate; activation = tanh; weights = [{rows}] }}
analyze continuation {{ network = net; vary = "g"; range = 0.3 .. 1.5; start = [{zeros}]; step = 0.05
  input = step(amplitude = [u, {", ".join(["0"] * 11)}]); vary2 = "u"; range2 = -0.5 .. 0.5; follow = H; points2 = 20 }}
""")
PY
"$engram" run "$tmp/h12.engram" -o "$tmp/h12" > /dev/null || bad "twelve units: exit $?"
check h12 "$tmp/h12" <<'PY'
import sys, json, numpy as np
d = sys.argv[1]
r = json.load(open(f"{d}/summary.json"))["results"][0]
assert [c["type"] for c in r["curves"]] == ["H"] * 6, r["curves"]
T = np.load(f"{d}/continuation_1.curve.npy"); X = np.load(f"{d}/continuation_1.curve_states.npy")
W0 = np.zeros((12, 12))
for k in range(6):
    W0[2 * k:2 * k + 2, 2 * k:2 * k + 2] = (1 + 0.3 * k) * np.array([[2, -2], [2, 0]])
for row, x in zip(T, X):
    J = -np.eye(12) + row[1] * W0 * (1 - np.tanh(x) ** 2)[None, :]
    ev = np.linalg.eigvals(J)
    pair = ev[np.argmin(abs(ev.real) + (abs(ev.imag) < 1e-9))]
    assert abs(pair.real) < 1e-7 and abs(abs(pair.imag) - row[5]) < 1e-7, (row, ev)
PY

# 4. follow without any such point on the first branch: no curves, no failure.
cat > "$tmp/none.engram" <<'M'
param w = 0.5
param u = 0
network aut { units = 1; state = rate; weights = [[w]]; activation = tanh }
analyze continuation { network = aut; vary = "w"; range = 0.5 .. 0.9; start = [0]; input = step(amplitude = u)
  vary2 = "u"; range2 = -1 .. 1 }
M
"$engram" run "$tmp/none.engram" --json > "$tmp/none.json" && "$py" -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
assert r["curves"] == [] and r["special2"] == [], r' "$tmp/none.json" && ok || bad "no special points: no curves"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
