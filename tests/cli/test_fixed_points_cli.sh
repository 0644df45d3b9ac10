#!/bin/bash
# test_fixed_points_cli.sh: `engram fixed-points` on cells with closed-form
# fixed points, written with numpy as PyTorch's nn.RNN state dict would be:
# one unit with h' = tanh(2h + u) has 0 (unstable, λ = 2) and ±x* with
# x* = tanh(2x*) (stable, λ = 2(1 − x*²)); under u* = 0.5 the fixed points
# solve x = tanh(2x + 0.5) (bisection below). The JSON contract (count,
# stable, points with q, unstable, state), and the errors: usage (2) and
# unreadable or malformed files (4), with nothing on stdout.
# Usage: test_fixed_points_cli.sh ENGRAM SOURCE_DIR
set -u
E=$1
PY=/usr/bin/python3
"$PY" -c 'import numpy' 2>/dev/null || { echo "numpy missing: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$PY" - "$T" <<'PYEOF'
import sys
import numpy as np
d = sys.argv[1]
np.savez(f"{d}/one.npz", **{"rnn.weight_hh_l0": [[2.0]], "rnn.weight_ih_l0": [[1.0]],
                            "rnn.bias_ih_l0": [0.0], "rnn.bias_hh_l0": [0.0]})
# PsychRNN's keys (its save() also writes a pickled dale_ratio = None):
# x' = (1 - a) x + a (2 relu(x) + u - 0.5) has x = -0.5 (map eigenvalue 1 - a)
# and x = 0.5 (1 + a).
np.savez(f"{d}/psych.npz", W_rec=[[2.0]], W_in=[[1.0]], b_rec=[-0.5], W_out=[[1.0]], b_out=[0.0],
         init_state=[[0.0]], dale_ratio=None)
# Three units, and a basis of two memories to read its points in.
rng = np.random.default_rng(3)
np.savez(f"{d}/three.npz", weight_hh_l0=rng.normal(0, 1.2, (3, 3)), weight_ih_l0=rng.normal(0, 1, (3, 2)),
         bias_hh_l0=rng.normal(0, 0.2, 3), bias_ih_l0=np.zeros(3))
np.save(f"{d}/basis.npy", rng.normal(0, 1, (3, 2)))
np.save(f"{d}/basis_wrong.npy", np.ones((4, 2)))
# A constructed 3-bit flip-flop: three bistable units h_i' = tanh(2 h_i + u_i),
# whose fixed points are every h in {-x*, 0, x*}^3: 8 stable corners, 12
# saddles of index 1, 6 of index 2 and the unstable origin.
np.savez(f"{d}/flipflop.npz", weight_hh_l0=2 * np.eye(3), weight_ih_l0=np.eye(3))
np.save(f"{d}/cube.npy", rng.uniform(-1, 1, (500, 3)))
np.savez(f"{d}/nobias.npz", weight_hh_l0=[[2.0]], weight_ih_l0=[[1.0]])
np.savez(f"{d}/notsquare.npz", weight_hh_l0=np.ones((2, 3)), weight_ih_l0=np.ones((2, 1)))
PYEOF
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# check JSON PYTHON-ASSERTIONS: runs the assertions with the document as d.
check() {
    "$PY" -c "import json, sys, math
d = json.loads(sys.argv[1])
$2" "$1" || fail "$3"
}

out=$("$E" fixed-points "$T/one.npz" --layout pytorch-rnn --prefix rnn. --jitter 0.5 --json) || fail "one unit: exit $?"
check "$out" '
x = 0.5
for _ in range(200): x = math.tanh(2 * x)
pts = sorted(d["points"], key=lambda p: p["state"][0])
assert d["count"] == 3 and d["stable"] == 2, (d["count"], d["stable"])
assert abs(pts[0]["state"][0] + x) < 1e-12 and abs(pts[2]["state"][0] - x) < 1e-12
assert abs(pts[1]["state"][0]) < 1e-12 and pts[1]["unstable"] == 1 and pts[1]["class"] == "unstable"
assert abs(pts[2]["eigenvalues"][0][0] - 2 * (1 - x * x)) < 1e-9
assert all(p["q"] <= 1e-12 for p in pts)' "one unit: the three fixed points of tanh(2h)"

out=$("$E" fixed-points "$T/one.npz" --layout pytorch-rnn --prefix rnn. --input 0.5 --jitter 0.5 --json) || fail "input: exit $?"
check "$out" '
f = lambda x: math.tanh(2 * x + 0.5) - x
roots = []
xs = [-1 + 2 * i / 20000 for i in range(20001)]
for a, b in zip(xs, xs[1:]):
    if (f(a) < 0) != (f(b) < 0):
        for _ in range(100):
            m = (a + b) / 2
            a, b = (m, b) if (f(m) < 0) == (f(a) < 0) else (a, m)
        roots.append((a + b) / 2)
got = sorted(p["state"][0] for p in d["points"])
assert d["input"] == [0.5]
assert len(got) == len(roots), (got, roots)
assert all(abs(g - r) < 1e-10 for g, r in zip(got, roots))' "input 0.5: the roots of x = tanh(2x + 0.5)"

out=$("$E" fixed-points "$T/nobias.npz" --layout pytorch-rnn) || fail "no biases: exit $?"
case "$out" in *"tanh RNN, 1 units"*) ;; *) fail "text summary: $out" ;; esac

