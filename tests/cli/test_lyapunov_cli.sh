#!/bin/bash
# test_lyapunov_cli.sh: `engram lyapunov` against closed forms: a tanh cell
# with W = diag(0.5, -0.25) and no input rests at 0, where the Jacobian is W,
# so its exponents are log 0.5 and log 0.25; a PsychRNN cell with
# W_rec = diag(0.5, 0.3), b_rec = (1, 1) and α = 0.2 settles at b/(1 − w) > 0,
# where its map's Jacobian is diag(1 − α(1 − w)): exponents log 0.9 and
# log 0.86 per step, those over α per unit τ (the sum rule and chaotic
# networks are tested on the library, tests/unit/test_lyapunov.c); and the
# errors: usage (2), unreadable files (4), nothing on stdout.
# Usage: test_lyapunov_cli.sh ENGRAM SOURCE_DIR
set -u
E=$1
PY=/usr/bin/python3
"$PY" -c 'import numpy' 2>/dev/null || { echo "numpy missing: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$PY" - "$T" <<'PYEOF'
import sys
import numpy as np
d = sys.argv[1]
np.savez(f"{d}/diag.npz", weight_hh_l0=[[0.5, 0.0], [0.0, -0.25]], weight_ih_l0=[[1.0], [1.0]])
np.savez(f"{d}/leaky.npz", W_rec=[[0.5, 0.0], [0.0, 0.3]], W_in=[[1.0], [1.0]], b_rec=[1.0, 1.0])
PYEOF
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
check() {
    "$PY" -c "import json, sys, math
d = json.loads(sys.argv[1])
$2" "$1" || fail "$3"
}

out=$("$E" lyapunov "$T/diag.npz" --layout pytorch-rnn --input 0 --steps 200 --transient 0 --json) || fail "diag: exit $?"
check "$out" '
assert abs(d["exponents"][0] - math.log(0.5)) < 1e-12, d["exponents"]
assert abs(d["exponents"][1] - math.log(0.25)) < 1e-12, d["exponents"]
assert d["drive"] == "constant" and len(d["history"]) == 100 and d["history"][-1][0] == 200

assert "exponents_per_tau" not in d' "diag: log 0.5 and log 0.25"

out=$("$E" lyapunov "$T/leaky.npz" --layout psychrnn --alpha 0.2 --input 0 --steps 2000 --transient 1000 --json) ||
    fail "leaky: exit $?"
check "$out" '
want = [math.log(0.9), math.log(0.86)]
assert all(abs(a - b) < 1e-12 for a, b in zip(d["exponents"], want)), d["exponents"]
assert all(abs(a - b / 0.2) < 1e-12 for a, b in zip(d["exponents_per_tau"], want)), d["exponents_per_tau"]' \
    "leaky: log 0.9 and log 0.86 per step, over alpha per tau"

out=$("$E" lyapunov "$T/diag.npz" --layout pytorch-rnn --exponents 1 --input 0 --steps 50 --transient 0) || fail "text: exit $?"
case "$out" in *"-0.69315"*) ;; *) fail "text output: $out" ;; esac

expect() { # expect RC PATTERN ARGS...
    local rc=$1 pat=$2; shift 2
    local out got
    out=$("$E" lyapunov "$@" 2>"$T/err"); got=$?
    [ "$got" -eq "$rc" ] || fail "$*: exit $got, want $rc ($(cat "$T/err"))"
    [ -z "$out" ] || fail "$*: wrote to stdout"
    grep -qF -- "$pat" "$T/err" || fail "$*: message lacks '$pat': $(cat "$T/err")"
}
expect 2 "--exponents 3: the state has 2 units" "$T/diag.npz" --layout pytorch-rnn --exponents 3
expect 2 "--steps takes a whole number >= 1" "$T/diag.npz" --layout pytorch-rnn --steps 0
# Without --layout the keys tell it (a weight_hh_l0 of H rows: pytorch-rnn): log 0.5 again.
out=$("$E" lyapunov "$T/diag.npz" --input 0 --steps 200 --transient 0 --json) || fail "no --layout: exit $?"
check "$out" '
assert d["layout"] == "pytorch-rnn" and abs(d["exponents"][0] - math.log(0.5)) < 1e-12, d' "no --layout: pytorch-rnn"
"$PY" -c 'import numpy as np, sys; np.savez(sys.argv[1], W=[[1.0]])' "$T/nocell.npz"
expect 2 "needs --layout" "$T/nocell.npz"
expect 4 "cannot open" "$T/none.npz" --layout pytorch-gru
"$E" help lyapunov | grep -q "Benettin" || fail "engram help lyapunov"

echo "$((9 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
