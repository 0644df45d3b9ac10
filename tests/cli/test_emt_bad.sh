#!/bin/bash
# test_emt_bad.sh: bad weights, bases, files and widths in model files fail
# with a located message naming the file, a non-zero exit and no output.
# Usage: test_emt_bad.sh ENGRAM SOURCE_DIR
. "$(dirname "$0")/lib_emt.sh" "$@"

# bad MODEL_TEXT CODE TEXT: the model fails with CODE, says TEXT, writes nothing.
bad() {
    printf '%s\n' "$1" >"$T/bad.engram"
    "$E" run "$T/bad.engram" -o "$T/out" >"$T/stdout" 2>"$T/stderr"
    local rc=$?
    [ "$rc" -eq "$2" ] || fail "bad model exited $rc, expected $2: $1"
    grep -qF -- "$3" "$T/stderr" || fail "bad model: stderr lacks '$3': $(cat "$T/stderr")"
    grep -qF -- "bad.engram:" "$T/stderr" || fail "bad model: no location: $(cat "$T/stderr")"
    [ ! -e "$T/out" ] || fail "bad model left output behind: $1"
    rm -rf "$T/out"
}
N=$S/tests/data/npy
W=$M/data
bad "network n { weights = load(\"$N/f4_fortran.npy\") }
analyze spectrum { network = n }" 4 "f4_fortran.npy) is 2 × 3; recurrent weights must be square"
bad "analyze spectrum { matrix = load(\"$N/f4_fortran.npy\") }" 4 "is 2 × 3; a spectrum needs a square matrix"
head -c 150 "$W/small.W_hh.npy" >"$T/truncated.npy"
bad "analyze spectrum { matrix = load(\"$T/truncated.npy\") }" 4 "cannot load a matrix: $T/truncated.npy: data holds 22 bytes"
bad "analyze spectrum { matrix = load(\"$T/missing.npy\") }" 4 "missing.npy: cannot open"
bad "analyze spectrum { matrix = [[1, 0], [0, 1]]; basis = load(\"$S/tests/data/emt/e1.csv\") }" 4 \
    "e1.csv) has 3 rows but the inline matrix has 2 units"
bad "task rc { kind = repeat_copy; length = 3; width = 4 }
network n { weights = load(\"$W/small.W_hh.npy\"); input_weights = load(\"$W/small.W_uh.npy\"); readout = load(\"$W/small.W_r.npy\") }
evaluate { network = n; task = rc }" 4 "network 'n' has 3 inputs and 3 outputs (input_weights and readout), but task 'rc' has width 4"
bad "task rc { kind = repeat_copy; length = 3; width = 4 }
network n { weights = load(\"$W/small.W_hh.npy\"); input_weights = load(\"$W/small.W_uh.npy\") }
analyze spectrum { network = n; basis = privileged(task = rc) }" 4 "task 'rc' has width 4 but the input weights of 'n' have 3 columns"
bad "network n { weights = load(\"$W/small.W_hh.npy\"); input_weights = load(\"$N/f4_fortran.npy\") }
analyze spectrum { network = n }" 4 "'input_weights' ($N/f4_fortran.npy) is 2 × 3 but needs rows = 24"
bad "task rc { kind = repeat_copy; length = 8; width = 8 }
network b { construct = emt(task = rc, hidden = 32) }
evaluate { network = b; task = rc }" 1 "hidden = 32 is too small: task 'rc' needs s·d = 64 units"
bad "task vb { kind = variable_binding; length = 1; width = 1; composition = load(\"$S/tests/data/emt/e1.csv\") }
network b { construct = emt(task = vb, hidden = 2) }
evaluate { network = b; task = vb }" 4 "composition must be 1 × 1 (s·d × d), got 3 × 1"
bad "memories M { generate = random(count = 2, size = 8) }
evaluate { network = M; task = M }" 1 "must name a task block"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "test_emt_bad: all checks passed"
