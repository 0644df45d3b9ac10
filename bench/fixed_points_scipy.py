#!/usr/bin/python3
"""The peer of `engram fixed-points` in bench/run_fixed_points.sh: the same
algorithm written with numpy and scipy, as a researcher would (and as
FixedPointFinder does it in spirit): for every start, minimise
q(h) = 1/2 |F(h) - h|^2 with scipy.optimize.least_squares (Levenberg-Marquardt,
MINPACK) and the analytic Jacobian, keep q <= 1e-12, merge points closer than
1e-6. Also writes the network and the starts engram reads.

usage: fixed_points_scipy.py DIR [UNITS] [STARTS]   writes DIR/net.npz, DIR/starts.npy,
       DIR/scipy_points.npy and prints the seconds the search took."""
import sys
import time

import numpy as np
from scipy.optimize import least_squares

d = sys.argv[1]
H = int(sys.argv[2]) if len(sys.argv) > 2 else 128
N = int(sys.argv[3]) if len(sys.argv) > 3 else 1024
I = 3
rng = np.random.default_rng(11)
W = rng.normal(0, 1.2 / np.sqrt(H), (H, H))
Wi = rng.normal(0, 1, (H, I))
b = rng.normal(0, 0.1, H)
np.savez(f"{d}/net.npz", weight_hh_l0=W, weight_ih_l0=Wi, bias_hh_l0=b, bias_ih_l0=np.zeros(H))

# Starts: states of the network driven by random pulses, as engram samples them.
T = 2000
u = rng.choice([1.0, -1.0, 0.0], size=(T, I), p=[0.05, 0.05, 0.9])
h, states = np.zeros(H), np.empty((T, H))
for t in range(T):
    h = np.tanh(W @ h + Wi @ u[t] + b)
    states[t] = h
starts = states[rng.integers(0, T, N)]
np.save(f"{d}/starts.npy", starts)


def residual(h):
    return np.tanh(W @ h + b) - h


def jacobian(h):
    y = np.tanh(W @ h + b)
    return (1 - y * y)[:, None] * W - np.eye(H)


t0 = time.perf_counter()
found = []
for s in starts:
    r = least_squares(residual, s, jac=jacobian, method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=400)
    if 0.5 * np.sum(r.fun ** 2) <= 1e-12 and not any(np.max(np.abs(r.x - p)) <= 1e-6 for p in found):
        found.append(r.x)
elapsed = time.perf_counter() - t0
np.save(f"{d}/scipy_points.npy", np.array(found).reshape(-1, H))
print(f"{elapsed:.3f}")
