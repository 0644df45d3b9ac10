#!/bin/bash
# test_spectrum_cli.sh: `engram spectrum` as good as a model's `analyze spectrum`:
# --compare against a task's theory (angle errors against a numpy computation
# and the closed form π/s), --rank-threshold and --angle-threshold, the refused
# --threshold, numpy.savetxt text matrices (in the command and in load()), exit 4
# for malformed data files, and a Hopfield network read in its own episodes
# (Φ = (1/D) ΞΞᵀ for Hebb's rule with s = 1/D and the diagonal kept, from numpy).
# Skipped (77) when numpy is not available.
# Usage: test_spectrum_cli.sh ENGRAM SOURCE_DIR
set -u
E=$1
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import numpy' 2>/dev/null || {
    echo "numpy not available: skipped"
    exit 77
}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
fail() {
    echo "FAIL: $*" >&2
    failed=$((failed + 1))
}
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
    local what=$1
    shift
    if "$@"; then ok; else fail "$what"; fi
}
squash() { tr -d ' \n' <"$1"; }
# expect_exit CODE TEXT ARGS...: engram spectrum ARGS exits CODE and says TEXT on stderr.
expect_exit() {
    local code=$1 text=$2
    shift 2
    "$E" spectrum "$@" >"$T/stdout" 2>"$T/stderr"
    local rc=$?
    if [ "$rc" -eq "$code" ] && grep -qF -- "$text" "$T/stderr"; then ok; else
        fail "spectrum $*: exit $rc (expected $code), stderr: $(cat "$T/stderr")"
    fi
}

# Matrices built by numpy: W = QΦQᵀ (Q orthonormal, 12 × 8) for repeat copy
# s = 4, d = 2 and for its sign-flip variant; the same W written by savetxt.
"$PY" - "$T" <<'PY' || { echo "FAIL: could not write the matrices" >&2; exit 1; }
import sys
import numpy as np
d = sys.argv[1]
rng = np.random.default_rng(20261202)
def phi(s, w, sign):
    k = s * w
    p = np.zeros((k, k))
    for i in range(s - 1):
        for m in range(w):
            p[i * w + m, (i + 1) * w + m] = 1
    for m in range(w):
        p[(s - 1) * w + m, m] = sign
    return p
q, _ = np.linalg.qr(rng.standard_normal((12, 8)))
for name, sign in (("copy", 1), ("flip", -1)):
    w = q @ phi(4, 2, sign) @ q.T
    np.save(f"{d}/{name}.npy", w)
    np.savetxt(f"{d}/{name}.txt", w)
xi = np.where(rng.random((3, 16)) < 0.5, -1.0, 1.0)
np.save(f"{d}/xi.npy", xi)
np.savetxt(f"{d}/copy.dat", np.load(f"{d}/copy.npy"), fmt="%.6f", delimiter="\t", header="W of repeat copy")
# The angle comparison after the authors' code, in numpy: arguments of the
# eigenvalues above 0.9, sorted, paired up to the best rotation.
def angles(a, b):
    ea, eb = [np.sort(np.angle(v[np.abs(v) > 0.9])) for v in (a, b)]
    best = None
    for r in range(len(eb)):
        diff = np.abs((ea - np.roll(eb, -r) + np.pi) % (2 * np.pi) - np.pi)
        if best is None or diff.sum() < best.sum():
            best = diff
    return np.degrees(best.mean())
w = np.load(f"{d}/flip.npy")
print(f"{angles(np.linalg.eigvals(w), np.linalg.eigvals(phi(4, 2, 1))):.12f}", file=open(f"{d}/flip_vs_copy.deg", "w"))
PY

# 1. --compare: the flip network against repeat copy's theory (roots of −1 against
# roots of 1): numpy's angle error, and the closed form 180°/(2s) = 22.5°... for
# s = 4 the nearest roots are 45° apart (π/s).
"$E" spectrum "$T/flip.npy" --compare "repeat_copy(4, 2)" --json >"$T/flip.json"
check "--compare exits 0" [ $? -eq 0 ]
mean=$(squash "$T/flip.json" | grep -o '"mean_deg":[^,]*' | cut -d: -f2)
check "flip vs repeat_copy: mean $mean, numpy $(cat "$T/flip_vs_copy.deg"), closed form 45" \
    "$PY" -c "import sys; m = float('$mean'); n = float(open('$T/flip_vs_copy.deg').read()); sys.exit(not (abs(m - n) < 1e-9 and abs(m - 45) < 1e-9))"
