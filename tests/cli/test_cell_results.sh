#!/bin/bash
# test_cell_results.sh: `engram fixed-points -o DIR` and `engram lyapunov -o
# DIR`: the files, checked against numpy: the principal components of the
# sampled states (up to the sign of each), the fixed points the PCA figure
# draws are the points of the JSON in the same axes, the eigenvalue and
# linearisation files are the JSON's, and the running estimates of the exponents end at the
# exponents; --json prints the same document with -o; -o where a directory
# cannot be made exits 4 naming it and leaves nothing behind; --plot renders
# PNGs (where gnuplot is installed; not under valgrind).
# Usage: test_cell_results.sh ENGRAM SOURCE_DIR
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
# The 3-bit flip-flop of test_fixed_points_cli.sh with inputs strong enough to
# flip a unit: its 27 fixed points, most of them found from states spread
# unevenly over the cube (principal components well apart).
np.savez(f"{d}/flipflop.npz", weight_hh_l0=2 * np.eye(3), weight_ih_l0=3 * np.eye(3))
rng = np.random.default_rng(7)
np.save(f"{d}/cube.npy", rng.uniform(-1, 1, (150, 3)) * [1.0, 0.7, 0.4])
# A random network of 6 units for the exponents.
np.savez(f"{d}/random.npz", weight_hh_l0=rng.normal(0, 1.4 / np.sqrt(6), (6, 6)),
         weight_ih_l0=rng.normal(0, 1, (6, 2)), bias_hh_l0=rng.normal(0, 0.1, 6), bias_ih_l0=np.zeros(6))
# Three units, read in a basis of more memories than units.
np.savez(f"{d}/three.npz", weight_hh_l0=rng.normal(0, 1.2, (3, 3)), weight_ih_l0=rng.normal(0, 1, (3, 2)),
         bias_hh_l0=rng.normal(0, 0.2, 3), bias_ih_l0=np.zeros(3))
np.save(f"{d}/basis.npy", rng.normal(0, 1, (3, 4)))
# One unit, PsychRNN's keys: x = -0.5 stable, x = 0.5 unstable.
np.savez(f"{d}/psych.npz", W_rec=[[2.0]], W_in=[[1.0]], b_rec=[-0.5], W_out=[[1.0]], b_out=[0.0],
         init_state=[[0.0]], dale_ratio=None)
PYEOF
failures=0
passed=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
# pycheck NAME PYTHON: the assertions, with the directory T.
pycheck() {
    if "$PY" -c "import json, sys, re, os
import numpy as np
T = sys.argv[1]
$2" "$T"; then passed=$((passed + 1)); else fail "$1"; fi
}

# Fixed points from given states: their PCA against numpy.
"$E" fixed-points "$T/flipflop.npz" --layout pytorch-rnn --from "$T/cube.npy" --json -o "$T/ff" > "$T/ff.json" ||
    fail "flip-flop -o: exit $?"
"$E" fixed-points "$T/flipflop.npz" --layout pytorch-rnn --from "$T/cube.npy" --json > "$T/plain.json" ||
    fail "flip-flop: exit $?"
cmp -s "$T/ff.json" "$T/plain.json" && passed=$((passed + 1)) || fail "--json differs with -o"
pycheck "flip-flop: the files, the PCA and the points against numpy" '
d = json.load(open(f"{T}/ff.json")); D = f"{T}/ff"
s = json.load(open(f"{D}/summary.json"))["results"][0]
n = d["count"]
assert s["kind"] == "fixed-points" and s["count"] == n >= 20 and s["stable"] == d["stable"] >= 4, s
load = lambda k: np.load(f"{D}/fixed-points.{k}.npy")
X = np.load(f"{T}/cube.npy")
mean = X.mean(axis=0)
w, V = np.linalg.eigh(np.cov(X.T))
V = V[:, ::-1][:, :2]; w = w[::-1]
assert w[0] - w[1] > 0.05 and w[1] - w[2] > 0.05, w  # well separated: directions defined
C = load("pca_components")
signs = np.sign(np.sum(C * V, axis=0))
assert np.max(np.abs(C - V * signs)) < 1e-9
assert np.max(np.abs(load("pca_mean")[0] - mean)) < 1e-12
assert np.max(np.abs(load("samples_pcs") - (X - mean) @ V * signs)) < 1e-9
assert np.allclose(s["explained_variance"], w[:2] / w.sum(), atol=1e-12, rtol=0)
# The points table is the JSON in its order: q, unstable, class code, state.
P = load("points"); codes = {"stable": 0, "saddle": 1, "unstable": 2, "marginal": 3}
assert P.shape == (n, 6)
for row, p in zip(P, d["points"]):
    assert row[0] == p["q"] and row[1] == p["unstable"] and row[2] == codes[p["class"]]
    assert np.array_equal(row[3:], p["state"])
