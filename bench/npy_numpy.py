"""Writes the .npy files bench_npy reads, or times numpy's np.load on them.

usage: npy_numpy.py write DIR ROWS COLS | npy_numpy.py load REPEATS FILE...
"""
import sys
import time

import numpy as np


def write(d, rows, cols):
    x = np.random.default_rng(1).standard_normal((rows, cols))
    np.save(f"{d}/native_f8.npy", x)                      # little-endian float64, C order
    np.save(f"{d}/swapped_f8.npy", x.astype(">f8"))       # big-endian: every item byte-swapped
    np.save(f"{d}/f4.npy", x.astype("<f4"))               # float32: widened to doubles
    np.save(f"{d}/fortran_f8.npy", np.asfortranarray(x))  # column-major: reordered


def load(repeats, files):
    for f in files:
        best = float("inf")
        for _ in range(repeats):
            t = time.perf_counter()
            # engram holds C-ordered native doubles: numpy is asked for the same.
            a = np.ascontiguousarray(np.load(f), dtype=np.float64)
            best = min(best, time.perf_counter() - t)
        print(f"numpy {f}: {best:.4f} s, {a.nbytes / best / 1e6:.0f} MB/s of doubles")


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        load(int(sys.argv[2]), sys.argv[3:])
