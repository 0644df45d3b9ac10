#!/bin/bash
# test_emt_models.sh: the constructed and loaded-matrix models under models/emt/
# reproduce what the Episodic Memory Theory predicts (SCIENCE.md §5.3) and
# what closed forms give.
# Usage: test_emt_models.sh ENGRAM SOURCE_DIR
. "$(dirname "$0")/lib_emt.sh" "$@"

# The constructed network repeats its input exactly at horizon 200 (linear, W = ΨΦΨᵀ).
run repeat-copy-constructed.engram
check repeat-copy-constructed accuracy 1 "x == 1"
check repeat-copy-constructed mse 1 "x < 1e-20"
check repeat-copy-constructed horizon 1 "x == 200"
grep -qF '"basis":"constructed"' "$T/repeat-copy-constructed.json" || fail "constructed: no basis named"
# The variables move through their subspaces: at t = 0 only the last subspace
# holds y(0) (norm sqrt(8)); at t = 7 every subspace holds one input.
norms=$(grep -o '"subspace_norms":.*' "$T/repeat-copy-constructed.json")
echo "$norms" | awk -F'\\],\\[' '{
    gsub(/"subspace_norms":\[\[/, "", $1); n0 = split($1, r0, ","); n7 = split($8, r7, ",")
    ok = n0 == 8 && n7 == 8
    for (i = 1; i <= 8; i++) {
        want0 = i == 8 ? sqrt(8) : 0
        ok = ok && (r0[i] - want0)^2 < 1e-20 && (r7[i] - sqrt(8))^2 < 1e-20
    }
    exit !ok }' || fail "constructed: subspace norms do not show the input moving through the subspaces"
"$E" run "$M/repeat-copy-constructed.engram" -o "$T/rc" >/dev/null || fail "constructed -o: exit $?"
head -c 128 "$T/rc/evaluate_1.projections.npy" | grep -qF "'shape': (208, 64)" || fail "projections.npy is not 208 × 64"

# The spectrum against theory: 64 eigenvalues on the unit circle at the 8th roots
# of unity, angle error ~0 in both bases; Φ is 8 cycles of length 8.
run repeat-copy-spectrum.engram
for n in 1 2; do
    check repeat-copy-spectrum rank "$((3 * n - 2))" "x == 64"
    check repeat-copy-spectrum residual "$n" "x < 1e-12"
    check repeat-copy-spectrum max_deg "$n" "x < 1e-9"
    check repeat-copy-spectrum comparable "$n" "x == \"true\""
done
grep -qF '"cycles":{"count":8,"on_cycles":64,"lengths":[8,8,8,8,8,8,8,8]' "$T/repeat-copy-spectrum.json" ||
    fail "repeat copy: Φ is not 8 cycles of 8"
# The literal GSEMM convention: radius 2 (1 + e^{0}), angles match I + Φᵀ.
check repeat-copy-spectrum radius 3 "(x - 2)^2 < 1e-20"
check repeat-copy-spectrum max_deg 3 "x < 1e-9"

# Compose copy: exact, and Φ is one cycle of length 16 whose sign product is −1.
run compose-copy.engram
check compose-copy accuracy 1 "x == 1"
grep -qF '"cycles":{"count":1,"on_cycles":16,"lengths":[16],"sign_products":[-1]}' "$T/compose-copy.json" ||
    fail "compose copy: cycles $(grep -o '"cycles":{[^}]*}' "$T/compose-copy.json")"
check compose-copy max_deg 1 "x < 1e-9"

# A Hopfield network's spectrum from its 5 × 5 Gram matrix: with a zero diagonal
# the trace is 0, and the 59 eigenvalues off the episodes' span are −N/D = −5/64.
run hebbian-spectrum.engram
grep -o '"eigenvalues":\[\[.*\]\]' "$T/hebbian-spectrum.json" | sed 's/^"eigenvalues"://' | tr -d '[' | tr ']' '\n' |
    awk -F, 'NF >= 2 { n++; sum += $(NF-1); if (($(NF-1) + 5 / 64)^2 < 1e-24) low++ }
             END { exit !(n == 64 && sum^2 < 1e-24 && low == 59) }' || fail "hebbian: trace or the −N/D eigenvalues wrong"
check hebbian-spectrum episodes 1 "x == 5"

# A float32 Fortran-order .npy (as numpy.save writes a transposed PyTorch
# weight) loads as is: eigenvalues 3, 2, -1 and e1 invariant (residual 0).
printf 'analyze spectrum { matrix = load("%s"); basis = load("%s") }\n' "$S/tests/data/emt/upper3_f4_fortran.npy" \
    "$S/tests/data/emt/e1.csv" >"$T/f4.engram"
"$E" run "$T/f4.engram" --json | tr -d ' \n' >"$T/f4.json" || fail "f4 model: exit $?"
grep -qF '"eigenvalues":[[3,0],[2,0],[-1,0]]' "$T/f4.json" || fail "f4 model: $(head -c 400 "$T/f4.json")"
check f4 residual 1 "x == 0"

# Two delays, y_1(t) = −y_1(t − 3) and y_0(t) = y_1(t − 1): a task a linear
# network can solve (component 0 is never read again), solved exactly; Φ has
# one cycle of 3 with sign product −1, so its eigenvalues above 0.9 are the
# three cube roots of −1 and the other three are 0.
run variable-binding-delays.engram
check variable-binding-delays accuracy 1 "x == 1"
check variable-binding-delays mse 1 "x < 1e-20"
check variable-binding-delays max_deg 1 "x < 1e-9"
grep -qF '"cycles":{"count":1,"on_cycles":3,"lengths":[3]' "$T/variable-binding-delays.json" ||
    fail "variable-binding-delays: Φ is not one cycle of 3"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "test_emt_models: all checks passed"
