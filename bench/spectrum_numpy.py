"""numpy's eigenvalues of the matrices bench_spectrum wrote: eigvalsh for sym.npy,
eigvals for gen.npy, timed around the call only, and compared with engram's.

usage: spectrum_numpy.py DIR [REPEATS]
Prints one line per matrix: seconds (best of REPEATS, default 1), and the largest difference from engram's
eigenvalues (greedy nearest matching) relative to the spectral radius.
"""
import os
import sys
import time

import numpy as np


def greedy_max_rel(ref, mine):
    """Pairs each ref eigenvalue with the nearest unused one of mine (sorted by
    real part first so the search is a window, not all pairs)."""
    scale = max(1.0, np.abs(ref).max())
    order = np.lexsort((mine.imag, mine.real))
    mine = mine[order]
    free = np.ones(len(mine), dtype=bool)
    worst = 0.0
    for z in ref[np.lexsort((ref.imag, ref.real))]:
        k = np.searchsorted(mine.real, z.real)
        lo, hi = max(0, k - 64), min(len(mine), k + 64)
        dist = np.where(free[lo:hi], np.abs(mine[lo:hi] - z), np.inf)
        j = lo + int(np.argmin(dist))
        free[j] = False
        worst = max(worst, abs(mine[j] - z) / scale)
    return worst


def main():
    d = sys.argv[1]
    repeats = max(1, int(sys.argv[2])) if len(sys.argv) > 2 else 1
    for name, solve in (("sym", np.linalg.eigvalsh), ("gen", np.linalg.eigvals)):
        path = os.path.join(d, name + ".npy")
        if not os.path.exists(path):
            continue
        a = np.load(path)
        t = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            ref = solve(a)
            t = min(t, time.perf_counter() - t0)
        got = np.load(os.path.join(d, name + ".eig.npy"))
        worst = greedy_max_rel(ref.astype(complex), got[:, 0] + 1j * got[:, 1])
        print(f"numpy: {name} D={a.shape[0]} seconds={t:.6f} max_rel_diff={worst:.3g} agree={int(worst <= 1e-9)}")


main()
