#!/bin/bash
# test_science_figures.sh: the figures docs/science.md quotes from theory,
# recomputed here with scipy from their sources' equations: the
# Amit-Gutfreund-Sompolinsky zero-temperature solution (alpha_c, m at
# alpha_c, the fraction of wrong bits there). Skipped (77) without scipy.
# Usage: test_science_figures.sh ENGRAM SOURCE_DIR
set -u
S=$2
PY=/usr/bin/python3
"$PY" -c 'import scipy' 2>/dev/null || { echo "scipy missing: skipped"; exit 77; }
"$PY" - "$S/docs/science.md" <<'PYEOF'
import re, sys
import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import erf

text = open(sys.argv[1], encoding="utf-8").read()
# erf(y) = y (sqrt(2 alpha) + 2/sqrt(pi) exp(-y^2)) has a solution y > 0 while
# alpha <= (erf(y)/y - 2/sqrt(pi) exp(-y^2))^2 / 2 for some y: alpha_c is its maximum.
g = lambda y: -(erf(y) / y - 2 / np.sqrt(np.pi) * np.exp(-y * y)) ** 2 / 2
best = minimize_scalar(g, bounds=(0.5, 3.0), method="bounded", options={"xatol": 1e-12})
alpha_c, m = -best.fun, erf(best.x)
wrong = 100 * (1 - m) / 2
want = {"alpha_c": f"`α_c = {alpha_c:.4f}`", "m": f"`m = {m:.4f}`", "wrong bits": f"{wrong:.2f}% of the bits"}
failures = [f"{k}: docs/science.md should say {v}" for k, v in want.items() if v not in text]
for f in failures:
    print("FAIL:", f)
print(f"{len(want) - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
PYEOF
