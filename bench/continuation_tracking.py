"""What the rightmost eigenvalues of bench/run_continuation.sh's network cost
without a factorisation per point. Two measurements at g = G (default 0.3):

1. The spectrum's right edge: the k = 8 rightmost eigenvalues, and for a
   shift sigma to their right (engram's: 0.1 right of the rightmost) the ratio
   |lambda_8 - sigma| / |lambda_25 - sigma|, the rate at which shift-invert
   iterations separate the 8 wanted from the 24 that engram's Arnoldi keeps.
2. Rayleigh-Ritz on the previous point's invariant subspace of the 24
   rightmost (no solve, one product with J per point), repeated over STEPS
   points DG apart (the bench's spacing in g): the residual of the 8 wanted
   Schur vectors and the error of their Ritz values against numpy.linalg.eigvals.

usage: continuation_tracking.py [W.npy|-] [G] [DG] [STEPS]
       (without W.npy, or with -, the bench's own: N = 1000, J_ij ~ N(0, 1/N)
       from numpy's default_rng(7))"""
import sys

import numpy as np

if len(sys.argv) > 1 and sys.argv[1] != "-":
    W = np.load(sys.argv[1])
else:
    W = np.random.default_rng(7).normal(0, 1 / np.sqrt(1000), (1000, 1000))
g = float(sys.argv[2]) if len(sys.argv) > 2 else 0.3
dg = float(sys.argv[3]) if len(sys.argv) > 3 else 5e-4
steps = int(sys.argv[4]) if len(sys.argv) > 4 else 5
n, k, m = W.shape[0], 8, 24


def equilibrium(x, g):
    """The branch's equilibrium of dx/dt = -x + W tanh(g x) + 0.1 near x, and its Jacobian."""
    for _ in range(40):
        t = np.tanh(g * x)
        J = -np.eye(n) + W * (g * (1 - t * t))[None, :]
        dx = np.linalg.solve(J, -(-x + W @ t + 0.1))
        x = x + dx
        if np.abs(dx).max() < 1e-13:
            break
    t = np.tanh(g * x)
    return x, -np.eye(n) + W * (g * (1 - t * t))[None, :]


def rightmost(ev, count):
    return ev[np.argsort(-ev.real, kind="stable")][:count]


def set_distance(a, b):
    d = np.abs(a[:, None] - b[None, :])
    return max(d.min(1).max(), d.min(0).max())


def real_basis(ev, V, count):
    """An orthonormal real basis of the span of the eigenvectors V of the
    count rightmost eigenvalues ev (a conjugate pair is not split: count may
    grow by one)."""
    cols = []
    for i in np.argsort(-ev.real, kind="stable"):
        if len(cols) >= count:
            break
        if ev[i].imag > 0:
            cols += [V[:, i].real, V[:, i].imag]
        elif ev[i].imag == 0:
            cols.append(V[:, i].real)
    return np.linalg.qr(np.array(cols).T)[0]


def rayleigh_ritz(J, Q):
    """The Ritz values of J on span(Q) sorted by real part, the residual norms
    of the k rightmost Ritz vectors, and the new basis in their order."""
    H = Q.T @ (J @ Q)
    theta, Y = np.linalg.eig(H)
    order = np.argsort(-theta.real, kind="stable")
    theta, Y = theta[order], Y[:, order]
    U = Q @ Y
    residual = np.linalg.norm(J @ U[:, :k] - U[:, :k] * theta[:k], axis=0) / np.linalg.norm(U[:, :k], axis=0)
    return theta, residual, real_basis(theta, U, Q.shape[1])


x, J = equilibrium(np.zeros(n), g)
ev = np.linalg.eigvals(J)
wanted = rightmost(ev, k)
sigma = wanted[0].real + 0.1
near = np.sort(np.abs(ev - sigma))
print(f"g = {g}: rightmost {k}: Re from {wanted[0].real:.4f} to {wanted[-1].real:.4f}, "
      f"|Im| up to {np.abs(wanted.imag).max():.3f}")
print(f"  sigma = {sigma:.4f}: |lambda_{k} - sigma| / |lambda_{m + 1} - sigma| = {near[k - 1] / near[m]:.3f}")
Q = real_basis(*np.linalg.eig(J), m)
for s in range(1, steps + 1):
    x, J = equilibrium(x, g + s * dg)
    theta, residual, Q = rayleigh_ritz(J, Q)
    err = set_distance(rightmost(theta, k), rightmost(np.linalg.eigvals(J), k))
    print(f"  step {s} (g + {s * dg:g}): Rayleigh-Ritz on the previous subspace: residual {residual.max():.1e}, "
          f"eigenvalue error {err:.1e}")
