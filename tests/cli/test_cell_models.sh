#!/bin/bash
# test_cell_models.sh: trained cells in the model language. A network with
# file and layout, analysed by `analyze fixed_points` and `analyze lyapunov`,
# gives what `engram fixed-points -o` and `engram lyapunov -o` give for the
# same file and options: every field of the subcommand's result, its .npy
# files value for value and its figures (the oracle is the subcommand, whose
# numbers test_fixed_points_cli.sh and test_lyapunov_cli.sh check against
# closed forms). A GRU trained by a train block in the model is analysed as
# the .npz it writes is by the subcommands. Data that does not fit the cell
# (an input of the wrong size, transposed weights, starts of the wrong width,
# too many exponents) fails at run with exit 4 at the key, leaving no result
# directory; the flip-flop model under models/trained/ and the example of
# docs/trained-networks.md run.
# Usage: test_cell_models.sh ENGRAM SOURCE_DIR
set -u
E=$1
SRC=$2
PY=/usr/bin/python3
"$PY" -c 'import numpy' 2>/dev/null || { echo "numpy missing: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$PY" - "$T" <<'PYEOF'
import sys
import numpy as np
d = sys.argv[1]
rng = np.random.default_rng(5)
H, I = 4, 3
np.savez(f"{d}/gru.npz", **{"rnn.weight_ih_l0": rng.normal(0, 0.5, (3 * H, I)),
                            "rnn.weight_hh_l0": rng.normal(0, 0.8, (3 * H, H)),
                            "rnn.bias_ih_l0": rng.normal(0, 0.1, 3 * H), "rnn.bias_hh_l0": rng.normal(0, 0.1, 3 * H)})
np.savez(f"{d}/psych.npz", W_rec=rng.normal(0, 0.6, (3, 3)), W_in=rng.normal(0, 1, (3, 2)), b_rec=[0.1, -0.1, 0.2])
starts = rng.normal(0, 1, (12, 3))
np.save(f"{d}/starts.npy", starts)
open(f"{d}/starts.txt", "w").write("[" + ", ".join("[" + ", ".join(repr(v) for v in r) + "]" for r in starts) + "]")
np.savez(f"{d}/transposed.npz", weight_hh_l0=np.ones((3, 3)), weight_ih_l0=np.ones((2, 3)))
PYEOF
failures=0
passed=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
ok() { passed=$((passed + 1)); }

cat >"$T/m.engram" <<MODEL
network cell { file = "gru.npz"; layout = "pytorch-gru"; prefix = "rnn." }
analyze fixed_points { network = cell; input = [0, 0.5, 0]; starts = trajectory(count = 64, steps = 300, seed = 2, jitter = 0.01) }
analyze lyapunov { network = cell; exponents = 3; steps = 2000; transient = 100; seed = 3 }
analyze lyapunov { network = cell; steps = 500; transient = 10; input = [0, 0, 1] }
network psych { file = "psych.npz"; layout = "psychrnn"; alpha = 0.2 }
analyze fixed_points { network = psych; input = [1, -1]; starts = $(cat "$T/starts.txt"); q_tol = 1e-14 }
analyze lyapunov { network = psych; transient = 0; steps = 300; input = [0.5, 0] }
analyze fixed_points { network = psych; input = [1, -1]; starts = load("starts.npy"); q_tol = 1e-14 }
MODEL
G="$T/gru.npz --layout pytorch-gru --prefix rnn."
P="$T/psych.npz --layout psychrnn --alpha 0.2"
"$E" run "$T/m.engram" -o "$T/m" >/dev/null 2>"$T/err" || fail "model: exit $? ($(cat "$T/err"))"
"$E" fixed-points $G --input 0,0.5,0 --starts 64 --steps 300 --seed 2 --jitter 0.01 -o "$T/c0" >/dev/null || fail "c0"
"$E" lyapunov $G --exponents 3 --steps 2000 --transient 100 --seed 3 -o "$T/c1" --json >"$T/c1.json" || fail "c1"
"$E" lyapunov $G --steps 500 --transient 10 --input 0,0,1 -o "$T/c2" >/dev/null || fail "c2"
"$E" fixed-points $P --input 1,-1 --from "$T/starts.npy" --q-tol 1e-14 -o "$T/c3" >/dev/null || fail "c3"
"$E" lyapunov $P --transient 0 --steps 300 --input 0.5,0 -o "$T/c4" >/dev/null || fail "c4"

# same.py MODEL-DIR INDEX CLI-DIR: the model's result INDEX holds every field
# of the subcommand's, equal, its files equal value for value, and the same
# figures; the file is the subcommand's (a path) or absent (trained in the
# model, whose archive the subcommand read).
cat >"$T/same.py" <<'PYEOF'
import json, sys
import numpy as np
mdir, i, cdir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
m = json.load(open(f"{mdir}/summary.json"))["results"][i]
c = json.load(open(f"{cdir}/summary.json"))["results"][0]
for k, v in c.items():
    if k in ("kind", "file", "figures"):
        continue
    assert k in m, f"the model's result lacks {k}"
    if isinstance(v, dict) and "file" in v:
        a, b = np.load(f"{mdir}/{m[k]['file']}"), np.load(f"{cdir}/{v['file']}")
        assert a.shape == b.shape and np.array_equal(a, b), (k, a, b)
    else:
        assert m[k] == v, (k, m[k], v)
names = lambda r: sorted(f["name"].split(".", 1)[1] for f in r.get("figures", []))
assert names(m) == names(c) and names(c), (names(m), names(c))
assert "file" not in m or m["file"] == c["file"].rsplit("/", 1)[-1], (m["file"], c["file"])
PYEOF
for pair in "0 c0" "1 c1" "2 c2" "3 c3" "4 c4" "5 c3"; do
    set -- $pair
    if "$PY" "$T/same.py" "$T/m" "$1" "$T/$2"; then ok; else fail "result $1 differs from that of engram ($2)"; fi
done
"$E" run "$T/m.engram" --json >"$T/m.json" 2>"$T/err" || fail "model --json: $(cat "$T/err")"
if "$PY" - "$T" <<'PYEOF'; then ok; else fail "the model's JSON differs from engram lyapunov --json"; fi
import json, sys
d = sys.argv[1]
m = json.load(open(f"{d}/m.json"))["results"][1]
c = json.load(open(f"{d}/c1.json"))
assert m["exponents"] == [c["exponents"]] and m["sum"] == c["sum"] and m["history"] == c["history"], (m, c)
PYEOF

# A GRU trained in the model, analysed there and from the archive it writes.
cat >"$T/t.engram" <<'MODEL'
task ff { kind = flip_flop; width = 2; length = 20; pulse = 0.1 }
train t { network = gru(hidden = 4); task = ff; batch = 4; steps = 20; seed = 1 }
analyze lyapunov { network = t; steps = 300; transient = 20 }
analyze fixed_points { network = t; starts = trajectory(count = 16, steps = 100) }
MODEL
"$E" run "$T/t.engram" -o "$T/t" >/dev/null 2>"$T/err" || fail "trained: exit $? ($(cat "$T/err"))"
A="$T/t/t.network.npz --layout pytorch-gru --prefix rnn."
"$E" lyapunov $A --steps 300 --transient 20 -o "$T/t1" >/dev/null || fail "t1"
"$E" fixed-points $A --starts 16 --steps 100 -o "$T/t2" >/dev/null || fail "t2"
for pair in "1 t1" "2 t2"; do
    set -- $pair
    if "$PY" "$T/same.py" "$T/t" "$1" "$T/$2"; then ok; else fail "trained cell: result $1 differs from ($2)"; fi
done

# Data that does not fit: exit 4, the message at the key, no result directory.
expect4() { # expect4 NAME PATTERN MODEL-TEXT
    printf '%s\n' "$3" >"$T/$1.engram"
    local out got
    out=$("$E" run "$T/$1.engram" -o "$T/$1.out" 2>"$T/$1.err"); got=$?
    if [ "$got" -eq 4 ] && grep -qF -- "$2" "$T/$1.err" && [ ! -e "$T/$1.out" ] && [ -z "$out" ]; then
        ok
    else
        fail "$1: exit $got, want 4 with '$2' and no directory: $(cat "$T/$1.err")"
    fi
}
expect4 input "input.engram:2:44: error: the input has 2 values; the cell takes 3 inputs" \
    'network cell { file = "gru.npz"; layout = "pytorch-gru"; prefix = "rnn." }
analyze lyapunov { network = cell; input = [0, 1] }'
expect4 transposed "transposed.engram:1:23: error:" \
    'network cell { file = "transposed.npz"; layout = "pytorch-rnn" }
analyze lyapunov { network = cell; steps = 10 }'
expect4 starts "starts.engram:2:49: error:" \
    'network cell { file = "gru.npz"; layout = "pytorch-gru"; prefix = "rnn." }
analyze fixed_points { network = cell; starts = [[0, 0], [1, 1]] }'
expect4 loaded "loaded.engram:2:49: error:" \
    'network cell { file = "gru.npz"; layout = "pytorch-gru"; prefix = "rnn." }
analyze fixed_points { network = cell; starts = load("starts.npy") }'
expect4 exponents "exponents.engram:2:36: error: 5 exponents asked of a cell whose state has 4 units" \
    'network cell { file = "gru.npz"; layout = "pytorch-gru"; prefix = "rnn." }
analyze lyapunov { network = cell; exponents = 5; steps = 10 }'

# The flip-flop model of models/trained: 8 stable corners with saddles, the
# exponents of engram lyapunov on the same file.
"$E" run "$SRC/models/trained/flip-flop-analysis.engram" --json >"$T/ff.json" 2>"$T/err" ||
    fail "flip-flop model: $(cat "$T/err")"
"$E" lyapunov "$SRC/models/trained/data/flip-flop-gru.npz" --layout pytorch-gru --prefix rnn. --exponents 8 --json \
    >"$T/ffc.json" || fail "flip-flop lyapunov"
if "$PY" - "$T" <<'PYEOF'; then ok; else fail "flip-flop model"; fi
import json, sys
d = sys.argv[1]
fp, ly = json.load(open(f"{d}/ff.json"))["results"]
c = json.load(open(f"{d}/ffc.json"))
assert fp["stable"] == 8 and fp["saddles"] >= 1, (fp["stable"], fp["saddles"])
assert ly["exponents"] == [c["exponents"]] and c["exponents"][0] < 0, (ly["exponents"], c["exponents"])
PYEOF

# The example of docs/trained-networks.md that trains and analyses a cell.
awk '/^<!-- run by test_cell_models.sh -->/ { take = 1; next }
     take && /^```engram/ { inside = 1; next }
     inside && /^```/ { exit }
     inside { print }' "$SRC/docs/trained-networks.md" >"$T/doc.engram"
if [ -s "$T/doc.engram" ] && "$E" run "$T/doc.engram" --json >"$T/doc.json" 2>"$T/err" &&
    grep -q '"exponents"' "$T/doc.json"; then ok; else fail "docs example: $(cat "$T/err")"; fi

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
