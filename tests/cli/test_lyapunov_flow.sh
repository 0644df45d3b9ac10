#!/bin/bash
# test_lyapunov_flow.sh: `analyze lyapunov` on continuous-time rate networks
# (exponents per unit time, by the variational equation) against oracles
# that are not engram: a linear network dx/dt = -x + W x, whose exponents
# are the real parts of the eigenvalues of -I + W (numpy); a two-unit E-I
# network on a stable limit cycle, whose exponents are 0 (the flow along the
# orbit) and the mean of trace J over one period (scipy finds the period and
# integrates the trace); the sum rule, all exponents summing to the time
# average of trace J (scipy, along the same trajectory); random tanh
# networks x' = -x + g W tanh(x), W ~ N(0, 1/N), with a negative largest
# exponent at g = 0.5 and a positive one at g = 2 (Sompolinsky, Crisanti &
# Sommers 1988); and a numpy/scipy implementation of the same QR method on a
# 20-unit chaotic network, to 1e-3.
# Usage: test_lyapunov_flow.sh ENGRAM SOURCE_DIR
set -u
E=$1
PY=/usr/bin/python3
"$PY" -c 'import numpy, scipy' 2>/dev/null || { echo "numpy/scipy missing: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$PY" - "$T" <<'PYEOF'
import sys
import numpy as np
d = sys.argv[1]
rng = np.random.default_rng(7)
np.save(f"{d}/lin.npy", rng.normal(0, 0.4, (4, 4)))
np.save(f"{d}/sym.npy", (lambda a: (a + a.T) / 2)(rng.normal(0, 0.4, (3, 3))))
np.save(f"{d}/w40_05.npy", 0.5 * np.random.default_rng(0).normal(0, 1 / np.sqrt(40), (40, 40)))
np.save(f"{d}/w100_2.npy", 2 * np.random.default_rng(0).normal(0, 1 / np.sqrt(100), (100, 100)))
np.save(f"{d}/w20_2.npy", 2 * rng.normal(0, 1 / np.sqrt(20), (20, 20)))
x20 = rng.normal(0, 1, 20)
np.save(f"{d}/x20.npy", x20)
open(f"{d}/x20.txt", "w").write("[" + ", ".join(repr(v) for v in x20) + "]")
PYEOF
failures=0
passed=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
# run NAME MODEL-TEXT: runs the model (written to $T/NAME.engram), its JSON to $T/NAME.json.
run() {
    printf '%s\n' "$2" >"$T/$1.engram"
    "$E" run "$T/$1.engram" --json >"$T/$1.json" 2>"$T/$1.err" || fail "$1: exit $? ($(cat "$T/$1.err"))"
}
# check NAME PYTHON: adds a check of r, the first result of NAME's JSON, and
# ex, its exponents; every check runs in one Python at the end.
checks=""
check() {
    checks+="
def check_$1(r, ex):
$(printf '%s\n' "$2" | sed 's/^/    /')
checks.append('$1')
"
}

# Linear: exponents = Re eig(-I + W), sorted; a symmetric W to 1e-7, a
# non-normal one (complex pairs converge as 1/T) to 5e-3.
run sym 'network n { state = rate; activation = linear; weights = load("sym.npy") }
analyze lyapunov { network = n; time = 100; transient = 20; init = [0.1, 0.2, 0.3] }'
check sym '
want = np.sort(np.linalg.eigvalsh(np.load(f"{d}/sym.npy") - np.eye(3)))[::-1]
assert np.allclose(ex, want, atol=1e-7), (ex, want)'
run lin 'network n { state = rate; activation = linear; weights = load("lin.npy") }
analyze lyapunov { network = n; time = 400; transient = 50; reortho = 0.5 }'
check lin '
want = np.sort(np.linalg.eigvals(np.load(f"{d}/lin.npy") - np.eye(4)).real)[::-1]
assert np.allclose(ex, want, atol=5e-3), (ex, want)
assert abs(r["sum"] - want.sum()) < 1e-6 and abs(r["trace_mean"] - want.sum()) < 1e-9, r["sum"]
h = np.array(r["history"]); assert h.shape == (100, 5) and h[-1, 0] == 400 and np.allclose(h[-1, 1:], ex)'

# The E-I limit cycle: W = [[2.5, -2.5], [2.5, 0]] (E excites itself and I, I
# inhibits E); the origin is an unstable focus and tanh bounds the orbit.
run ei 'network ei { state = rate; activation = tanh; weights = [[2.5, -2.5], [2.5, 0]] }
analyze lyapunov { network = ei; time = 400; transient = 100; init = [0.5, 0] }'
check ei '
W = np.array([[2.5, -2.5], [2.5, 0.0]])
f = lambda t, x: -x + W @ np.tanh(x)
x = solve_ivp(f, (0, 100), [0.5, 0], rtol=1e-8, atol=1e-10).y[:, -1]
# One period: from an upward crossing of x_E = 0 to the next, with the
# integral of trace J = -2 + sum_i W_ii (1 - tanh^2 x_i) carried along.
up = lambda t, y: y[0]
up.direction = 1
g = lambda t, y: np.r_[f(t, y[:2]), -2 + np.sum(np.diag(W) * (1 - np.tanh(y[:2]) ** 2))]
s = solve_ivp(g, (0, 30), np.r_[x, 0], rtol=1e-10, atol=1e-12, events=up)
t0, t1 = s.t_events[0][:2]
y0, y1 = s.y_events[0][:2]
mean_trace = (y1[2] - y0[2]) / (t1 - t0)
assert abs(ex[0]) < 1e-3, ex
assert abs(ex[1] - mean_trace) < 1e-3, (ex, mean_trace, t1 - t0)'

# The sum rule on a driven nonlinear network: all exponents sum to the mean
# of trace J along the trajectory, which scipy integrates on its own.
run sumrule 'network n { state = rate; activation = tanh; weights = load("sym.npy"); bias = [0.1, -0.2, 0.3] }
analyze lyapunov { network = n; time = 50; transient = 5; init = [1, -1, 0.5]; input = sine(amplitude = [1, 0, -1], freq = 0.3) }'
check sumrule '
W = np.load(f"{d}/sym.npy"); b = np.array([0.1, -0.2, 0.3]); a = np.array([1, 0, -1.0])
f = lambda t, x: -x + W @ np.tanh(x) + b + a * np.sin(2 * np.pi * 0.3 * t)
g = lambda t, y: np.r_[f(t, y[:3]), -3 + np.sum(np.diag(W) * (1 - np.tanh(y[:3]) ** 2))]
x5 = solve_ivp(f, (0, 5), [1, -1, 0.5], rtol=1e-10, atol=1e-12).y[:, -1]
tr = solve_ivp(g, (5, 55), np.r_[x5, 0], rtol=1e-10, atol=1e-12).y[3, -1] / 50
assert abs(ex.sum() - tr) < 1e-6, (ex.sum(), tr)
assert abs(r["sum"] - tr) < 1e-6 and abs(r["trace_mean"] - tr) < 1e-7, (r["sum"], r["trace_mean"], tr)'

# Random tanh networks, one realisation of W each: at g = 0.5 (N = 40) the
# origin attracts every state, and the largest exponents are there, the
# largest real parts of the eigenvalues of -I + g W (here a complex pair:
# both exponents its real part, their running estimates oscillating about
# it while their sum converges); at g = 2 (N = 100) the network is chaotic
# and the largest exponent positive (at this size some realisations settle
# on limit cycles instead; this one is chaotic, its exponent about 0.08).
run g05 'network n { state = rate; activation = tanh; weights = load("w40_05.npy") }
analyze lyapunov { network = n; exponents = 2; time = 100; transient = 30; seed = 3 }'
check g05 '
want = np.sort(np.linalg.eigvals(np.load(f"{d}/w40_05.npy") - np.eye(40)).real)[::-1][:2]
assert want[0] < -0.3 and np.allclose(ex, want, atol=2e-3) and abs(ex.sum() - want.sum()) < 1e-3, (ex, want)'
run g2 'network n { state = rate; activation = tanh; weights = load("w100_2.npy") }
analyze lyapunov { network = n; exponents = 1; time = 60; transient = 30; seed = 3; method = rk4; step = 0.2 }'
check g2 'assert ex[0] > 0.01, ex'

# The same QR method in numpy/scipy: 20 units, g = 2, 5 exponents over 20
# time units, re-orthonormalised every 0.5, both integrations to tolerances
# far below the 1e-3 compared.
run np20 'network n { state = rate; activation = tanh; weights = load("w20_2.npy") }
analyze lyapunov { network = n; exponents = 5; time = 20; transient = 5; reortho = 0.5; init = '"$(cat "$T/x20.txt")"'; rtol = 1e-10; atol = 1e-12 }'
check np20 '
W = np.load(f"{d}/w20_2.npy"); n, k = 20, 5
def rhs(t, y):
    x, P = y[:n], y[n:].reshape(n, k)
    J = -np.eye(n) + W * (1 - np.tanh(x) ** 2)
    return np.r_[-x + W @ np.tanh(x), (J @ P).ravel()]
y = np.r_[np.load(f"{d}/x20.npy"), np.eye(n)[:, :k].ravel()]
acc = np.zeros(k)
for i in range(50):
    y = solve_ivp(rhs, (0.5 * i, 0.5 * (i + 1)), y, method="DOP853", rtol=1e-11, atol=1e-13).y[:, -1]
    Q, R = np.linalg.qr(y[n:].reshape(n, k))
    if i >= 10:
        acc += np.log(np.abs(np.diag(R)))
    y[n:] = Q.ravel()
want = np.sort(acc / 20)[::-1]
assert np.allclose(ex, want, atol=1e-3), (ex, want)'

out=$("$PY" - "$T" <<PYEOF
import json, sys, traceback
import numpy as np
from scipy.integrate import solve_ivp
d = sys.argv[1]
checks = []
$checks
for name in checks:
    try:
        r = json.load(open(f"{d}/{name}.json"))["results"][0]
        globals()["check_" + name](r, np.array(r["exponents"]).ravel())
        print("ok", name)
    except Exception:
        print("FAIL", name, traceback.format_exc().replace("\n", " | "))
PYEOF
)
printf '%s\n' "$out" | grep '^FAIL' >&2
passed=$(printf '%s\n' "$out" | grep -c '^ok')
failures=$((failures + $(printf '%s\n' "$out" | grep -c '^FAIL')))
[ "$passed" -eq 7 ] || fail "only $passed of 7 checks ran"
echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
