#!/bin/bash
# test_published.sh: published capacities measured by the models under
# models/memory/, with tolerances set by the sizes they use:
#   - sequence-capacity.engram: the synchronous sequence rule's α_c(∞),
#     extrapolated in 1/D from D = 200, 400 with 60 steps, within 0.02 of
#     Düring, Coolen & Sherrington's 0.269. At D = 400-1600 with 50-100 steps
#     α_c(D) lay between 0.257 and 0.274 (bench/run_published.sh): finite D
#     lowers it by about 0.01 at D = 400, too few steps raise it (20 steps:
#     0.29, the overlap near α_c decays slowly); the bootstrap half-width of
#     20 trials is about 0.01. The theory written beside it is the maximum of
#     ((erf(y)/y)² − (4/π) e^{−2y²})/2, recomputed by scipy;
#   - dense-capacity.engram: F_3's error-free N_c grows as D²/ln D (Krotov &
#     Hopfield 2016): the slope of ln(N_c ln D) against ln D over D = 32-128
#     within 0.1 of 2 (2.03 here, 2.00 over 32-256, 2.12 over 16-64: the
#     bisection's ±1 in N_c and the 90% success criterion move the slope by a
#     few hundredths at these sizes), and each N_c within 25% of
#     D²/(6 ln D), which critical writes beside them;
#   - glauber.engram: Hebb's rule under Glauber dynamics at T = 0.3, its
#     overlaps within 0.003 of AGS's m(alpha, T) and its alpha_c(inf) within
#     0.01 of alpha_c(T), both recomputed by scipy from the published equations;
#   - sparse-capacity.engram: the sparse covariance rule at a = 0.0125 and
#     0.025, D = 4000, threshold 0.6 of the way between the two signal levels:
#     the load where the mean errors of one synchronous step from a stored
#     episode pass 1% of its active units within 10% of the signal-to-noise
#     prediction for that threshold (D → ∞, computed by scipy), and the ratio
#     of the two loads within 10% of the prediction's. At D = 4000 the
#     measured loads lie 3-5% below the prediction (the crosstalk's finite-D
#     terms add to its variance); 40 recalls a load put a few per cent of
#     noise on each, the steep rise of the errors with the load keeps it small;
#     engram's own prediction (theory.snr_alpha_c, snr_table) equals scipy's;
#   - bench/sparse-law.engram at a = 0.0025, 0.005, 0.01 and D = 20000: the
#     capacity grows with 1/(a|ln a|) at a slope within 15% of 1 (below);
#   - Demircigil et al.'s bound on ln N written beside F(z) = e^z, and the
#     critical loads capacity and scaling write beside the pseudo-inverse,
#     sequence and sparse covariance rules.
# Usage: test_published.sh ENGRAM SOURCE_DIR
set -u
E=$1
PY=/usr/bin/python3
case "$E" in *under-valgrind*) echo "under valgrind: skipped"; exit 77 ;; esac
"$PY" -c 'import scipy' 2>/dev/null || { echo "scipy missing: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
M=$2/models/memory
passed=0
failures=0
check() { # message command...
    local what=$1
    shift
    if "$@"; then passed=$((passed + 1)); else echo "FAIL: $what" >&2; failures=$((failures + 1)); fi
}

check "sequence-capacity.engram runs" "$E" run "$M/sequence-capacity.engram" -o "$T/seq" --json > "$T/seq.json"
check "the sequence rule's alpha_c within 0.02 of 0.269" "$PY" - "$T/seq.json" <<'PY'
import json, sys
import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import erf
r = json.load(open(sys.argv[1]))["results"][0]
f = lambda y: -((erf(y) / y) ** 2 - 4 / np.pi * np.exp(-2 * y * y)) / 2
best = minimize_scalar(f, bounds=(0.3, 3.0), method="bounded", options={"xatol": 1e-12})
th = r["theory"]
ok = "During, Coolen & Sherrington" in th["published"] and abs(th["published_alpha_c_inf"] + best.fun) < 1e-9
ok = ok and abs(th["published_alpha_c_inf"] - 0.269) < 5e-4
print(f"   sequence rule: alpha_c(D) {r['alpha_c']}, alpha_c(inf) {r['alpha_c_inf']:.4f} "
      f"{r['alpha_c_inf_ci']}, theory {-best.fun:.4f}")
ok = ok and abs(r["alpha_c_inf"] - 0.269) < 0.02 and all(abs(a - 0.269) < 0.02 for a in r["alpha_c"])
sys.exit(0 if ok else 1)
PY

check "dense-capacity.engram runs" "$E" run "$M/dense-capacity.engram" -o "$T/dense" --json > "$T/dense.json"
check "F_3's error-free capacity grows as D^2/ln D" "$PY" - "$T/dense.json" <<'PY'
import json, sys
import numpy as np
r = json.load(open(sys.argv[1]))["results"][0]
d = np.array([s["size"] for s in r["sizes"]], float)
n = np.array([s["critical"] for s in r["sizes"]], float)
k = d ** 2 / (6 * np.log(d))
slope = np.polyfit(np.log(d), np.log(n * np.log(d)), 1)[0]
print(f"   F_3: D {d.astype(int).tolist()}, N_c {n.astype(int).tolist()}, K-H {np.round(k, 1).tolist()}, slope {slope:.3f}")
ok = not any(s.get("bounded") for s in r["sizes"]) and abs(slope - 2) < 0.1 and np.all(np.abs(n / k - 1) < 0.25)
ok = ok and "Krotov & Hopfield" in r["theory"]["published"] and np.allclose(r["theory"]["published_critical"], k, rtol=1e-14)
sys.exit(0 if ok else 1)
PY

# Demircigil et al.'s bound beside F(z) = e^z: ln N < D I(1 − 2ρ)/2 with
# I(x) = ((1 + x) ln(1 + x) + (1 − x) ln(1 − x))/2, here ρ = 0.1.
cat > "$T/exp.engram" <<'MODEL'
memories M { generate = random(count = 10, size = 16); seed = 1 }
network e { rule = exponential(beta = 1); store = M }
critical ex { network = e; sizes = [8, 12]; trials = 5; probes = 3; cue = flip(0.1); max_count = 4000 }
MODEL
check "the exponential memory runs" "$E" run "$T/exp.engram" -o "$T/exp" --json > "$T/exp.json"
check "Demircigil et al.'s bound beside F = exp" "$PY" - "$T/exp.json" <<'PY'
import json, sys
import numpy as np
th = json.load(open(sys.argv[1]))["results"][0]["theory"]
x = 0.8
i = ((1 + x) * np.log(1 + x) + (1 - x) * np.log(1 - x)) / 2
ok = "Demircigil" in th["published"] and np.allclose(th["published_log_critical"], [8 * i / 2, 12 * i / 2], rtol=1e-14)
sys.exit(0 if ok else 1)
PY

# capacity writes the published critical load beside the pseudo-inverse
# (either name), the synchronous cyclic sequence and the sparse covariance
# rules, and nothing beside Hebb's (whose theory is scaling's).
cat > "$T/cap.engram" <<'MODEL'
memories M { generate = random(count = 10, size = 100); seed = 1 }
memories S { generate = sparse(count = 10, size = 100, activity = 0.1); seed = 1 }
network proj { rule = pseudoinverse; store = M }
network seq { rule = sequence(lag = 1, cyclic = 1); store = M }
network cov { rule = covariance; store = S; state = binary; threshold = 0.036 }
network hop { rule = hebb; store = M }
capacity p { network = proj; loads = [0.5, 0.9]; trials = 2; probes = 5 }
capacity q { network = seq; loads = [0.1, 0.4]; trials = 2; probes = 2; steps = 10 }
capacity c { network = cov; loads = [0.1, 0.4]; trials = 2; probes = 5 }
capacity h { network = hop; loads = [0.1, 0.2]; trials = 2; probes = 5 }
scaling s { network = proj; sizes = [50, 100]; loads = 0.5 .. 1.0 step 0.1; trials = 2; cue = flip(0.05); criterion = exact; bootstrap = 100 }
MODEL
check "capacity beside published rules runs" "$E" run "$T/cap.engram" -o "$T/cap" --json > "$T/cap.json"
check "capacity: the published critical loads" "$PY" - "$T/cap.json" <<'PY'
import json, sys
import numpy as np
r = {b["block"]: b for b in json.load(open(sys.argv[1]))["results"]}
tf = 1 / (2 * 0.1 * abs(np.log(0.1)))
ok = r["p"]["theory"]["published_alpha_c"] == 1 and "Personnaz" in r["p"]["theory"]["published"]
ok = ok and abs(r["q"]["theory"]["published_alpha_c"] - 0.2690616) < 1e-6
ok = ok and abs(r["c"]["theory"]["published_alpha_c"] - tf) < 1e-14 and "theory" not in r["h"]
ok = ok and r["s"]["theory"]["published_alpha_c_inf"] == 1
sys.exit(0 if ok else 1)
PY

check "glauber.engram runs" "$E" run "$M/glauber.engram" -o "$T/glauber" --json > "$T/glauber.json"
check "Glauber dynamics at T = 0.3 against the AGS retrieval state" "$PY" - "$T/glauber.json" <<'PY'
# The oracle: AGS's equations in their published unknowns (m, q),
# r = q/(1 - beta(1 - q))^2, by scipy's fsolve with quad averages; alpha_c(T)
# by walking the load up with halving steps until the retrieval state is lost.
# Margins: the overlaps are means of 40 final states of D = 2000 units (a
# standard error of about 4e-4 at these loads); alpha_c(inf) is extrapolated
# from D = 250-1000 with 10 trials (a bootstrap half-width of about 0.004).
import json, sys, warnings
import numpy as np
from scipy.integrate import quad
from scipy.optimize import fsolve
warnings.filterwarnings("ignore")
T = 0.3
phi = lambda z: np.exp(-z * z / 2) / np.sqrt(2 * np.pi)
def eqs(v, a):
    m, q = v
    s = np.sqrt(a * q) / (1 - (1 - q) / T)
    f = lambda z: np.tanh((m + s * z) / T)
    M = quad(lambda z: f(z) * phi(z), -12, 12, points=[-m / s], limit=200)[0]
    Q = quad(lambda z: f(z) ** 2 * phi(z), -12, 12, points=[-m / s], limit=200)[0]
    return [m - M, q - Q]
def solve(a, v):
    s = fsolve(eqs, v, args=(a,), xtol=1e-12)
    ok = max(abs(x) for x in eqs(s, a)) < 1e-9 and s[0] > 0.5
    return s if ok else None
R = json.load(open(sys.argv[1]))["results"]
cap, sc = R[0], R[1]
ok = True
for a, h in zip(cap["loads"], cap["hamming_mean"]):
    m = solve(a, [1.0, 1.0])[0]
    print(f"   T = {T}, alpha = {a}: overlap {1 - 2 * h:.5f}, AGS m {m:.5f}")
    ok = ok and abs(1 - 2 * h - m) < 0.003
a, da, v = 0.0, 0.005, np.array([1.0, 1.0])
while da > 1e-6:
    s = solve(a + da, v)
    if s is None:
        da /= 2
    else:
        a, v = a + da, s
th = sc["theory"]
print(f"   alpha_c(T = {T}): AGS {a:.6f}, engram's theory {th['ags_alpha_c']:.6f}, "
      f"simulation {sc['alpha_c_inf']:.4f} {sc['alpha_c_inf_ci']}")
ok = ok and abs(th["ags_alpha_c"] - a) < 2e-6 and th["temperature"] == T
ok = ok and abs(sc["alpha_c_inf"] - a) < 0.01
sys.exit(0 if ok else 1)
PY

check "sparse-capacity.engram runs" "$E" run "$M/sparse-capacity.engram" -o "$T/sparse" --json > "$T/sparse.json"
check "the sparse covariance rule's capacity against the signal-to-noise prediction" "$PY" - "$T/sparse.json" "$T/sparse" <<'PY'
# The oracle: one step from a stored episode with W = (1/D) Σ (ξ − a)(ξ − a)ᵀ
# gives active units a(1 − a)² and inactive ones −a²(1 − a), plus Gaussian
# crosstalk of standard deviation a^{3/2}(1 − a)√α; the errors per active unit
# at threshold θ are [(1 − a) Q((θ + a²(1 − a))/σ) + a Φ((θ − a(1 − a)²)/σ)]/a.
import json, sys
import numpy as np
from scipy.optimize import brentq
from scipy.stats import norm
def errors(alpha, a, theta):
    s = a ** 1.5 * (1 - a) * np.sqrt(alpha)
    return ((1 - a) * norm.sf((theta + a * a * (1 - a)) / s) + a * norm.cdf((theta - a * (1 - a) ** 2) / s)) / a
def crossing(loads, eps):
    i = next(k for k, e in enumerate(eps) if e > 0.01)
    assert i > 0
    t = (np.log(0.01) - np.log(max(eps[i - 1], 1e-9))) / (np.log(eps[i]) - np.log(max(eps[i - 1], 1e-9)))
    return loads[i - 1] + t * (loads[i] - loads[i - 1])
r = {b["block"]: b for b in json.load(open(sys.argv[1]))["results"]}
ok, got, want = True, [], []
for name, a in (("a0125", 0.0125), ("a025", 0.025)):
    theta = a * (1 - a) * (0.6 - a)
    eps = np.array(r[name]["hamming_mean"]) / a
    got.append(crossing(r[name]["loads"], eps))
    want.append(brentq(lambda al: errors(al, a, theta) - 0.01, 0.01, 100))
    print(f"   a = {a}: 1% errors at N/D = {got[-1]:.3f}, prediction {want[-1]:.3f}")
    ok = ok and abs(got[-1] / want[-1] - 1) < 0.10
    # engram writes the same prediction beside the measurement.
    th = r[name]["theory"]
    table = np.load(f"{sys.argv[2]}/{r[name]['snr_table']['file']}")
    ok = ok and abs(th["snr_alpha_c"] / want[-1] - 1) < 1e-6
    ok = ok and np.allclose(table[:, 1], [errors(al, a, theta) for al in table[:, 0]], rtol=1e-9, atol=0)
ratio, pred = got[0] / got[1], want[0] / want[1]
print(f"   ratio {ratio:.3f}, prediction {pred:.3f}")
ok = ok and abs(ratio / pred - 1) < 0.10
sys.exit(0 if ok else 1)
PY

# The law's growth, 1/(a|ln a|) (Tsodyks & Feigel'man 1988), at a = 0.0025,
# 0.005 and 0.01, D = 20000 (bench/sparse-law.engram; bench/run_sparse_law.sh
# goes further): each activity at the threshold that minimises the predicted
# errors at its predicted capacity, the load where the errors pass 1% of the
# active units. The slope of ln α_c on ln(1/(a|ln a|)) must lie within 15% of
# the law's 1 (the issue's tolerance). Justification and caveat: the law is
# the a → 0 limit, and the prediction at D → ∞ has slope 1.15 over these
# activities; the measurement's is lower (1.04) because at aD = 50 the
# crosstalk's tail is not yet Gaussian and α_c falls 12% short. Each α_c
# must lie within 15% of the prediction.
check "the sparse law's slope" "$PY" - "$E" "$2/bench/sparse-law.engram" <<'PY'
import json, subprocess, sys
import numpy as np
from scipy.optimize import brentq
from scipy.stats import norm
engram, model = sys.argv[1], sys.argv[2]
def levels(a, al):
    return -a * a * (1 - a), a * (1 - a) ** 2, a ** 1.5 * (1 - a) * np.sqrt(al)
def best(a, al):
    lo, hi, s = levels(a, al)
    return 0.5 * (lo + hi) + s * s * np.log((1 - a) / a) / (hi - lo)
def errors(al, a, th):
    lo, hi, s = levels(a, al)
    return ((1 - a) * norm.sf((th - lo) / s) + a * norm.cdf((th - hi) / s)) / a
ok, got, want, x = True, [], [], []
for a in (0.0025, 0.005, 0.01):
    ac = brentq(lambda al: errors(al, a, best(a, al)) - 0.01, 0.01, 100)
    f = best(a, ac) / (a * (1 - a)) + a
    out = subprocess.run([engram, "run", model, "--json", "-D", f"a={a}", "-D", "d=20000", "-D", f"f={f:.6f}",
                          "-D", f"lo={0.8 * ac:.5f}", "-D", f"hi={1.101 * ac:.5f}", "-D", f"step={0.05 * ac:.5f}"],
                         capture_output=True, text=True, check=True).stdout
    r = json.loads(out)["results"][0]
    L, e = np.array(r["loads"]), np.array(r["hamming_mean"]) / a
    i = int(np.argmax(e > 0.01))
    assert 0 < i, e
    got.append(L[i - 1] + (np.log(0.01) - np.log(e[i - 1])) / (np.log(e[i]) - np.log(e[i - 1])) * (L[i] - L[i - 1]))
    want.append(ac)
    x.append(1 / (a * abs(np.log(a))))
    print(f"   a = {a}: alpha_c = {got[-1]:.3f}, prediction {ac:.3f}")
    ok = ok and abs(got[-1] / ac - 1) < 0.15
slope = np.polyfit(np.log(x), np.log(got), 1)[0]
print(f"   slope {slope:.3f} (prediction at D -> infinity {np.polyfit(np.log(x), np.log(want), 1)[0]:.3f}; law 1)")
sys.exit(0 if ok and abs(slope - 1) <= 0.15 else 1)
PY

# Its figure draws the errors per active unit, column 6 (Hamming / D) times
# 1/a, against a right axis of their own.
check "the sparse capacity's figure: errors per active unit on the right axis" \
    grep -q 'using 1:(\$6\*80+0) with linespoints axes x1y2 title .mean final errors per active unit (right).' \
    "$T/sparse/a0125.capacity.gp"
check "the sparse capacity's figure: the prediction beside it" \
    grep -q "'a0125.snr_table.npy' .* with lines axes x1y2 title 'signal-to-noise prediction" "$T/sparse/a0125.capacity.gp"

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