out=$("$E" fixed-points "$T/psych.npz" --layout psychrnn --alpha 0.1 --jitter 1 --json) || fail "psychrnn: exit $?"
check "$out" '
pts = sorted(d["points"], key=lambda p: p["state"][0])
assert d["alpha"] == 0.1 and d["count"] == 2 and d["stable"] == 1, (d["count"], d["stable"])
assert abs(pts[0]["state"][0] + 0.5) < 1e-12 and abs(pts[1]["state"][0] - 0.5) < 1e-12
assert abs(pts[0]["eigenvalues"][0][0] - 0.9) < 1e-12 and abs(pts[1]["eigenvalues"][0][0] - 1.1) < 1e-12
assert pts[0]["unstable"] == 0 and pts[1]["unstable"] == 1' "psychrnn: x = -0.5 stable, x = 0.5 unstable"

out=$("$E" fixed-points "$T/flipflop.npz" --layout pytorch-rnn --from "$T/cube.npy" --json) || fail "flip-flop: exit $?"
check "$out" '
x = 0.5
for _ in range(200): x = math.tanh(2 * x)
kinds = sorted((p["unstable"], sum(abs(v) > 0.5 for v in p["state"])) for p in d["points"])
want = sorted((3 - k, k) for k in range(4) for _ in range(math.comb(3, k) * 2 ** k))
assert d["count"] == 27 and d["stable"] == 8 and kinds == want, (d["count"], d["stable"], kinds)
assert all(min(abs(abs(v) - x), abs(v)) < 1e-10 for p in d["points"] for v in p["state"])' \
    "flip-flop: 8 stable corners, 12 + 6 saddles, the unstable origin"

# Input Jacobians and the reading in a basis, against numpy: at a fixed point
# of h' = tanh(W h + V u + b), dF/dh = diag(1 - h^2) W and dF/du = diag(1 - h^2) V.
out=$("$E" fixed-points "$T/three.npz" --layout pytorch-rnn --basis "$T/basis.npy" --jitter 1 --json) || fail "basis: exit $?"
check "$out" '
import numpy as np
f = np.load("'"$T"'/three.npz"); B = np.load("'"$T"'/basis.npy"); P = np.linalg.pinv(B)
assert d["count"] >= 1
for p in d["points"]:
    h = np.array(p["state"]); D = np.diag(1 - h * h)
    J = D @ f["weight_hh_l0"]
    assert np.allclose(np.array(p["input_jacobian"]), D @ f["weight_ih_l0"], atol=1e-12)
    assert np.allclose(np.array(p["in_basis"]), P @ h, atol=1e-12)
    assert np.allclose(np.array(p["jacobian_in_basis"]), P @ J @ B, atol=1e-12)' "basis: dF/du, B+h and B+JB against numpy"

expect() { # expect RC PATTERN ARGS...: exit RC, the pattern on stderr, nothing on stdout
    local rc=$1 pat=$2; shift 2
    local out err got
    out=$("$E" fixed-points "$@" 2>"$T/err"); got=$?
    err=$(cat "$T/err")
    [ "$got" -eq "$rc" ] || fail "$*: exit $got, want $rc ($err)"
    [ -z "$out" ] || fail "$*: wrote to stdout: $out"
    case "$err" in *"$pat"*) ;; *) fail "$*: message '$err' lacks '$pat'" ;; esac
}
# Without --layout (and --prefix) the keys tell them: the same document.
a=$("$E" fixed-points "$T/one.npz" --jitter 0.5 --json) || fail "no --layout: exit $?"
b=$("$E" fixed-points "$T/one.npz" --layout pytorch-rnn --prefix rnn. --jitter 0.5 --json)
[ "$a" = "$b" ] || fail "no --layout: another document than --layout pytorch-rnn --prefix rnn."
"$PY" -c 'import numpy as np, sys; np.savez(sys.argv[1], W=[[1.0]])' "$T/nocell.npz"
expect 2 "needs --layout: $T/nocell.npz: no key ends in weight_hh_l0" "$T/nocell.npz"
expect 2 "name one: pytorch-rnn, pytorch-rnn-relu, pytorch-gru, pytorch-lstm, psychrnn" "$T/nocell.npz"
expect 2 "unknown layout 'keras'" "$T/one.npz" --layout keras
expect 2 "--input has 2 values; the cell takes 1 input" "$T/one.npz" --layout pytorch-rnn --prefix rnn. --input 1,2
expect 2 "--q-tol takes a positive number" "$T/one.npz" --layout pytorch-rnn --q-tol 0
expect 4 "is --prefix missing?" "$T/one.npz" --layout pytorch-rnn
expect 4 "'weight_hh_l0' is 2 × 3; expected 3 × 3 (hidden × hidden)" "$T/notsquare.npz" --layout pytorch-rnn
expect 4 "cannot open" "$T/missing.npz" --layout pytorch-rnn
expect 4 "the basis has 4 rows; the cell's state has 3" "$T/three.npz" --layout pytorch-rnn --basis "$T/basis_wrong.npy"
expect 2 "layout psychrnn needs --alpha" "$T/psych.npz" --layout psychrnn
expect 2 "at most 1" "$T/psych.npz" --layout psychrnn --alpha 2
expect 2 "layout pytorch-rnn is a tanh RNN, which has none" "$T/one.npz" --layout pytorch-rnn --prefix rnn. --alpha 0.1
"$E" help fixed-points | grep -q "noise-free random pulses" || fail "engram help fixed-points does not say how starts are made"

echo "$((20 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
