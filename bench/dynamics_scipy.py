"""Plain scipy/numpy references for bench_dynamics: the same problems,
timed around the integration (or the right-hand side) only.

usage: dynamics_scipy.py DIR   (DIR holds the models bench_dynamics wrote)
       dynamics_scipy.py DIR accuracy METHOD RTOL [SPAN]
           one solve_ivp run (RK45, DOP853, ...) of the dense D = 2000 network
           bench_dynamics wrote to DIR (bench_dynamics DIR accuracy ...), the
           final state written to DIR/final_scipy-METHOD_RTOL.bin
"""
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp


def load(d, name, shape):
    return np.fromfile(f"{d}/{name}", dtype="<f8").reshape(shape)


def small(d, reps=3):
    """1. D = 10 tanh network, voltage form: x' = -x + W tanh(x), RK45 rtol 1e-6, atol 1e-9."""
    n = 10
    W = load(d, "small_W.bin", (n, n))
    x0 = load(d, "small_x0.bin", (n,))
    xc = load(d, "small_final.bin", (n,))

    def rhs(t, x):
        return -x + W @ np.tanh(x)

    best = np.inf
    for _ in range(reps):
        t0 = time.perf_counter()
        sol = solve_ivp(rhs, (0.0, 100.0), x0, method="RK45", rtol=1e-6, atol=1e-9)
        best = min(best, time.perf_counter() - t0)
    diff = np.max(np.abs(sol.y[:, -1] - xc))
    print(f"small: scipy RK45 steps={sol.t.size - 1} nfev={sol.nfev} seconds={best:.6e} "
          f"max|x_scipy - x_engram|={diff:.3e}")
    return diff


def dense(n=2000, rounds=5, per_round=20):
    """2. One right-hand side -x + W tanh(x) with a dense 2000 x 2000 W."""
    rng = np.random.default_rng(12)
    W = rng.standard_normal((n, n)) * (1.5 / np.sqrt(n))
    x = rng.standard_normal(n)
    best = np.inf
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(per_round):
            f = -x + W @ np.tanh(x)
        best = min(best, (time.perf_counter() - t0) / per_round)
    print(f"dense: numpy D={n} rhs_seconds={best:.6e} f[0]={f[0]:.6f}")


def dsem(d, reps=3):
    """3. DSEM (SCIENCE.md section 5.1), plain RK4 with h = 0.01 over t = 0..40:
    h = sqrt(a_s) Xi^T v + a_c Phi Xi^T v_d,
    T_f v' = sqrt(a_s) Xi softmax(gamma h) - v,  T_d v_d' = beta_d v - v_d."""
    nf, k = 100, 7
    xi = load(d, "dsem_xi.bin", (nf, k))
    phi = load(d, "dsem_phi.bin", (k, k))
    x0 = load(d, "dsem_x0.bin", (2 * nf,))
    mc = load(d, "dsem_overlaps.bin", (k,))
    t_f, t_d, a_s, a_c, beta_d, gamma = 1.0, 20.0, 1.0, 4.9, 7.0, 10.0
    sa = np.sqrt(a_s)

    def rhs(x):
        v, vd = x[:nf], x[nf:]
        h = sa * (xi.T @ v) + a_c * (phi @ (xi.T @ vd))
        z = gamma * h
        e = np.exp(z - z.max())
        s = e / e.sum()
        return np.concatenate(((sa * (xi @ s) - v) / t_f, (beta_d * v - vd) / t_d))

    dt, steps = 0.01, 4000
    best = np.inf
    for _ in range(reps):
        t0 = time.perf_counter()
        x = x0.copy()
        for _ in range(steps):
            k1 = rhs(x)
            k2 = rhs(x + 0.5 * dt * k1)
            k3 = rhs(x + 0.5 * dt * k2)
            k4 = rhs(x + dt * k3)
            x = x + (dt / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
        best = min(best, time.perf_counter() - t0)
    m = xi.T @ x[:nf]
    diff = np.max(np.abs(m - mc))
    print(f"dsem: numpy RK4 steps={steps} seconds={best:.6e} overlaps(40)="
          + ",".join(f"{v:.6f}" for v in m) + f" max|m_numpy - m_engram|={diff:.3e}")
    return diff


def accuracy(d, method, rtol, span=10.0):
    """4. The dense network x' = -x + W tanh(x), D = 2000, t = 0 .. span, with
    solve_ivp(method) at rtol (atol = 1e-3 rtol), only the end kept; one timed run."""
    n = 2000
    W = load(d, "dense_W.bin", (n, n))
    x0 = load(d, "dense_x0.bin", (n,))

    def rhs(t, x):
        return -x + W @ np.tanh(x)

    t0 = time.perf_counter()
    sol = solve_ivp(rhs, (0.0, span), x0, method=method, rtol=rtol, atol=1e-3 * rtol, t_eval=[span])
    seconds = time.perf_counter() - t0
    if sol.status != 0:
        sys.exit(f"dynamics_scipy.py: {method} failed: {sol.message}")
    sol.y[:, -1].astype("<f8").tofile(f"{d}/final_scipy-{method}_{rtol:.3g}.bin")
    print(f"accuracy: D={n} span={span:g} method=scipy-{method} rtol={rtol:.3g} nfev={sol.nfev} "
          f"seconds={seconds:.6e}")


if __name__ == "__main__":
    d = sys.argv[1]
    if len(sys.argv) > 4 and sys.argv[2] == "accuracy":
        accuracy(d, sys.argv[3], float(sys.argv[4]), float(sys.argv[5]) if len(sys.argv) > 5 else 10.0)
        sys.exit(0)
    small(d)
    dense()
    dsem(d)
