#!/bin/bash
# test_train_cells.sh: train blocks with gru(...), lstm(...) and rnn(bias = true):
# the .npz engram writes holds PyTorch's keys and shapes, numpy's own GRU, LSTM
# and RNN equations run on those weights solve repeat copy on sequences engram
# never drew, and `engram fixed-points` opens the file with the PyTorch layouts.
# Usage: test_train_cells.sh ENGRAM SOURCE_DIR
E=$1
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import numpy' 2>/dev/null || { echo "no numpy: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 failed=0
ok() { pass=$((pass + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# One model per network: repeat copy with s = d = 2.
model() {
    cat >"$T/$1.engram" <<EOM
task rc { kind = repeat_copy; length = 2; width = 2; repeats = 1 }
train t { network = $2; task = rc; optimizer = adam(lr = 1e-2); batch = 32; steps = 300; seed = 1 }
EOM
}
model gru "gru(hidden = 12)"
model lstm "lstm(hidden = 12)"
model rnn "rnn(hidden = 12, bias = true)"

# The oracle: numpy's forward pass of torch.nn.GRU / LSTM / RNN (the equations
# of the PyTorch documentation) and the readout, on 500 fresh ±1 sequences.
cat >"$T/oracle.py" <<'EOM'
import sys
import numpy as np
path, kind = sys.argv[1], sys.argv[2]
z = np.load(path)
expect = {"rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "readout.weight", "readout.bias"}
assert set(z.files) == expect, z.files
Wi, Wh, bi, bh = (z["rnn." + k] for k in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"))
Wo, bo = z["readout.weight"], z["readout.bias"]
G = {"gru": 3, "lstm": 4, "rnn": 1}[kind]
H = Wh.shape[1]
assert Wi.shape == (G * H, 2) and Wh.shape == (G * H, H) and bi.shape == (G * H,) and bh.shape == (G * H,)
assert Wo.shape == (2, H) and bo.shape == (2,)
sig = lambda x: 1 / (1 + np.exp(-x))
rng = np.random.default_rng(2024)
right = total = 0
for _ in range(500):
    y = rng.choice([-1.0, 1.0], size=(2, 2))
    u = np.vstack([y, np.zeros((2, 2))])
    h, c = np.zeros(H), np.zeros(H)
    for t in range(4):
        a, b = Wi @ u[t] + bi, Wh @ h + bh
        if kind == "rnn":
            h = np.tanh(a + b)
        elif kind == "gru":
            r, zz = sig(a[:H] + b[:H]), sig(a[H:2*H] + b[H:2*H])
            n = np.tanh(a[2*H:] + r * b[2*H:])
            h = (1 - zz) * n + zz * h
        else:
            s = a + b
            i, f, g, o = sig(s[:H]), sig(s[H:2*H]), np.tanh(s[2*H:3*H]), sig(s[3*H:])
            c = f * c + i * g
            h = o * np.tanh(c)
        if t >= 2:
            out = Wo @ h + bo
            right += int(np.sum(np.sign(out) == y[t - 2]))
            total += 2
print("%.4f" % (right / total))
EOM

for k in gru lstm rnn; do
    if ! "$E" run "$T/$k.engram" -o "$T/$k" >"$T/$k.txt" 2>"$T/$k.err"; then
        fail "$k: engram run exited $?: $(cat "$T/$k.err")"
        continue
    fi
    [ -f "$T/$k/t.network.npz" ] && ok || { fail "$k: no t.network.npz"; continue; }
    grep -q '"file": "t.network.npz"' "$T/$k/summary.json" && ok || fail "$k: summary.json does not name the archive"
    acc=$("$PY" "$T/oracle.py" "$T/$k/t.network.npz" "$k" 2>"$T/$k.py.err")
    if [ -z "$acc" ]; then
        fail "$k: numpy oracle: $(cat "$T/$k.py.err")"
    elif "$PY" -c "import sys; sys.exit(0 if float('$acc') > 0.99 else 1)"; then
        ok
    else
        fail "$k: numpy's forward pass on the saved weights scores $acc (expected > 0.99)"
    fi
    layout=pytorch-$k
    "$E" fixed-points "$T/$k/t.network.npz" --layout "$layout" --prefix rnn. --starts 32 --json >"$T/$k.fp" 2>"$T/$k.fp.err" &&
        grep -q '"count"' "$T/$k.fp" && ok || fail "$k: engram fixed-points --layout $layout: $(cat "$T/$k.fp.err")"
done

# Networks with biases feed no block that reads the bias-free RNN: a located error at check time.
cat >"$T/bad.engram" <<'EOM'
task rc { kind = repeat_copy; length = 2; width = 2 }
train t { network = gru(hidden = 4); task = rc; steps = 2 }
evaluate { network = t; task = rc }
EOM
if "$E" check "$T/bad.engram" >"$T/bad.out" 2>&1; then
    fail "evaluate on a GRU was accepted"
else
    grep -q "bad.engram:3:.*'t' trains a GRU with biases" "$T/bad.out" && ok || fail "message: $(cat "$T/bad.out")"
fi
cat >"$T/bad2.engram" <<'EOM'
task rc { kind = repeat_copy; length = 2; width = 2 }
train t { network = rnn(hidden = 4, activation = linear, bias = true); task = rc; steps = 2 }
EOM
if "$E" check "$T/bad2.engram" >"$T/bad2.out" 2>&1; then
    fail "a linear rnn with bias was accepted"
else
    grep -q "bad2.engram:2:.*activation is tanh" "$T/bad2.out" && ok || fail "message: $(cat "$T/bad2.out")"
fi

# Tasks only training takes: a flip_flop or delayed_match task in evaluate is refused at check time.
cat >"$T/bad3.engram" <<'EOM'
task ff { kind = flip_flop; width = 2; length = 10 }
network n { weights = [[0.5, 0], [0, 0.5]]; input_weights = [[1, 0], [0, 1]]; readout = [[1, 0], [0, 1]]; activation = tanh }
evaluate { network = n; task = ff }
EOM
if "$E" check "$T/bad3.engram" >"$T/bad3.out" 2>&1; then
    fail "evaluate on a flip_flop task was accepted"
else
    grep -q "bad3.engram:3:.*'ff' is a flip_flop task, which only train blocks take" "$T/bad3.out" && ok ||
        fail "message: $(cat "$T/bad3.out")"
fi
# A delayed_match task trains a GRU from a model file.
cat >"$T/dm.engram" <<'EOM'
task dm { kind = delayed_match; width = 2; length = 4 }
train t { network = gru(hidden = 16); task = dm; optimizer = adam(lr = 1e-2); batch = 32; steps = 300 }
EOM
"$E" run "$T/dm.engram" --json >"$T/dm.json" 2>"$T/dm.err" &&
    "$PY" -c "import json,sys; r=json.load(open('$T/dm.json'))['results']; sys.exit(0 if r[-1]['accuracy_last'] > 0.9 and r[-1]['horizon'] == 1 else 1)" &&
    ok || fail "delayed_match training: $(cat "$T/dm.err") $(head -c 300 "$T/dm.json")"

echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
