#!/usr/bin/env bash
# Overlaps lie in [-1, 1] for every rule: a continuous recall (Kohonen's
# linear associator, Minerva 2's cubed echo) reports the cosine of its state
# with each episode (numpy recomputes the state and the cosines); a ±1 or
# bounded output keeps m = ξ·y/D; a {0,1} network reports m = 1 at the
# episode it reached.
set -uo pipefail
engram=$(realpath "$1")
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" -c 'import numpy' 2>/dev/null || { echo "numpy missing"; exit 77; }

"$py" - "$tmp" <<'PY'
import sys
import numpy as np
rng = np.random.default_rng(5)
np.save(sys.argv[1] + "/keys.npy", rng.choice([-1.0, 1.0], size=(12, 64)))
np.save(sys.argv[1] + "/vals.npy", rng.choice([-1.0, 1.0], size=(12, 32)))
PY
cat > "$tmp/overlaps.engram" <<'MODEL'
memories A { generate = load("keys.npy") }
memories C { generate = load("vals.npy") }
memories B { generate = binary(count = 3, size = 100, p = 0.3); seed = 1 }
network koh { rule = kohonen; store = A; content = C }
network ama { rule = amari; store = A; content = C }
network min { rule = minerva; store = A }
network nb  { store = B; state = binary; rule = covariance; threshold = 0.01 }
recall r_kohonen { network = koh; cue = A[2]; target = C[2] }
recall r_amari   { network = ama; cue = flip(A[2], bits = 6, seed = 3); target = C[2] }
recall r_minerva { network = min; cue = flip(A[4], bits = 10, seed = 3) }
recall r_binary  { network = nb; cue = flip(B[1], bits = 10, seed = 2) }
MODEL

pass=0 failed=0
if ! (cd "$tmp" && "$engram" run overlaps.engram --json > out.json 2> err); then
    echo "FAIL: the model does not run"; cat "$tmp/err"; echo "0 passed, 1 failed"; exit 1
fi
check() {
    if (cd "$tmp" && "$py" - "$2" <<'PY'
import json, sys
import numpy as np
r = json.load(open("out.json"))["results"]
A, C = np.load("keys.npy"), np.load("vals.npy")
def b(name):
    return next(x for x in r if x["block"] == name)
def m(name):
    return np.asarray(b(name)["overlaps"], dtype=float)
def y(name):
    return np.ravel(np.asarray(b(name)["state"], dtype=float))
def cosines(E, v):
    return E @ v / (np.linalg.norm(E, axis=1) * np.linalg.norm(v))
sys.exit(0 if eval(sys.argv[1]) else 1)
PY
    ); then pass=$((pass + 1)); else echo "FAIL: $1"; failed=$((failed + 1)); fi
}

check "every overlap of every rule lies in [-1, 1]" \
    'all(np.all(np.abs(m(k)) <= 1 + 1e-12) for k in ["r_kohonen", "r_amari", "r_minerva", "r_binary"])'
# Kohonen: y = Cᵀ(A x) up to a positive scale, and its overlaps are the cosines with C.
check "kohonen: the state points along Cᵀ(A x) (numpy)" \
    'abs(cosines(y("r_kohonen")[None, :], C.T @ (A @ A[2]))[0] - 1) < 1e-12'
check "kohonen: overlaps are the cosines of the state with the contents (numpy)" \
    'np.allclose(m("r_kohonen"), cosines(C, y("r_kohonen")), atol=1e-12)'
check "kohonen: the retrieved content has the largest overlap, below 1 (crosstalk)" \
    'int(np.argmax(m("r_kohonen"))) == 2 and 0.5 < m("r_kohonen")[2] < 1'
check "amari: a ±1 output keeps m = ξ·y/D (numpy)" \
    'np.allclose(m("r_amari"), C @ y("r_amari") / 32, atol=1e-15) and set(y("r_amari")) <= {-1.0, 1.0}'
check "minerva: overlaps are the cosines of the echo with the episodes (numpy)" \
    'np.allclose(m("r_minerva"), cosines(A, y("r_minerva")), atol=1e-12) and int(np.argmax(m("r_minerva"))) == 4'
check "binary: the episode reached exactly has overlap 1" \
    'b("r_binary")["hamming"] == 0 and abs(m("r_binary")[1] - 1) < 1e-12 and b("r_binary")["class"] == "retrieved"'
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
