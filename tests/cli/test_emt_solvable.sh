#!/bin/bash
# test_emt_solvable.sh: construct = emt(task = T) on random variable-binding
# compositions (lengths 2–8, widths 1–3). The oracle is numpy: it simulates
# each task's target from unit inputs and decides whether a linear network can
# solve it (the output's dependence on input j must be the same for every t
# with the same t − j, since a linear network's output is a fixed filter of
# its input). Solvable ones must evaluate exactly and obey the task's
# recurrence; the others must be refused by `engram check`, and the witness
# the refusal names must be what numpy computes.
# Usage: test_emt_solvable.sh ENGRAM SOURCE_DIR
set -u
E=$1
PY=/usr/bin/python3
$PY -c 'import numpy' 2>/dev/null || { echo "numpy missing: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export ENGRAM_BIN=$E WORK=$T
$PY - <<'PYEOF'
import json, os, re, subprocess, numpy as np

E, T = os.environ["ENGRAM_BIN"], os.environ["WORK"]
rng = np.random.default_rng(20261203)
passed = failed = 0

def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)

def coefficients(f, s, d, T):
    """Y[t, k, j*d+m]: the weight of input u(j)_m in y_k(t), by simulating the task."""
    Y = np.zeros((T, d, s * d))
    for col in range(s * d):
        y = np.zeros((T, d))
        y[:s] = np.eye(s * d)[col].reshape(s, d)
        for t in range(s, T):
            y[t] = f.T @ y[t - s:t].reshape(-1)
        Y[:, :, col] = y
    return Y

def solvable(f, s, d):
    T = 3 * s * d + 2 * s
    Y = coefficients(f, s, d, T)
    return all(np.array_equal(Y[t, :, j * d:(j + 1) * d], Y[t + 1, :, (j + 1) * d:(j + 2) * d])
               for t in range(s, T - 1) for j in range(s - 1))

def random_f(s, d):
    f = np.zeros((s * d, d), int)
    for k in range(d):
        f[rng.integers(s * d), k] = rng.choice([-1, 1])
    return f

# The issue's case first (y(t) = y(t−1), s = 3, d = 2), then random ones
# until six of each kind, every length 2–8 drawn.
cases = [(3, 2, np.array([[0, 0], [0, 0], [0, 0], [0, 0], [1, 0], [0, 1]]))]
want = {True: 6, False: 6}
have = {True: 0, False: 1}
tries = 0
while (have[True] < want[True] or have[False] < want[False]) and tries < 20000:
    tries += 1
    s, d = int(rng.integers(2, 9)), int(rng.integers(1, 4))
    f = random_f(s, d)
    # Solvable tasks are rare among uniform draws: also draw ones whose
    # shorter delays only feed components nobody reads again.
    if tries % 2 == 0:
        f[:] = 0
        for k in range(d):
            f[rng.integers(d), k] = rng.choice([-1, 1])   # delay s
        k = int(rng.integers(d))
        if not (f[:d, :] != 0)[k, :].any():               # nobody reads component k
            f[:, k] = 0
            f[rng.integers(d, s * d), k] = rng.choice([-1, 1])
    ok = solvable(f, s, d)
    if have[ok] < want[ok] and all(not (c[0] == s and c[1] == d and np.array_equal(c[2], f)) for c in cases):
        cases.append((s, d, f))
        have[ok] += 1
check(have[True] == 6 and have[False] == 6, f"drew {have} cases")
check(len({c[0] for c in cases}) >= 4, "lengths drawn: %s" % sorted({c[0] for c in cases}))

for n, (s, d, f) in enumerate(cases):
    horizon = 3 * s * d
    rows = ", ".join("[" + ", ".join(str(int(v)) for v in row) + "]" for row in f)
    model = f"{T}/case{n}.engram"
    with open(model, "w") as fh:
        fh.write(f"task vb {{ kind = variable_binding; length = {s}; width = {d}; composition = [{rows}] }}\n"
                 f"network built {{ construct = emt(task = vb, hidden = {s * d + 3}, seed = {n + 1}) }}\n"
                 f"evaluate {{ network = built; task = vb; horizon = {horizon}; samples = 8 }}\n")
    tag = f"s = {s}, d = {d}, f = {f.tolist()}"
    if solvable(f, s, d):
        r = subprocess.run([E, "run", model, "--json"], capture_output=True, text=True)
        check(r.returncode == 0, f"{tag}: run exited {r.returncode}: {r.stderr}")
        if r.returncode:
            continue
        ev = json.loads(r.stdout)["results"][0]
        check(ev["accuracy"] == 1 and ev["mse"] < 1e-20, f"{tag}: accuracy {ev['accuracy']}, MSE {ev['mse']}")
        o, y = np.array(ev["outputs"]).reshape(-1, d), np.array(ev["targets"]).reshape(-1, d)
        check(np.abs(o[s:] - y[s:]).max() < 1e-9, f"{tag}: outputs differ from targets")
        # The outputs obey the task's recurrence, and are ±1.
        rec = max(np.abs(o[t] - f.T @ o[t - s:t].reshape(-1)).max() for t in range(2 * s, len(o)))
        check(rec < 1e-9 and np.allclose(np.abs(o[s:]), 1), f"{tag}: recurrence error {rec}")
    else:
        r = subprocess.run([E, "check", model], capture_output=True, text=True)
        check(r.returncode == 1 and "nor can any linear network" in r.stderr,
              f"{tag}: check exited {r.returncode}: {r.stderr}")
        w = re.search(r"y\((\d+)\)_(\d+) reads u\((\d+)\)_(\d+) with weight (-?\d+) but "
                      r"y\((\d+)\)_(\d+) reads u\((\d+)\)_(\d+), one step later, with weight (-?\d+)", r.stderr)
        check(w is not None, f"{tag}: no witness in {r.stderr}")
        if w:
            t, k, j, m, a, t1, k1, j1, m1, b = (int(x) for x in w.groups())
            Y = coefficients(f, s, d, t + 2)
            check((t1, k1, j1, m1) == (t + 1, k, j + 1, m) and t >= s and j + 1 < s,
                  f"{tag}: witness indices {w.groups()}")
            check(Y[t, k, j * d + m] == a and Y[t + 1, k, (j + 1) * d + m] == b and a != b,
                  f"{tag}: witness weights {a}, {b}; numpy {Y[t, k, j * d + m]}, {Y[t + 1, k, (j + 1) * d + m]}")
print(f"{passed} passed, {failed} failed")
raise SystemExit(1 if failed else 0)
PYEOF