re_, im_ = load("eigenvalues_re"), load("eigenvalues_im")
assert np.array_equal(re_ + 1j * im_, np.array([[complex(*z) for z in p["eigenvalues"]] for p in d["points"]]))
# The points the PCA figure draws are the JSON points in the same axes, class by class.
gp = open(f"{D}/fixed-points.pca.gp").read()
files = sorted(set(re.findall(r"\x27(fixed-points\.(\w+)_pcs\.npy)\x27", gp)))
assert [f[1] for f in files] == ["saddle", "samples", "stable", "unstable"], files  # the origin is found
states = np.array([p["state"] for p in d["points"]])
for f, cls in files:
    if cls == "samples":
        continue
    want = (states[[p["class"] == cls for p in d["points"]]] - mean) @ V * signs
    got = np.load(f"{D}/{f}")
    assert got.shape == want.shape and np.max(np.abs(got - want)) < 1e-9, (cls, got, want)
assert np.max(np.abs(load("points_pcs") - (states - mean) @ V * signs)) < 1e-9
# The eigenvalue figure has the unit circle and reads the classes eigenvalues.
eg = open(f"{D}/fixed-points.eigenvalues.gp").read()
assert "circle at 0,0 size 1" in eg and "fixed-points.saddle_eigenvalues.npy" in eg
assert load("stable_eigenvalues").shape == (3 * d["stable"], 2) and load("unstable_eigenvalues").shape == (3, 2)'

# The linearisations: the JSON's, stacked, and numpy's.
"$E" fixed-points "$T/three.npz" --layout pytorch-rnn --basis "$T/basis.npy" --jitter 1 --starts 64 --steps 200 \
    --json -o "$T/three" > "$T/three.json" || fail "basis -o: exit $?"
pycheck "basis: input Jacobians, B+h and B+JB stacked" '
d = json.load(open(f"{T}/three.json")); D = f"{T}/three"
f = np.load(f"{T}/three.npz"); B = np.load(f"{T}/basis.npy"); P = np.linalg.pinv(B)
load = lambda k: np.load(f"{D}/fixed-points.{k}.npy")
c = d["count"]
assert c >= 1
JU, BH, PHI = load("input_jacobians"), load("in_basis"), load("jacobians_in_basis")
assert JU.shape == (3 * c, 2) and BH.shape == (c, 4) and PHI.shape == (4 * c, 4)
for k, p in enumerate(d["points"]):
    h = np.array(p["state"]); J = np.diag(1 - h * h) @ f["weight_hh_l0"]
    assert np.array_equal(JU[3 * k:3 * k + 3], p["input_jacobian"])
    assert np.array_equal(BH[k], p["in_basis"]) and np.allclose(BH[k], P @ h, atol=1e-12)
    assert np.array_equal(PHI[4 * k:4 * k + 4], p["jacobian_in_basis"])
    assert np.allclose(PHI[4 * k:4 * k + 4], P @ J @ B, atol=1e-12)'

# From the cell's own trajectory; text on stdout; one unit (a zero PC2).
out=$("$E" fixed-points "$T/psych.npz" --layout psychrnn --alpha 0.1 --jitter 1 --starts 32 --steps 150 -o "$T/psych") ||
    fail "psychrnn -o: exit $?"
