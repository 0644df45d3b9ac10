#!/bin/bash
# test_spectrum_rules.sh: `analyze spectrum` of a network that stores episodes
# reads the W its rule builds. The projection rule with its diagonal kept is
# the orthogonal projector onto the episodes' span, W = Ξᵀ(ΞΞᵀ)⁻¹Ξ, whose
# eigenvalues are 1 (N times) and 0 (D − N times) in closed form; Hebb's
# rule keeps its Gram-matrix shortcut; a rule without a coupling matrix is
# refused by the check, at the spectrum's network key.
# Usage: test_spectrum_rules.sh ENGRAM SOURCE_DIR
set -u
E=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
cat > "$T/projection.engram" <<'M'
memories M { generate = random(count = 3, size = 16); seed = 4 }
network hop { store = M; rule = projection; self = 1 }
analyze spectrum { network = hop }
M
out=$("$E" run "$T/projection.engram" --json) || fail "projection: exit $?"
/usr/bin/python3 -c '
import json, sys
r = json.loads(sys.argv[1])["results"][0]
ev = sorted(abs(complex(*z)) for z in r["eigenvalues"])
assert all(abs(x) < 1e-10 for x in ev[:13]) and all(abs(x - 1) < 1e-10 for x in ev[13:]), ev
assert r["rank"] == 3' "$out" || fail "projection: eigenvalues are not 1 (3 times) and 0 (13 times)"

cat > "$T/hebb.engram" <<'M'
memories M { generate = random(count = 3, size = 16); seed = 4 }
network hop { store = M }
analyze spectrum { network = hop }
M
"$E" run "$T/hebb.engram" | grep -q "Hebbian, 3 episodes of 16 units" || fail "hebb: the Gram-matrix shortcut"

cat > "$T/modern.engram" <<'M'
memories M { generate = random(count = 3, size = 16) }
network hop { store = M; rule = modern }
analyze spectrum { network = hop }
M
err=$("$E" check "$T/modern.engram" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "modern: check exit $rc, want 1"
case "$err" in *"modern.engram:3:30: error: 'hop' stores with rule 'modern', which has no coupling matrix"*) ;;
*) fail "modern: $err" ;; esac

echo "$((3 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
