#!/bin/bash
# test_capacity_partition.sh: `modules = k` with partition = patterns (each
# episode stored in one of k networks of D units, recall routed to it) and
# partition = compete (every module answers, the answer nearest the cue wins).
# Oracles: a hand-worked case and a numpy simulation of the same experiment.
# Usage: test_capacity_partition.sh ENGRAM SOURCE_DIR
set -u
E=$1
PY=/usr/bin/python3
$PY -c 'import numpy' 2>/dev/null || { echo "numpy missing: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export ENGRAM_BIN=$E WORK=$T
$PY - <<'PYEOF'
import json, os, subprocess, numpy as np

E, T = os.environ["ENGRAM_BIN"], os.environ["WORK"]
passed = failed = 0

def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)

def run(text, name):
    path = f"{T}/{name}.engram"
    open(path, "w").write(text)
    r = subprocess.run([E, "run", path, "--json"], capture_output=True, text=True)
    check(r.returncode == 0, f"{name}: exit {r.returncode}: {r.stderr}")
    return {b["block"]: b for b in json.loads(r.stdout)["results"]} if r.returncode == 0 else {}

# Hand-worked: 16 orthogonal episodes of 64 units, 16 modules, so each module
# holds one episode ξ. Hebbian, zero diagonal: from a cue with F = 13 flips
# h_i = ξ_i (ξ·σ − ξ_i σ_i)/D and ξ·σ = 64 − 26 = 38 > 1, so one synchronous
# step gives ξ: routed recall is exact. A module holding another episode ν
# sees ξ_ν·cue = −2 Σ_flipped ξ_νi ξ_i: odd (13 terms), so non-zero, and at
# most 26 in size (ξ_ν ⟂ ξ); one step gives sign(ξ_ν·cue) ξ_ν, which differs
# from the cue in (64 − |ξ_ν·cue|)/2 >= 19 > 13 units: compete picks the
# holder every time. One network with all 16 episodes is not exact.
r = run("""memories O { generate = orthogonal(count = 16, size = 64); seed = 1 }
network hop { rule = hebb; store = O }
capacity routed { network = hop; loads = [0.25]; trials = 4; probes = 16; cue = flip(0.2); modules = 16; partition = patterns }
capacity comp   { network = hop; loads = [0.25]; trials = 4; probes = 16; cue = flip(0.2); modules = 16; partition = compete }
capacity one    { network = hop; loads = [0.25]; trials = 4; probes = 16; cue = flip(0.2) }
capacity single { network = hop; loads = [0.25]; trials = 4; probes = 16; cue = flip(0.2); partition = patterns }
""", "hand")
# Two random episodes of 512 units in 4 modules: a module holding one episode
# ξ_ν with ξ_ν·cue = 0 flips every unit each step (h_i = −σ_i/D), a 2-cycle
# through the cue itself; it has not answered and must not win at distance 0.
r2 = run("""memories M { generate = random(count = 10, size = 512); seed = 7 }
network hop { rule = hebb; store = M }
capacity c { network = hop; loads = [0.00390625, 0.0078125]; trials = 8; probes = 4; cue = flip(0.1); modules = 4; partition = compete }
""", "cycle")
if r2:
    check(r2["c"]["exact_fraction"] == [1, 1], "compete with two episodes: %s" % r2["c"]["exact_fraction"])
if r:
    check(r["routed"]["exact_fraction"] == [1] and r["routed"]["hamming_mean"] == [0], "routed: %s" % r["routed"]["exact_fraction"])
    check(r["comp"]["exact_fraction"] == [1], "compete: %s" % r["comp"]["exact_fraction"])
    check(r["one"]["exact_fraction"][0] < 1, "one network: %s" % r["one"]["exact_fraction"])
    check(r["routed"]["partition"] == "patterns" and r["routed"]["modules"] == 16 and "partition" not in r["one"],
          "partition fields")
    # One module holding every episode is the plain network, draw for draw.
    check(r["single"]["exact_fraction"] == r["one"]["exact_fraction"] and
          r["single"]["hamming_mean"] == r["one"]["hamming_mean"], "partition = patterns, modules = 1 differs from one network")

# numpy simulation of the same experiment (its own random draws): random ±1
# episodes, Hebbian W = ΞᵀΞ/D with zero diagonal, exactly round(0.1 D) flips,
# synchronous updates keeping a unit whose field is 0, stop at a fixed point,
# a 2-cycle or 100 steps; the first 8 episodes probed; exact = Hamming 0.
# compete takes the converged answer nearest the cue (a module in a 2-cycle
# through the cue itself has not answered).
D, probes, trials = 100, 8, 30
loads = [0.1, 0.2, 0.3, 0.4, 0.5]
rng = np.random.default_rng(7)

def recall(W, x):
    """The final state and whether it is a fixed point (not a 2-cycle, not the step limit)."""
    prev = None
    for _ in range(100):
        h = W @ x
        y = np.where(h > 0, 1.0, np.where(h < 0, -1.0, x))
        if np.array_equal(y, x):
            return y, True
        if prev is not None and np.array_equal(y, prev):
            return y, False
        prev, x = x, y
    return x, False

def numpy_exact(k, mode, load):
    n, good, total = int(round(load * D)), 0, 0
    for _ in range(trials):
        X = rng.choice([-1.0, 1.0], size=(n, D))
        Ws = []
        for m in range(k):
            P = X[m::k]
            W = P.T @ P / D
            np.fill_diagonal(W, 0)
            Ws.append(W)
        for p in range(min(probes, n)):
            cue = X[p].copy()
            cue[rng.choice(D, int(round(0.1 * D)), replace=False)] *= -1
            if mode == "patterns":
                y = recall(Ws[p % k], cue.copy())[0]
            else:
                # Converged answers first, then the nearest to the cue, then the lower module.
                answers = [recall(W, cue.copy()) for W in Ws]
                y = min(answers, key=lambda a: (not a[1], np.abs(a[0] - cue).sum()))[0]
            good += np.array_equal(y, X[p])
            total += 1
    return good / total

for k in (2, 4):
    text = f"""memories M {{ generate = random(count = 10, size = {D}); seed = 3 }}
network hop {{ rule = hebb; store = M }}
capacity routed {{ network = hop; loads = {loads}; trials = {trials}; probes = {probes}; cue = flip(0.1); modules = {k}; partition = patterns }}
capacity comp {{ network = hop; loads = {loads}; trials = {trials}; probes = {probes}; cue = flip(0.1); modules = {k}; partition = compete }}
"""
    r = run(text, f"sim{k}")
    for mode, block in (("patterns", "routed"), ("compete", "comp")):
        if not r:
            continue
        ours = np.array(r[block]["exact_fraction"])
        theirs = np.array([numpy_exact(k, mode, a) for a in loads])
        # 240 recalls a point: the s.d. of a fraction is at most 0.032.
        check(np.abs(ours - theirs).max() < 0.15 and np.abs(ours - theirs).mean() < 0.06,
              f"k = {k}, {mode}: engram {ours.round(3).tolist()}, numpy {theirs.round(3).tolist()}")
    if r:
        # Routed recall in k modules is one network at load α/k: the knee moves to about k times.
        check(r["routed"]["exact_fraction"][0] > 0.9, f"k = {k}: routed at load 0.1 {r['routed']['exact_fraction']}")
print(f"{passed} passed, {failed} failed")
raise SystemExit(1 if failed else 0)
PYEOF
