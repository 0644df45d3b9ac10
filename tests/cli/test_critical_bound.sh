#!/usr/bin/env bash
# critical reports a count that reached its search limit as a bound, never as
# a capacity, and fits no exponent through bounds. Oracle, worked by hand:
# with orthogonal episodes, Hebb's rule (1/D, zero diagonal) gives
# W ξ_μ = ξ_μ (D − N)/D, so with unit threshold θ an undamaged episode is a
# fixed point exactly when (D − N)/D > θ: N_c = ceil(D (1 − θ)) − 1, and with
# θ = 0 every one of the D − 1 Hadamard episodes is (true N_c = D − 1).
# usage: test_critical_bound.sh ENGRAM SOURCE_DIR
set -euo pipefail
engram=${1:?usage: test_critical_bound.sh ENGRAM SOURCE_DIR}
py=/usr/bin/python3
"$py" -c 'import numpy' 2>/dev/null || { echo "no numpy: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/bound.engram" <<'MODEL'
memories M { generate = orthogonal(count = 8, size = 64) }
network hop  { rule = hebb; store = M; threshold = 0.45 }
network free { rule = hebb; store = M }
memories R { generate = random(count = 10, size = 100); seed = 1 }
network rnd  { rule = hebb; store = R }
# found within the limit at every size
critical found  { network = hop; sizes = [16, 32, 64]; trials = 2; probes = 2; cue = flip(0) }
# D = 64 (true N_c = 35) reaches max_count = 20: a bound, left out of the fit
critical capped { network = hop; sizes = [16, 32, 64]; trials = 2; probes = 2; cue = flip(0); max_count = 20 }
# true N_c = 63 > 20; and, without max_count, all 63 Hadamard episodes
critical low    { network = free; sizes = [64]; trials = 2; probes = 2; cue = flip(0); max_count = 20 }
critical all    { network = free; sizes = [32, 64]; trials = 2; probes = 2; cue = flip(0) }
# the default limit for random episodes: max(8 D, 2^20 / D)
critical wide   { network = rnd; sizes = [100, 400]; trials = 4; probes = 2; cue = flip(0.05) }
MODEL
"$engram" run "$tmp/bound.engram" --json > "$tmp/out.json"
"$py" - "$tmp/out.json" <<'PY'
import json, math, sys
import numpy as np
r = {x["block"]: x for x in json.load(open(sys.argv[1]))["results"]}
passed = failed = 0
def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)
theta = 0.45
def hand(d):
    return math.ceil(d * (1 - theta)) - 1
for d, s in zip([16, 32, 64], r["found"]["sizes"]):
    check(s["critical"] == hand(d) and not s["bounded"], f"found D = {d}: {s} (hand-worked N_c = {hand(d)})")
slope = np.polyfit(np.log([16, 32, 64]), np.log([hand(d) for d in (16, 32, 64)]), 1)[0]
check(abs(r["found"]["exponent"] - slope) < 1e-9 and r["found"]["fit_sizes"] == 3,
      f"found exponent {r['found'].get('exponent')} vs {slope}")
c = r["capped"]
s64 = c["sizes"][2]
check(s64["bounded"] and s64["critical"] == 20 and s64["limit"] == 20, f"capped D = 64: {s64}")
check(not c["sizes"][0]["bounded"] and not c["sizes"][1]["bounded"], "capped: found sizes marked bounded")
slope2 = np.polyfit(np.log([16, 32]), np.log([hand(16), hand(32)]), 1)[0]
check(abs(c["exponent"] - slope2) < 1e-9 and c["fit_sizes"] == 2, f"capped exponent {c.get('exponent')} vs {slope2} (bound left out)")
check("D = 64: N_c >= 20, search limit reached" in c["text"] and "left out of the fit: 1 of 3 sizes" in c["text"], c["text"])
low = r["low"]["sizes"][0]
check(low["bounded"] and low["critical"] == 20 and "N_c >= 20, search limit reached" in r["low"]["text"], f"low: {low}")
a = r["all"]
check(all(s["bounded"] and s["critical"] == s["size"] - 1 == s["limit"] for s in a["sizes"]), f"all: {a['sizes']}")
check("exponent" not in a and "no exponent" in a["text"], f"all: an exponent fitted through bounds: {a['text']}")
for s in r["wide"]["sizes"]:
    d = s["size"]
    check(s["limit"] == max(8 * d, 2**20 // d) and not s["bounded"], f"wide D = {d}: limit {s['limit']}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
