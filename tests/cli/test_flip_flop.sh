#!/bin/bash
# test_flip_flop.sh: models/emt/flip-flop.engram trains a 3-bit flip-flop GRU,
# and `engram fixed-points` on the .npz it writes finds 8 stable fixed points
# whose readouts lie near the 8 corners of {−1, +1}³, one each, with saddles
# between them (Sussillo & Barak 2013, fig. 2). The readouts are computed by
# numpy from the saved weights.
# Usage: test_flip_flop.sh ENGRAM SOURCE_DIR
E=$1
S=$2
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import numpy' 2>/dev/null || { echo "no numpy: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 failed=0
ok() { pass=$((pass + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

if ! "$E" run "$S/models/emt/flip-flop.engram" -o "$T/out" >"$T/run.txt" 2>"$T/run.err"; then
    echo "FAIL: engram run flip-flop.engram: $(cat "$T/run.err")"
    echo "0 passed, 1 failed"
    exit 1
fi
ok
"$PY" - "$T/out/summary.json" <<'EOM' && ok || fail "training did not reach accuracy 0.99"
import json, sys
r = [x for x in json.load(open(sys.argv[1]))["results"] if x.get("block") == "t"][0]
print("flip-flop training: accuracy_last", r["accuracy_last"], "loss_last", r["loss_last"])
sys.exit(0 if r["accuracy_last"] > 0.99 else 1)
EOM
if "$E" fixed-points "$T/out/t.network.npz" --layout pytorch-gru --prefix rnn. --json >"$T/fp.json" 2>"$T/fp.err"; then
    ok
    "$PY" - "$T/out/t.network.npz" "$T/fp.json" <<'EOM' && ok || fail "fixed points: see above"
import json, sys
import numpy as np
z = np.load(sys.argv[1])
d = json.load(open(sys.argv[2]))
W, b = z["readout.weight"], z["readout.bias"]
stable = [np.array(p["state"]) for p in d["points"] if p["unstable"] == 0]
saddles = [p for p in d["points"] if p["class"].startswith("saddle")]
outs = [W @ h + b for h in stable]
corners = {tuple(np.sign(o).astype(int)) for o in outs}
far = max(np.max(np.abs(np.abs(o) - 1)) for o in outs) if outs else 1
print("fixed points: %d, stable %d, saddles %d; stable readouts' distinct corners %d, largest | |o| - 1 | %.3f"
      % (d["count"], len(stable), len(saddles), len(corners), far))
ok = len(stable) == 8 and d["stable"] == 8 and len(corners) == 8 and far < 0.25 and len(saddles) >= 3
sys.exit(0 if ok else 1)
EOM
else
    fail "engram fixed-points: $(cat "$T/fp.err")"
fi

echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