case "$out" in *"2 from 32 starts, 1 stable"*) passed=$((passed + 1)) ;; *) fail "psychrnn text: $out" ;; esac
pycheck "psychrnn: a trajectory of one unit" '
D = f"{T}/psych"
S = np.load(f"{D}/fixed-points.samples_pcs.npy")
assert S.shape == (150, 2) and np.all(S[:, 1] == 0), S.shape
assert np.load(f"{D}/fixed-points.pca_components.npy").tolist() == [[1.0, 0.0]]
assert np.load(f"{D}/fixed-points.stable_pcs.npy").shape == (1, 2)
assert "with lines" in open(f"{D}/fixed-points.pca.gp").read()'

# Lyapunov exponents: the last running estimate is the exponents (255 steps:
# records every 2 and after the last).
"$E" lyapunov "$T/random.npz" --layout pytorch-rnn --steps 255 --transient 50 --json -o "$T/ly" > "$T/ly.json" ||
    fail "lyapunov -o: exit $?"
pycheck "lyapunov: exponents and running estimates" '
d = json.load(open(f"{T}/ly.json")); D = f"{T}/ly"
ex = np.load(f"{D}/lyapunov.exponents.npy"); H = np.load(f"{D}/lyapunov.history.npy")
assert ex.shape == (1, 6) and ex[0].tolist() == d["exponents"]
assert H.shape == (128, 7) and H[-2, 0] == 254 and H[-1, 0] == 255 and H[-1, 1:].tolist() == d["exponents"]
assert H.tolist() == d["history"]
gp = open(f"{D}/lyapunov.convergence.gp").read()
assert gp.count("lyapunov.history.npy") == 6 and "logscale x" in gp'

# -o where no directory can be made: exit 4, the place named, nothing written.
touch "$T/file"
for cmd in "fixed-points $T/flipflop.npz --layout pytorch-rnn --starts 8 --steps 50" \
           "lyapunov $T/random.npz --layout pytorch-rnn --steps 50"; do
    # shellcheck disable=SC2086
    out=$("$E" $cmd -o "$T/file/out" 2>"$T/err"); rc=$?
    if [ "$rc" -eq 4 ] && [ -z "$out" ] && grep -qF "$T/file" "$T/err" && [ ! -e "$T/file/out" ] && [ ! -s "$T/file" ]; then
        passed=$((passed + 1))
    else
        fail "${cmd%% *} -o under a file: exit $rc, stdout '$out', $(cat "$T/err")"
    fi
done
out=$("$E" lyapunov "$T/random.npz" --layout pytorch-rnn --plot 2>"$T/err"); rc=$?
[ "$rc" -eq 2 ] && grep -q "needs -o" "$T/err" && passed=$((passed + 1)) || fail "--plot without -o: exit $rc"

# --plot: the figures rendered.
case "$E" in *under-valgrind*) echo "under valgrind: --plot not tested" ;; *)
    if command -v gnuplot > /dev/null; then
        out=$("$E" fixed-points "$T/flipflop.npz" --layout pytorch-rnn --starts 64 --steps 300 -o "$T/plot" --plot) ||
            fail "--plot: exit $?"
        out2=$("$E" lyapunov "$T/random.npz" --layout pytorch-rnn --steps 300 -o "$T/plot2" --plot) ||
            fail "lyapunov --plot: exit $?"
        for f in plot/fixed-points.pca plot/fixed-points.eigenvalues plot2/lyapunov.convergence; do
            [ -s "$T/$f.png" ] && [ -s "$T/$f.svg" ] && passed=$((passed + 1)) || fail "--plot: no $f.png/.svg"
        done
        case "$out$out2" in *"fixed-points.pca.svg and .png"*"lyapunov.convergence.svg"*) ;;
            *) fail "--plot: the figures not listed: $out $out2" ;; esac
    fi ;;
esac
"$E" help fixed-points | grep -q "points_pcs.npy" || fail "engram help fixed-points does not list the files"
"$E" help lyapunov | grep -q "lyapunov.history.npy" || fail "engram help lyapunov does not list the files"

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
