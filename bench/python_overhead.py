"""The Python package's calling overhead against the C API (bench_api), and
passing a large matrix in: run by run_python.sh with the venv's interpreter.
usage: python_overhead.py MODEL LOADS RUNS   |   python_overhead.py --big N ORDER
       python_overhead.py --spectrum N ORDER"""
import os
import resource
import sys
import tempfile
import time

import numpy as np

import engram


def overhead(model, loads, runs):
    t0 = time.perf_counter()
    for _ in range(loads):
        engram.load(model).run()
    t1 = time.perf_counter()
    m = engram.load(model)
    t2 = time.perf_counter()
    for _ in range(runs):
        m.run(threads=1)
    t3 = time.perf_counter()
    print(f"load_run_us={1e6 * (t1 - t0) / loads:.2f} run_us={1e6 * (t3 - t2) / runs:.2f}")


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def big(n, order):
    """Peak RSS of a run that loads an n × n float64 matrix passed as an array."""
    # Every page written, so the array is resident before the run.
    rng = np.random.default_rng(1)
    w = rng.standard_normal((n, n))
    w *= 0.5 / np.sqrt(n)
    if order == "F":
        w = w.T  # a Fortran-order view: no copy
    assert w.flags["F_CONTIGUOUS" if order == "F" else "C_CONTIGUOUS"]
    text = (f'network n {{ units = {n}; state = rate; weights = load("W.npy"); activation = tanh }}\n'
            f'simulate s {{ network = n; time = 0 .. 0.01; init = 0.1; record = every(0.01) }}\n')
    m = engram.load(text, name=os.path.join(tempfile.gettempdir(), "big.engram"))
    before = rss_mb()
    t0 = time.perf_counter()
    r = m.run(arrays={"W.npy": w}, threads=1)
    t1 = time.perf_counter()
    after = rss_mb()
    matrix = w.nbytes / 2**20
    print(f"n={n} order={order} matrix_mb={matrix:.0f} rss_before_mb={before:.0f} peak_rss_mb={after:.0f} "
          f"growth_in_matrices={(after - before) / matrix:.2f} seconds={t1 - t0:.2f} steps={len(r['s'].times)}")


def spectrum(n, order):
    """Peak RSS of engram.spectrum on an n × n float64 matrix: a C-order one is
    read in place, a Fortran-order one copied once; the rest is the analysis'
    own working memory (LAPACK overwrites what it factors)."""
    w = np.random.default_rng(1).standard_normal((n, n)) / np.sqrt(n)
    if order == "F":
        w = w.T  # a Fortran-order view: no copy
    before = rss_mb()
    t0 = time.perf_counter()
    s = engram.spectrum(w)
    t1 = time.perf_counter()
    after = rss_mb()
    print(f"spectrum n={n} order={order} peak_rss_growth_in_matrices={(after - before) / (w.nbytes / 2**20):.2f} "
          f"seconds={t1 - t0:.2f} radius={s.radius:.4f}")


if __name__ == "__main__":
    if sys.argv[1] == "--big":
        big(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1] == "--spectrum":
        spectrum(int(sys.argv[2]), sys.argv[3])
    else:
        overhead(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
