#!/usr/bin/env bash
# The published capacities of other rules at sizes too large for the tests:
# engram runs bench/published.engram and this script prints, measured against
# published:
#   - the synchronous sequence rule: alpha_c(D) at D = 400, 800, 1600 (mean
#     overlap with the episode reached after 100 steps below 0.5) and its
#     extrapolation in 1/D, against 0.269 (Düring, Coolen & Sherrington
#     1998; target: within 0.02);
#   - F_3: the error-free N_c at D = 32-256 against Krotov & Hopfield's
#     D^2/(6 ln D), and the slope of ln(N_c ln D) on ln D (target: 2 ± 0.1);
#   - the pseudo-inverse rule: the fraction of stored episodes that are fixed
#     points at D = 400 up to alpha = 0.99 (target: 1);
# and the wall time. The sparse covariance rule's capacity law is
# bench/run_sparse_law.sh's. usage: bench/run_published.sh [BUILD_DIR]   (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
engram=$build/engram
[[ -x $engram ]] || { echo "run_published.sh: $engram not found; build first" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t0=$(date +%s%N)
"$engram" run "$here/published.engram" -o "$tmp/out" --json > "$tmp/run.json"
t1=$(date +%s%N)
echo "command: engram run bench/published.engram; wall time: $(( (t1 - t0) / 1000000 )) ms"
/usr/bin/python3 - "$tmp/run.json" <<'PY'
import json, sys
import numpy as np

r = {b["block"]: b for b in json.load(open(sys.argv[1]))["results"]}
verdict = lambda ok: "PASS" if ok else "FAIL"
s = r["sequence"]
pub = s["theory"]["published_alpha_c_inf"]
print("sequence rule, synchronous, 100 steps, overlap below 0.5, 20 trials x 2 probes")
for d, a, (lo, hi) in zip(s["sizes"], s["alpha_c"], s["alpha_c_ci"]):
    print(f"  D = {d:<5.0f} alpha_c = {a:.4f} [{lo:.4f}, {hi:.4f}]")
lo, hi = s["alpha_c_inf_ci"]
print(f"  1/D: alpha_c(inf) = {s['alpha_c_inf']:.4f} [{lo:.4f}, {hi:.4f}]; published 0.269 (engram: {pub:.4f})"
      f" -> {verdict(abs(s['alpha_c_inf'] - 0.269) <= 0.02)}")

f = r["f3"]
d = np.array([x["size"] for x in f["sizes"]], float)
n = np.array([x["critical"] for x in f["sizes"]], float)
k = d ** 2 / (6 * np.log(d))
slope = np.polyfit(np.log(d), np.log(n * np.log(d)), 1)[0]
print("F_3, error-free from the stored episode, 90% of 20 trials x 5 probes")
for di, ni, ki in zip(d, n, k):
    print(f"  D = {di:<4.0f} N_c = {ni:<6.0f} Krotov-Hopfield D^2/(6 ln D) = {ki:.1f}  ratio {ni / ki:.3f}")
print(f"  slope of ln(N_c ln D) on ln D: {slope:.3f}; published 2 -> {verdict(abs(slope - 2) <= 0.1)}")

p = r["fixed"]
print("pseudo-inverse, D = 400, recall from the stored episode, 10 trials x 20 probes")
for a, e in zip(p["loads"], p["exact_fraction"]):
    print(f"  alpha = {a:.2f}: fixed points {e:.3f}")
print(f"  published: every episode fixed up to alpha -> 1 -> {verdict(all(e == 1 for e in p['exact_fraction']))}")
PY