check "the comparison names its theory" grep -qF '"theory":"theory(repeat_copy(4,2))"' <(squash "$T/flip.json")
# The short spelling and the matching theory (the sign-flip copy) agree to rounding.
"$E" spectrum "$T/flip.npy" --compare "repeat_copy:4x2" --json >"$T/short.json"
mean=$(squash "$T/short.json" | grep -o '"mean_deg":[^,]*' | cut -d: -f2)
check "short spelling: the same 45° ($mean)" "$PY" -c "import sys; sys.exit(not abs(float('$mean') - 45) < 1e-9)"
"$E" spectrum "$T/flip.npy" --compare "compose_copy(4, 2, signs = [-1, -1])" --json >"$T/match.json"
mean=$(squash "$T/match.json" | grep -o '"mean_deg":[^,]*' | cut -d: -f2)
check "flip vs its own theory: $mean° < 1e-9" "$PY" -c "import sys; sys.exit(not abs(float('$mean')) < 1e-9)"
# The same report as a model's analyze spectrum with compare = theory(task = T).
cat >"$T/m.engram" <<M
task T { kind = repeat_copy; length = 4; width = 2 }
analyze spectrum { matrix = load("flip.npy"); compare = theory(task = T) }
M
"$E" run "$T/m.engram" --json >"$T/model.json"
check "model route: the same mean and max" [ "$(squash "$T/model.json" | grep -o '"mean_deg":[^,]*,"max_deg":[^,]*')" = \
    "$(squash "$T/flip.json" | grep -o '"mean_deg":[^,]*,"max_deg":[^,]*')" ]

# Hand-worked: the swap [[0, 1], [1, 0]] (eigenvalues ±1) is variable binding
# with s = 2, d = 1, f = [1; 0] (y(t) = y(t−2)): angle error 0. The 3-cycle
# (eigenvalues the cube roots of 1, at 0° and ±120°) against the sign-flip copy
# of length 3 (cube roots of −1, at ±60° and 180°): every pair 60° apart.
printf '0 1\n1 0\n' >"$T/swap.txt"
printf '1\n0\n' >"$T/f.txt"
"$E" spectrum "$T/swap.txt" --compare "variable_binding(2, 1, composition = $T/f.txt)" --json >"$T/vb.json"
check "swap vs variable_binding(2, 1, f = [1; 0]): 0°" grep -qF '"count":2,"count_theory":2,"comparable":true,"mean_deg":0,' <(squash "$T/vb.json")
printf '0 1 0\n0 0 1\n1 0 0\n' >"$T/cycle3.txt"
"$E" spectrum "$T/cycle3.txt" --compare "compose_copy(3, 1, signs = [-1])" --json >"$T/c3.json"
mean=$(squash "$T/c3.json" | grep -o '"mean_deg":[^,]*' | cut -d: -f2)
check "3-cycle vs the sign-flip copy: 60° ($mean)" "$PY" -c "import sys; sys.exit(not abs(float('$mean') - 60) < 1e-9)"

# 2. The two thresholds: above 1.1 no eigenvalue counts (the radius is 1).
"$E" spectrum "$T/copy.npy" --rank-threshold 1.1 --json >"$T/rank.json"
check "--rank-threshold 1.1: rank 0" grep -qF '"rank_threshold":1.1,"rank":0,' <(squash "$T/rank.json")
"$E" spectrum "$T/copy.npy" --compare "repeat_copy(4, 2)" --angle-threshold 0.5 --json >"$T/angle.json"
check "--angle-threshold 0.5 reaches the comparison" grep -qF '"threshold":0.5,"count":8,' <(squash "$T/angle.json")
expect_exit 2 "--rank-threshold" "$T/copy.npy" --threshold 0.5
expect_exit 2 "--compare: " "$T/copy.npy" --compare "repeat_copy(4)"
expect_exit 2 "names no task kind" "$T/copy.npy" --compare "copy(4, 2)"
expect_exit 2 "permutation[1] = 0 repeats" "$T/copy.npy" --compare "compose_copy(4, 2, permutation = [0, 0])"

