#!/bin/bash
# test_spectrum.sh: `engram spectrum` on fixtures (a float32 Fortran-order .npy
# among them) checked against hand-worked spectra, and its failures: clear
# messages, non-zero exits, no output directory left behind.
# Usage: test_spectrum.sh ENGRAM SOURCE_DIR
set -u
E=$1
S=$2
D=$S/tests/data/emt
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# The JSON document with all blanks removed, for fixed-text checks.
squash() {
    tr -d ' \n' <"$1"
}

# expect_in FILE TEXT: FILE (squashed) contains TEXT.
expect_in() {
    squash "$1" | grep -qF -- "$2" || fail "$1 lacks '$2': $(squash "$1" | head -c 600)"
}

# expect_error CODE TEXT ARGS...: engram spectrum ARGS exits with CODE, says TEXT
# on stderr, prints nothing on stdout and leaves no $T/out behind.
expect_error() {
    local code=$1 text=$2
    shift 2
    "$E" spectrum "$@" -o "$T/out" >"$T/stdout" 2>"$T/stderr"
    local rc=$?
    [ "$rc" -eq "$code" ] || fail "spectrum $* exited $rc, expected $code"
    grep -qF -- "$text" "$T/stderr" || fail "spectrum $*: stderr lacks '$text': $(cat "$T/stderr")"
    [ ! -s "$T/stdout" ] || fail "spectrum $*: printed on stdout: $(cat "$T/stdout")"
    [ ! -e "$T/out" ] || fail "spectrum $*: left $T/out behind"
    rm -rf "$T/out"
}

# [[2, 1, 0], [0, 3, 0], [0, 0, -1]], float32, Fortran order: eigenvalues 3, 2, -1
# (sorted by modulus); e1 spans an invariant subspace, so Φ = [2] and the
# residual is exactly 0 (a transposed read would give 1/sqrt(15)).
"$E" spectrum "$D/upper3_f4_fortran.npy" --basis "$D/e1.csv" --json >"$T/upper.json" || fail "upper3: exit $?"
expect_in "$T/upper.json" '"size":3,"symmetric":false'
expect_in "$T/upper.json" '"radius":3,'
expect_in "$T/upper.json" '"rank":3,'
expect_in "$T/upper.json" '"eigenvalues":[[3,0],[2,0],[-1,0]]'
expect_in "$T/upper.json" '"residual":0,'
expect_in "$T/upper.json" '"phi":[2]'
expect_in "$T/upper.json" '"cycles":{"count":1,"on_cycles":1,"lengths":[1],"sign_products":[1]}'
# Frobenius norm sqrt(15); singular values: the last is 1 (the block -1).
awk -v RS=, -F: '$1 == "\"frobenius\"" { ok = ($2 - sqrt(15))^2 < 1e-24 } END { exit !ok }' <(squash "$T/upper.json") ||
    fail "frobenius of upper3 is not sqrt(15)"

# A rotation by 90 degrees from CSV: eigenvalues -i then +i, normal, condition 1.
"$E" spectrum "$D/rot2.csv" --json >"$T/rot.json" || fail "rot2: exit $?"
expect_in "$T/rot.json" '"eigenvalues":[[0,-1],[0,1]]'
expect_in "$T/rot.json" '"radius":1,"condition":1,"henrici":0,"commutator":0'

# A symmetric matrix goes through dsyevr: eigenvalues 3 and 1.
"$E" spectrum "$D/sym2.npy" --json >"$T/sym.json" || fail "sym2: exit $?"
expect_in "$T/sym.json" '"symmetric":true'
expect_in "$T/sym.json" '"eigenvalues":[[3,0],[1,0]]'
expect_in "$T/sym.json" '"rank":2,'
"$E" spectrum "$D/sym2.npy" --rank-threshold 2 --json >"$T/sym3.json" || fail "sym2 --rank-threshold: exit $?"
expect_in "$T/sym3.json" '"rank_threshold":2,"rank":1,'

# The privileged basis of the small trained network (s = d = 3): 9 columns of full rank.
"$E" spectrum "$S/models/emt/data/small.W_hh.npy" --input "$S/models/emt/data/small.W_uh.npy" --steps 3 --json \
    >"$T/priv.json" || fail "privileged: exit $?"
expect_in "$T/priv.json" '"columns":9,"rank":9,'

# Text mode and an output directory: summary.json and the .npy files, all of them.
"$E" spectrum "$D/upper3_f4_fortran.npy" --basis "$D/e1.csv" --vectors -o "$T/o1" >"$T/text" || fail "-o: exit $?"
grep -q '^spectrum of .*upper3_f4_fortran.npy (3 × 3, general, dgeev): radius 3,' "$T/text" || fail "text: $(cat "$T/text")"
for f in summary.json spectrum.eigenvalues.npy spectrum.phi.npy spectrum.phi_eigenvalues.npy \
    spectrum.eigenvectors_re.npy spectrum.eigenvectors_im.npy; do
    [ -s "$T/o1/$f" ] || fail "-o did not write $f"
done
head -c 128 "$T/o1/spectrum.eigenvalues.npy" | grep -qF "'shape': (3, 2)" || fail "eigenvalues.npy is not 3 × 2"
expect_in "$T/o1/summary.json" '"eigenvalues":{"file":"spectrum.eigenvalues.npy","shape":[3,2]}'

# Errors. What a data file holds (not .npy, truncated, not square, a basis of
# the wrong height, an unknown format) is a data error: exit 4, as documented.
expect_error 4 "nothere.npy: cannot open" "$T/nothere.npy"
expect_error 4 "is 2 × 3; a spectrum needs a square matrix" "$S/tests/data/npy/f4_fortran.npy"
printf 'this is not an array' >"$T/garbage.npy"
expect_error 4 "garbage.npy: not a .npy file" "$T/garbage.npy"
head -c 150 "$S/models/emt/data/small.W_hh.npy" >"$T/truncated.npy"
expect_error 4 "truncated.npy: data holds 22 bytes" "$T/truncated.npy"
expect_error 4 "e1.csv: the basis has 3 rows; $D/sym2.npy has 2" "$D/sym2.npy" --basis "$D/e1.csv"
expect_error 4 "cannot tell the format" "$D/make.py"
expect_error 4 "small.W_uh.npy: the input weights have 24 rows" "$D/sym2.npy" --input "$S/models/emt/data/small.W_uh.npy" --steps 1
expect_error 2 "needs both --input" "$D/sym2.npy" --steps 2
expect_error 2 "unknown option '--bogus'" "$D/sym2.npy" --bogus
expect_error 2 "--steps takes a whole number" "$D/sym2.npy" --input "$D/e1_2.csv" --steps 1.5
expect_error 2 "spectrum needs a matrix file"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "test_spectrum: all checks passed"
