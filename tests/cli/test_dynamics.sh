#!/usr/bin/env bash
# Continuous-time models through the command line: the sweep model, the DSEM
# reference run, LISEM stepping through its cycle, a diverging simulation
# (exit 3, trajectory kept and marked incomplete), and bad models (clear
# message with a location, non-zero exit, no output written).
set -euo pipefail
engram=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
py=/usr/bin/python3

# The autapse sweep: three points, files prefixed per point, x(10) decays, holds, grows.
"$engram" run "$src/models/dynamics/autapse-sweep.engram" -o "$tmp/sweep" > "$tmp/sweep.out"
for p in p000 p001 p002; do
    [ -s "$tmp/sweep/$p.s.states.npy" ] || { echo "FAIL: sweep point $p wrote no states"; fail=1; }
done
if [ -x "$py" ] && "$py" -c 'import numpy' 2>/dev/null; then
    "$py" - "$tmp/sweep" <<'PY' || { echo "FAIL: autapse sweep end points"; fail=1; }
import sys, math, numpy as np
d = sys.argv[1]
for p, w in (("p000", 0.5), ("p001", 1.0), ("p002", 1.5)):
    x = np.load(f"{d}/{p}.s.states.npy")[:, 0]
    t = np.load(f"{d}/{p}.s.times.npy")[:, 0]
    a = w - 1
    x2 = 1.0 if a == 0 else (math.exp(a) - 1) / a
    want = x2 * math.exp(a * (t[-1] - 2))
    assert abs(x[-1] - want) <= 1e-7 * abs(want), (p, x[-1], want)
PY
fi

# DSEM: 4, 5, 6, 3, ... about 4.7 time units per memory.
"$engram" run "$src/models/dynamics/dsem.engram" > "$tmp/dsem.out"
grep -q 'memories visited 4, 5, 6, 3, 4, 5, 6, 3' "$tmp/dsem.out" || { echo "FAIL: DSEM order"; cat "$tmp/dsem.out"; fail=1; }
grep -q 'mean dwell 4\.[5-9]' "$tmp/dsem.out" || { echo "FAIL: DSEM dwell"; cat "$tmp/dsem.out"; fail=1; }

# LISEM with the published parameters and 64 orthogonal memories: 0, 1, 2, 3, 4,
# twice over. The order is recomputed from the recorded states with Hadamard
# rows built by numpy, independently of engram's generator and visit count.
"$engram" run "$src/models/dynamics/lisem.engram" -o "$tmp/lisem" > "$tmp/lisem.out"
grep -q 'memories visited 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0' "$tmp/lisem.out" || { echo "FAIL: LISEM order"; cat "$tmp/lisem.out"; fail=1; }
if [ -x "$py" ] && "$py" -c 'import numpy' 2>/dev/null; then
    "$py" - "$tmp/lisem" <<'PY' || { echo "FAIL: LISEM order from the states"; fail=1; }
import sys, numpy as np
d = sys.argv[1]
states = np.load(f"{d}/steps.states.npy")
times = np.load(f"{d}/steps.times.npy")[:, 0]
n = 64
H = np.array([[(-1) ** bin(m & i).count("1") for i in range(n)] for m in range(1, 6)], dtype=float)
assert states.shape[1] == 2 * n, states.shape
dominant = np.argmax(states[:, :n] @ H.T, axis=1)
visits = [int(dominant[0])]
starts = [times[0]]
for t, m in zip(times, dominant):
    if m != visits[-1]:
        visits.append(int(m))
        starts.append(t)
assert len(visits) >= 11 and visits == [i % 5 for i in range(len(visits))], visits
# The first dwell is the drive balance's T_d ln(beta_d / (beta_d - beta_d*)), about 136.
assert 120 < starts[1] < 150, starts[1]
PY
fi

# Divergence: exit 3, message naming time and unit, files written, summary marked incomplete.
cat > "$tmp/diverge.engram" <<'M'
network g { units = 2; state = rate; weights = [[1, 0], [0, 3]] }
simulate blow { network = g; time = 0 .. 100; init = [1, 1]; bound = 1e3; record = every(0.5) }
M
set +e
"$engram" run "$tmp/diverge.engram" -o "$tmp/div" > "$tmp/div.out" 2> "$tmp/div.err"
rc=$?
set -e
[ "$rc" -eq 3 ] || { echo "FAIL: divergence exit $rc, not 3"; fail=1; }
grep -q 'diverge.engram:2:1: error: diverged at t = 3.5: unit 1' "$tmp/div.err" || { echo "FAIL: divergence message"; cat "$tmp/div.err"; fail=1; }
grep -q '"complete": false' "$tmp/div/summary.json" || { echo "FAIL: incomplete run not marked"; fail=1; }
[ -s "$tmp/div/blow.states.npy" ] || { echo "FAIL: incomplete trajectory not written"; fail=1; }
grep -q 'incomplete' "$tmp/div.out" || { echo "FAIL: incomplete run not said"; fail=1; }

