"""The largest K Lyapunov exponents of x' = -x + W tanh(x), N units, per unit
time, by the QR method on the variational equation in numpy/scipy: the state
and K tangent vectors integrated together by solve_ivp (DOP853) over each
re-orthonormalisation interval, then numpy's QR. Writes W and x0 for engram,
prints the loop's wall and CPU seconds and the exponents.
usage: lyapunov_flow_scipy.py DIR UNITS EXPONENTS TIME"""
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

d, n, k, T = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
rng = np.random.default_rng(1)
W = 2 * rng.normal(0, 1 / np.sqrt(n), (n, n))
x0 = rng.normal(0, 1, n)
np.save(f"{d}/W.npy", W)
open(f"{d}/x0.txt", "w").write("[" + ", ".join(repr(v) for v in x0) + "]")


def rhs(t, y):
    x, P = y[:n], y[n:].reshape(n, k)
    J = -np.eye(n) + W * (1 - np.tanh(x) ** 2)
    return np.r_[-x + W @ np.tanh(x), (J @ P).ravel()]


t0, c0 = time.perf_counter(), time.process_time()
y = np.r_[x0, np.eye(n)[:, :k].ravel()]
acc = np.zeros(k)
for i in range(int(T)):
    y = solve_ivp(rhs, (i, i + 1), y, method="DOP853", rtol=1e-8, atol=1e-10).y[:, -1]
    Q, R = np.linalg.qr(y[n:].reshape(n, k))
    acc += np.log(np.abs(np.diag(R)))
    y[n:] = Q.ravel()
print(f"{time.perf_counter() - t0:.3f} {time.process_time() - c0:.3f}", " ".join(f"{v:.6f}" for v in np.sort(acc / T)[::-1]))