# 3. Text matrices as numpy.savetxt writes them: the eigenvalues equal those of the .npy.
"$E" spectrum "$T/copy.npy" -o "$T/npy" >/dev/null
"$E" spectrum "$T/copy.txt" -o "$T/txt" >/dev/null
check "savetxt .txt read" "$PY" -c "import numpy as np, sys; a = np.load('$T/npy/spectrum.eigenvalues.npy'); b = np.load('$T/txt/spectrum.eigenvalues.npy'); sys.exit(not np.allclose(a, b, atol=1e-14))"
"$E" spectrum "$T/copy.dat" --json >"$T/dat.json"
check ".dat with a header comment and tabs: size 12" grep -qF '"size":12,' <(squash "$T/dat.json")
# Hand-worked: [[2, 1], [1, 2]] has eigenvalues 3 and 1 (comments and blank lines skipped).
printf '# a 2 x 2\n2.000000000000000000e+00 1.000000000000000000e+00\n\n  1 \t 2  # row 2\r\n' >"$T/two.txt"
"$E" spectrum "$T/two.txt" --json >"$T/two.json"
check "2 × 2 by hand: eigenvalues 3, 1" grep -qF '"eigenvalues":[[3,0],[1,0]]' <(squash "$T/two.json")
printf '1 2\n3\n' >"$T/ragged.txt"
expect_exit 4 "ragged.txt:2: 1 field, but line 1 has 2" "$T/ragged.txt"
cat >"$T/load.engram" <<M
analyze spectrum { matrix = load("copy.txt") }
M
"$E" run "$T/load.engram" --json >"$T/load.json"
check "load(\"copy.txt\") in a model: size 12" grep -qF '"size":12,' <(squash "$T/load.json")

# 4. A malformed .npy is a data error: exit 4.
printf 'not an array at all' >"$T/bad.npy"
expect_exit 4 "bad.npy: not a .npy file" "$T/bad.npy"
expect_exit 4 "bad.npy: not a .npy file" "$T/copy.npy" --basis "$T/bad.npy"

# 5. A Hopfield network read in its episodes: Φ = (1/D) ΞΞᵀ (self = 1 keeps the
# diagonal Hebb's rule gives), against numpy on the episodes the run wrote.
cat >"$T/hop.engram" <<M
memories M { generate = load(file = "xi.npy") }
network hop { units = 16; rule = hebb; store = M; self = 1 }
analyze spectrum { network = hop; basis = M }
M
if "$E" run "$T/hop.engram" -o "$T/hop" >/dev/null 2>"$T/hop.err"; then
    ok
    check "Φ = (1/D) ΞΞᵀ" "$PY" - "$T" <<'PY'
import glob, sys
import numpy as np
d = sys.argv[1]
phi = np.load(glob.glob(f"{d}/hop/*.phi.npy")[0])
xi = np.load(f"{d}/xi.npy")
sys.exit(not np.allclose(phi, xi @ xi.T / 16, atol=1e-12))
PY
else
    fail "Hopfield network read in its episodes: $(cat "$T/hop.err")"
fi
# self = 0 zeroes the diagonal, W − (N/D)I for ±1 episodes: Φ = (1/D) ΞΞᵀ − (N/D) I.
sed 's/self = 1/self = 0/' "$T/hop.engram" >"$T/hop0.engram"
if "$E" run "$T/hop0.engram" -o "$T/hop0" >/dev/null 2>"$T/hop0.err"; then
    check "Φ = (1/D) ΞΞᵀ − (N/D) I" "$PY" - "$T" <<'PY'
import glob, sys
import numpy as np
d = sys.argv[1]
phi = np.load(glob.glob(f"{d}/hop0/*.phi.npy")[0])
xi = np.load(f"{d}/xi.npy")
sys.exit(not np.allclose(phi, xi @ xi.T / 16 - 3 / 16 * np.eye(3), atol=1e-12))
PY
else
    fail "Hopfield network with self = 0 in its episodes: $(cat "$T/hop0.err")"
fi
cat >"$T/hopc.engram" <<M
memories M { generate = random(count = 3, size = 16); seed = 7 }
task T { kind = repeat_copy; length = 3; width = 1 }
network hop { units = 16; rule = hebb; store = M }
analyze spectrum { network = hop; basis = M; compare = theory(task = T) }
M
"$E" check "$T/hopc.engram" >/dev/null 2>"$T/hopc.err"
check "compare stays refused for a Hopfield network" grep -qF "no task's theory predicts" "$T/hopc.err"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
