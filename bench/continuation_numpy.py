"""The peer of bench/run_continuation.sh: the equilibrium branch of
dx/dt = -x + W tanh(g x) + 0.1 followed in g by natural-parameter steps
(Newton with numpy.linalg.solve and the analytic Jacobian, from the previous
point), with numpy.linalg.eigvals at every point; the time split into the
solves and the eigenvalues, measured inside the process.
usage: continuation_numpy.py W.npy POINTS"""
import sys
import time

import numpy as np

W = np.load(sys.argv[1])
points = int(sys.argv[2])
n = W.shape[0]
x = np.full(n, 0.1)
g = 0.2
solve = eig = 0.0
t_all = time.perf_counter()
for k in range(points):
    for _ in range(20):
        t = np.tanh(g * x)
        f = -x + W @ t + 0.1
        if np.abs(f).max() < 1e-10:
            break
        J = -np.eye(n) + W * (g * (1 - t * t))[None, :]
        t0 = time.perf_counter()
        x -= np.linalg.solve(J, f)
        solve += time.perf_counter() - t0
    J = -np.eye(n) + W * (g * (1 - np.tanh(g * x) ** 2))[None, :]
    t0 = time.perf_counter()
    lam = np.linalg.eigvals(J)
    eig += time.perf_counter() - t0
    g += 0.002
wall = time.perf_counter() - t_all
print(f"numpy (natural steps): N = {n}, {points} points: wall {wall:.2f} s = solves {solve:.2f} s + "
      f"eigenvalues {eig:.2f} s + the rest {wall - solve - eig:.2f} s")
