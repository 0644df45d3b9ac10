#!/usr/bin/env bash
# Bad input to the memory kinds: each gives a clear error naming the file and
# the place, a non-zero exit and no output directory.
set -uo pipefail
engram=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# Mistakes in the model exit 1 (found by the check, before anything runs); a
# data file whose contents do not fit what the model asks exits 4 (I/O).
# expect NAME CODE PATTERN MODEL-TEXT: the run must exit with CODE, print an
# error matching PATTERN (with a file:line:col location) and write nothing.
expect() {
    local name=$1 code=$2 pattern=$3
    printf '%s\n' "$4" > "$tmp/$name.engram"
    "$engram" run "$tmp/$name.engram" -o "$tmp/out_$name" > "$tmp/$name.out" 2> "$tmp/$name.err"
    local rc=$?
    if [ "$rc" -ne "$code" ]; then
        echo "FAIL: $name exited with $rc, not $code"; cat "$tmp/$name.err"; fail=1
    fi
    if ! grep -q "$name.engram:[0-9]*:[0-9]*: error: .*$pattern" "$tmp/$name.err"; then
        echo "FAIL: $name: no located error matching '$pattern'"; cat "$tmp/$name.err"; fail=1
    fi
    if [ -e "$tmp/out_$name/summary.json" ]; then
        echo "FAIL: $name wrote results"; fail=1
    fi
}

# Fixtures: a good bipolar .npy, a 1-D one, a truncated one, a complex one, a grey-level CSV,
# an empty CSV, a good IDX file and a truncated one, a non-numeric CSV.
/usr/bin/python3 - "$tmp" <<'PY'
import numpy as np, struct, sys
d = sys.argv[1]
rng = np.random.default_rng(1)
np.save(f"{d}/good.npy", rng.choice([-1.0, 1.0], size=(3, 16)))
np.save(f"{d}/flat.npy", rng.choice([-1.0, 1.0], size=16))
raw = open(f"{d}/good.npy", "rb").read()
open(f"{d}/truncated.npy", "wb").write(raw[:-20])
np.save(f"{d}/complex.npy", np.ones((2, 4), dtype=np.complex128))
with open(f"{d}/grey.csv", "w") as f:
    f.write("0.2,0.7,1.0,-1\n1,1,-1,-1\n")
with open(f"{d}/empty.csv", "w") as f:
    f.write("a,b,c\n")
img = bytes([0, 0, 8, 3]) + struct.pack(">III", 4, 2, 2) + bytes(range(16))
open(f"{d}/good.idx", "wb").write(img)
open(f"{d}/truncated.idx", "wb").write(img[:-3])
PY

expect size_mismatch 1 "network has 64 units but memories 'M' holds episodes of 100 units" \
'memories M { generate = random(count = 5, size = 100) }
network hop { units = 64; store = M }
recall { network = hop; cue = M[0] }'

expect cue_size 1 "holds episodes of 32 units but the network has 100" \
'memories M { generate = random(count = 5, size = 100) }
memories O { generate = random(count = 5, size = 32) }
network hop { store = M }
recall { network = hop; cue = each(O) }'

expect not_bipolar 4 "holds 0.2, which is not -1 or +1 (bipolar); give a threshold" \
"memories M { generate = load(\"$tmp/grey.csv\") }
network hop { store = M }
recall { network = hop; cue = M[0] }"

expect binary_for_bipolar 1 "needs {-1, +1} values" \
'memories M { generate = sparse(count = 5, size = 100, activity = 0.1) }
network hop { store = M }
recall { network = hop; cue = M[0] }'

expect zero_episodes 1 "explicit(...) needs at least one episode" \
'memories M { generate = explicit(rows = []) }
network hop { store = M }
recall { network = hop; cue = each(M) }'

expect empty_file 4 "empty.csv has 0 rows" \
"memories M { generate = load(\"$tmp/empty.csv\") }
network hop { store = M }
recall { network = hop; cue = each(M) }"

expect flat_npy 4 "flat.npy holds a 1-dimensional array" \
"memories M { generate = load(\"$tmp/flat.npy\") }
network hop { store = M }
recall { network = hop; cue = M[0] }"

expect wrong_dtype 4 "complex.npy: unsupported dtype '<c16'" \
"memories M { generate = load(\"$tmp/complex.npy\") }
network hop { store = M }
recall { network = hop; cue = M[0] }"

expect truncated_npy 4 "truncated.npy" \
"memories M { generate = load(\"$tmp/truncated.npy\") }
network hop { store = M }
recall { network = hop; cue = M[0] }"

expect truncated_idx 4 "truncated.idx" \
"memories M { generate = load(\"$tmp/truncated.idx\", threshold = 7) }
network hop { store = M }
recall { network = hop; cue = M[0] }"

expect idx_rows 4 "good.idx has 4 rows; rows 3 to 4 were asked for" \
"memories M { generate = load(\"$tmp/good.idx\", threshold = 7, first = 3, count = 2) }
network hop { store = M }
recall { network = hop; cue = M[0] }"

expect missing_file 4 "nothing.npy" \
"memories M { generate = load(\"$tmp/nothing.npy\") }
network hop { store = M }
recall { network = hop; cue = M[0] }"

expect hadamard_size 1 "no Hadamard matrix of size 100 is built.*64 and 128" \
'memories M { generate = orthogonal(count = 10, size = 100) }
network hop { store = M }
recall { network = hop; cue = M[0] }'

expect hadamard_count 1 "Hadamard matrix gives 1 to 63 orthogonal episodes.*asked for 64" \
'memories M { generate = orthogonal(count = 64, size = 64) }
network hop { store = M }
recall { network = hop; cue = M[0] }'

expect rule_state 1 "rule 'poly' does not fit state = binary" \
'memories M { generate = sparse(count = 5, size = 100, activity = 0.1) }
network hop { rule = poly(n = 3); state = binary; store = M }
recall { network = hop; cue = M[0] }'

expect bad_expression 1 "c2_post: in \"-0.1 \* v\", column 8: unknown name 'v' (the variable is 'w')" \
'memories M { generate = random(count = 5, size = 50) }
network hop { rule = hebbian(c2_corr = 1, c2_post = expr("-0.1 * v")); store = M }
recall { network = hop; cue = M[0] }'

expect explicit_chars 1 "episode 0, unit 3: 'x' is not a unit value" \
'memories M { generate = explicit(["+-+x", "++--"]) }
network hop { store = M }
recall { network = hop; cue = M[0] }'

expect fixed_capacity 1 "capacity experiments need a generator" \
"memories M { generate = load(\"$tmp/good.npy\") }
network hop { store = M }
capacity { network = hop; loads = [0.1] }"

expect hetero_rule 1 "hetero-association ('content') needs kohonen" \
'memories M { generate = random(count = 5, size = 50) }
memories C { generate = random(count = 5, size = 20) }
network hop { rule = hebb; store = M; content = C }
recall { network = hop; cue = M[0] }'

expect pair_counts 1 "pairs need equal counts" \
'memories M { generate = random(count = 5, size = 50) }
memories C { generate = random(count = 4, size = 20) }
network hop { rule = kohonen; store = M; content = C }
recall { network = hop; cue = M[0]; target = C[0] }'

expect each_target 1 "leave 'target' out" \
'memories M { generate = random(count = 5, size = 50) }
network hop { store = M }
recall { network = hop; cue = each(M); target = M[1] }'

# -j takes a number.
"$engram" run /dev/null -j x > /dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: -j x is not a usage error"; fail=1; }
exit $fail
