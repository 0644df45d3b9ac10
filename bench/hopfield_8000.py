"""Plain numpy reference for seed 001 experiment 2: D=8000 units, N=900 random
bipolar episodes, a cue with 800 flipped bits, synchronous recall.

W = Xi^T Xi / D by a matrix product, diagonal zeroed, then state = sign(W @ state)
until the state stops changing (or repeats with period 2). Usage:
    /usr/bin/python3 bench/hopfield_8000.py [D N FLIPS SEED]
"""
import sys
import time

import numpy as np


def run(d, n, flips, seed):
    rng = np.random.default_rng(seed)
    xi = rng.choice(np.array([-1.0, 1.0]), size=(n, d))
    target = xi[0].copy()
    state = target.copy()
    idx = rng.choice(d, size=flips, replace=False)
    state[idx] *= -1.0
    w = xi.T @ xi / d
    np.fill_diagonal(w, 0.0)
    prev = None
    steps = 0
    for steps in range(1, 101):
        new = np.sign(w @ state)
        new[new == 0] = state[new == 0]  # sgn(0) keeps the old value
        if np.array_equal(new, state):
            break
        if prev is not None and np.array_equal(new, prev):
            state = new
            break
        prev, state = state, new
    return int(np.sum(state != target)), steps


def main():
    args = [int(a) for a in sys.argv[1:5]]
    d, n, flips, seed = (args + [8000, 900, 800, 1][len(args):])[:4]
    t0 = time.perf_counter()
    hamming, steps = run(d, n, flips, seed)
    t = time.perf_counter() - t0
    print(f"numpy: D={d} N={n} flips={flips} seed={seed} hamming={hamming} steps={steps}")
    print(f"numpy: seconds={t:.6f}")


if __name__ == "__main__":
    main()
