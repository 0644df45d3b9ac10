#!/usr/bin/env bash
# Damaged cues of {0,1} networks change the units asked for: a flip toggles
# 0 <-> 1, a mask sets the midpoint 1/2, random(p) is a {0,1} state with
# P(1) = p; the reported cue Hamming distance is the damage asked for, and
# the energy of an asynchronous recall never rises.
set -uo pipefail
engram=$1
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" -c 'import numpy' 2>/dev/null || { echo "numpy missing"; exit 77; }

cat > "$tmp/cues.engram" <<'MODEL'
memories B { generate = binary(count = 3, size = 100, p = 0.3); seed = 1 }
memories S { generate = sparse(count = 4, size = 256, activity = 0.1); seed = 3 }
memories X { generate = random(count = 3, size = 100); seed = 1 }
network nb { store = B; state = binary; rule = covariance; threshold = 0.01 }
network ns { store = S; state = binary; rule = covariance; threshold = 0.01 }
network nx { store = X }
recall flip20  { network = nb; cue = flip(B[0], bits = 20, seed = 2) }
recall flipall { network = nb; cue = flip(B[0], bits = 100, seed = 2) }
recall masked  { network = nb; cue = mask(B[1], fraction = 0.2, seed = 2) }
recall each_s  { network = ns; cue = each(S, flip = 0.02) }
recall each_b  { network = nb; cue = each(B, bits = 7); trials = 3 }
recall bip20   { network = nx; cue = flip(X[0], bits = 20, seed = 2) }
recall rand    { network = nb; cue = random(p = 0.1, seed = 4); update = asynchronous }
MODEL

pass=0 failed=0
if ! "$engram" run "$tmp/cues.engram" --json > "$tmp/out.json" 2> "$tmp/err"; then
    echo "FAIL: the model does not run"; cat "$tmp/err"; echo "0 passed, 1 failed"; exit 1
fi
# check NAME EXPRESSION: b(name) is the result of a block.
check() {
    if "$py" - "$tmp/out.json" "$2" <<'PY'
import json, sys
import numpy as np
r = json.load(open(sys.argv[1]))["results"]
def b(name):
    return next(x for x in r if x["block"] == name)
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
    then pass=$((pass + 1)); else echo "FAIL: $1"; failed=$((failed + 1)); fi
}

# Hand counts: the damage asked for is the cue's distance to its episode.
check "flip 20 of 100 {0,1} units: cue Hamming 20" 'b("flip20")["cue_hamming"] == 20'
check "flip all 100 {0,1} units: cue Hamming 100" 'b("flipall")["cue_hamming"] == 100'
check "mask 0.2 of 100 {0,1} units: cue Hamming 20" 'b("masked")["cue_hamming"] == 20'
check "each(S, flip = 0.02) at D = 256: cue Hamming round(5.12) = 5" 'b("each_s")["cue_hamming_mean"] == 5'
check "each(B, bits = 7): cue Hamming 7 in every trial" 'b("each_b")["cue_hamming_mean"] == 7'
check "a bipolar flip of 20 units is still a cue Hamming of 20" 'b("bip20")["cue_hamming"] == 20'
# random(p) in a {0,1} network ends in a {0,1} state along a descending energy.
check "random(p = 0.1): final state in {0,1}" 'set(np.ravel(b("rand")["state"])) <= {0.0, 1.0}'
check "random(p = 0.1): energy never rises (asynchronous, symmetric W)" \
    'np.all(np.diff(np.ravel(b("rand")["energy"])) <= 1e-12)'
check "random(p = 0.1): the cue energy is not above the final one's start" \
    'b("rand")["energy_initial"] >= b("rand")["energy_final"]'
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