# The same with engram's dopri5: exit 3, the time is that of the step that
# crossed the bound (x_1 = e^{2t} passes 1e3 at t = 3.45), records kept.
sed 's/bound = 1e3;/bound = 1e3; method = dopri5;/' "$tmp/diverge.engram" > "$tmp/diverge5.engram"
set +e
"$engram" run "$tmp/diverge5.engram" -o "$tmp/div5" > "$tmp/div5.out" 2> "$tmp/div5.err"
rc=$?
set -e
[ "$rc" -eq 3 ] || { echo "FAIL: dopri5 divergence exit $rc, not 3"; fail=1; }
grep -Eq 'diverge5.engram:2:1: error: diverged at t = 3\.[4-9][0-9]*: unit 1' "$tmp/div5.err" ||
    { echo "FAIL: dopri5 divergence message"; cat "$tmp/div5.err"; fail=1; }
[ -s "$tmp/div5/blow.states.npy" ] || { echo "FAIL: dopri5 incomplete trajectory not written"; fail=1; }

# Within a sweep a diverging point fails the run and nothing is written.
cat > "$tmp/sweepdiv.engram" <<'M'
param w = 0.5
network g { units = 1; state = rate; weights = [[w]] }
simulate s { network = g; time = 0 .. 100; init = 1; bound = 10 }
sweep w in [0.5, 3]
M
set +e
"$engram" run "$tmp/sweepdiv.engram" -o "$tmp/sweepdiv" > "$tmp/sweepdiv.out" 2> "$tmp/sweepdiv.err"
rc=$?
set -e
[ "$rc" -eq 3 ] || { echo "FAIL: diverging sweep exits $rc, not 3"; fail=1; }
[ ! -e "$tmp/sweepdiv" ] || { echo "FAIL: diverging sweep wrote output"; fail=1; }
grep -q 'unit 0' "$tmp/sweepdiv.err" || { echo "FAIL: diverging sweep message"; cat "$tmp/sweepdiv.err"; fail=1; }

# Bad models: exit status, message with location, nothing written.
bad() { # name expected-exit expected-text model-text
    printf '%s\n' "$4" > "$tmp/$1.engram"
    set +e
    "$engram" run "$tmp/$1.engram" -o "$tmp/out-$1" > /dev/null 2> "$tmp/$1.err"
    local rc=$?
    set -e
    [ "$rc" -eq "$2" ] || { echo "FAIL: $1 exits $rc, not $2"; cat "$tmp/$1.err"; fail=1; }
    grep -qF -- "$3" "$tmp/$1.err" || { echo "FAIL: $1 message"; cat "$tmp/$1.err"; fail=1; }
    [ ! -e "$tmp/out-$1" ] || { echo "FAIL: $1 wrote output"; fail=1; }
}
bad wrong_w 1 "wrong_w.engram:1:48: error: weights are 3 × 3 but the network has 2 units" \
  'network n { units = 2; state = rate; weights = [[1, 0, 0], [0, 1, 0], [0, 0, 1]] }
simulate s { network = n; time = 0 .. 1 }'
bad nonsquare 1 "nonsquare.engram:1:37: error: weights must be square, got 2 × 3" \
  'network n { state = rate; weights = [[1, 0, 0], [0, 1, 0]] }
simulate s { network = n; time = 0 .. 1 }'
bad amplitude 1 "amplitude.engram:2:79: error: the amplitude has 3 entries but the network has 2 units" \
  'network n { units = 2; state = rate }
simulate s { network = n; time = 0 .. 1; input = pulse(width = 1, amplitude = [1, 2, 3]) }'
bad stepper 1 "did you mean 'rk8pd'?" \
  'network n { units = 1; state = rate }
simulate s { network = n; time = 0 .. 1; method = rk8pf }'
bad missing 4 "no-such-file.npy: cannot open: No such file or directory" \
  'network n { state = rate; weights = load("no-such-file.npy") }
simulate s { network = n; time = 0 .. 1 }'
grep -qF "missing.engram:1:42: error: " "$tmp/missing.err" || { echo "FAIL: missing file location"; fail=1; }

# Starts read from a file: the autapse x' = −x + 2 tanh(x) from −3, 0.1 and 3
# finds 0 (unstable, λ = 1) and ±x*, x* = 2 tanh(x*) = 1.915008 (by hand:
# tanh(1.915008) = 0.957504), stable with λ = 2(1 − tanh²x*) − 1 = −0.83363.
if [ -x "$py" ] && "$py" -c 'import numpy' 2>/dev/null; then
    "$py" -c 'import numpy as np, sys; np.save(sys.argv[1], np.array([[-3.0], [0.1], [3.0]]))' "$tmp/starts.npy"
    printf '%s\n' 'network sat { units = 1; state = rate; weights = [[2]]; activation = tanh }' \
        'analyze fixed_points { network = sat; starts = load("starts.npy") }' > "$tmp/loaded.engram"
    "$engram" run "$tmp/loaded.engram" --json > "$tmp/loaded.json" || { echo "FAIL: starts = load(...)"; fail=1; }
    "$py" - "$tmp/loaded.json" <<'PY' || { echo "FAIL: the roots from loaded starts"; fail=1; }
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
assert r["starts"] == 3 and r["count"] == 3 and r["stable"] == 2, r
x, lam = r["points"], r["eig_re"]
assert abs(x[0] + 1.915008) < 1e-6 and abs(x[1]) < 1e-9 and abs(x[2] - 1.915008) < 1e-6, x
assert abs(lam[0] + 0.83363) < 1e-5 and abs(lam[1] - 1) < 1e-9, lam
PY
fi
exit $fail
