#!/bin/bash
# test_rule_clipped.sh: the clipped Hebbian rule W = (1/D) sgn(Σ_μ ξ_μ ξ_μᵀ),
# zero diagonal (Sompolinsky 1986), against numpy: random episodes written
# into the model, the eigenvalues engram reports for the network's W against
# numpy's of the same matrix; and recall of a damaged episode at a load well
# below capacity (3 episodes of 64 units, 6 bits flipped) returns it exactly.
# Usage: test_rule_clipped.sh ENGRAM SOURCE_DIR
set -u
E=$1
PY=/usr/bin/python3
"$PY" -c 'import numpy' 2>/dev/null || { echo "numpy missing: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
"$PY" - "$T" <<'PY'
import sys
import numpy as np
rng = np.random.default_rng(9)
xi = rng.choice([-1, 1], size=(4, 24))
np.save(f"{sys.argv[1]}/xi.npy", xi.astype(float))
rows = ", ".join('"' + "".join("+" if v > 0 else "-" for v in r) + '"' for r in xi)
open(f"{sys.argv[1]}/clipped.engram", "w").write(
    f"memories M {{ generate = explicit(rows = [{rows}]) }}\n"
    "network hop { store = M; rule = clipped }\n"
    "analyze spectrum { network = hop }\n")
PY
out=$("$E" run "$T/clipped.engram" --json) || fail "clipped spectrum: exit $?"
"$PY" -c '
import json, sys
import numpy as np
xi = np.load(sys.argv[2])
W = np.sign(xi.T @ xi) / xi.shape[1]
np.fill_diagonal(W, 0)
want = np.sort(np.linalg.eigvalsh(W))
got = np.sort([z[0] for z in json.loads(sys.argv[1])["results"][0]["eigenvalues"]])
assert np.max(np.abs(got - want)) < 1e-12, np.max(np.abs(got - want))' "$out" "$T/xi.npy" || fail "clipped: eigenvalues differ from numpy's"

cat > "$T/recall.engram" <<'M'
memories M { generate = random(count = 3, size = 64); seed = 2 }
network hop { store = M; rule = clipped }
recall r { network = hop; cue = flip(M[1], bits = 6, seed = 5); report = [hamming(M[1])] }
M
"$E" run "$T/recall.engram" | grep -q "Hamming distance 6 -> 0" || fail "clipped: recall of a damaged episode"
echo "$((2 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
