"""Plain numpy reference for a capacity sweep: D units, loads N/D from 0.02 to
0.32 in steps of 0.02 (16 points), TRIALS fresh sets of random bipolar episodes
per load. Each trial: W = Xi^T Xi / D by a matrix product, diagonal zeroed,
recall started from episode 0 itself with synchronous updates
state = sign(W @ state) (sgn(0) keeps the old value) until a fixed point, a
2-cycle or 100 steps; then the exact-recall fraction and the mean final
Hamming distance / D per load. Usage:
    /usr/bin/python3 bench/capacity_numpy.py [D TRIALS SEED]
"""
import sys
import time

import numpy as np


def recall(w, state):
    prev = None
    for _ in range(100):
        new = np.sign(w @ state)
        new[new == 0] = state[new == 0]
        if np.array_equal(new, state):
            break
        if prev is not None and np.array_equal(new, prev):
            state = new
            break
        prev, state = state, new
    return state


def run(d, trials, seed):
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(1, 17):
        n = round(0.02 * k * d)
        exact, err = 0, 0.0
        for _ in range(trials):
            xi = rng.choice(np.array([-1.0, 1.0]), size=(n, d))
            w = xi.T @ xi / d
            np.fill_diagonal(w, 0.0)
            h = int(np.sum(recall(w, xi[0].copy()) != xi[0]))
            exact += h == 0
            err += h / d
        rows.append((n / d, exact / trials, err / trials))
    return rows


def main():
    args = [int(a) for a in sys.argv[1:4]]
    d, trials, seed = (args + [1000, 50, 1][len(args):])[:3]
    t0 = time.perf_counter()
    rows = run(d, trials, seed)
    t = time.perf_counter() - t0
    for load, exact, err in rows:
        print(f"numpy: load={load:.2f} exact={exact:.2f} hamming={err:.4f}")
    print(f"numpy: seconds={t:.6f}")


if __name__ == "__main__":
    main()
