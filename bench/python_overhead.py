"""The Python package's calling overhead against the C API (bench_api), and
passing a large matrix in: run by run_python.sh with the venv's interpreter.
usage: python_overhead.py MODEL LOADS RUNS   |   python_overhead.py --big N ORDER
       python_overhead.py --spectrum N ORDER   |   python_overhead.py --episodes N D ORDER
       python_overhead.py --rnn H ORDER"""
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
    """Peak RSS so far. Linux's VmHWM belongs to this process's memory alone;
    ru_maxrss also keeps the peak of the process that started it (it survives
    exec), which hides a run's growth when that parent was larger."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
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


def filled(rows, cols, order, draw):
    """A rows × cols array in the given order filled block by block with
    draw(k) (k × cols values): no temporary as large as the array raises the
    peak RSS before the run is measured."""
    a = np.empty((rows, cols), order=order)
    block = max(1, 2**16 // cols)  # rows of at most 512 KB
    for i in range(0, rows, block):
        k = min(block, rows - i)
        a[i:i + k] = draw(k)
    return a


def peak_growth(text, arrays, name):
    """Runs text with arrays; the peak RSS growth in MB, the seconds and the results."""
    m = engram.load(text, name=os.path.join(tempfile.gettempdir(), name))
    before = rss_mb()
    t0 = time.perf_counter()
    r = m.run(arrays=arrays, threads=1)
    t1 = time.perf_counter()
    return rss_mb() - before, t1 - t0, r


def episodes(n, d, order):
    """Peak RSS of a run whose N × D episodes are passed as an array: a Hebbian
    network stores them (packed bits, D × D couplings) and recalls one."""
    rng = np.random.default_rng(2)
    e = filled(n, d, order, lambda k: np.where(rng.standard_normal((k, d)) > 0, 1.0, -1.0))
    text = ('memories M { generate = load("E.npy") }\n'
            'network hop { store = M }\n'
            'recall r { network = hop; cue = M[0] }\n')
    growth, seconds, r = peak_growth(text, {"E.npy": e}, "episodes.engram")
    print(f"episodes n={n} d={d} order={order} matrix_mb={e.nbytes / 2**20:.0f} "
          f"growth_in_matrices={growth / (e.nbytes / 2**20):.2f} seconds={seconds:.2f} hamming={r['r'].hamming}")


def rnn(h, order):
    """Peak RSS of a run of a trained-RNN network whose H × H weights (and
    input and readout weights) are passed as arrays: it is evaluated briefly."""
    rng = np.random.default_rng(3)
    w = filled(h, h, order, lambda k: rng.standard_normal((k, h)) * (0.9 / np.sqrt(h)))
    u = filled(h, 3, order, lambda k: rng.standard_normal((k, 3)))
    out = filled(3, h, order, lambda k: rng.standard_normal((k, h)) / np.sqrt(h))
    text = ('task rc { kind = repeat_copy; length = 3; width = 3; repeats = 4 }\n'
            'network trained { state = rate; activation = tanh; weights = load("W.npy"); '
            'input_weights = load("U.npy"); readout = load("R.npy") }\n'
            'evaluate { network = trained; task = rc; horizon = 2; samples = 1 }\n')
    growth, seconds, _ = peak_growth(text, {"W.npy": w, "U.npy": u, "R.npy": out}, "rnn.engram")
    print(f"rnn h={h} order={order} matrix_mb={w.nbytes / 2**20:.0f} "
          f"growth_in_matrices={growth / (w.nbytes / 2**20):.2f} seconds={seconds:.2f}")


if __name__ == "__main__":
    if sys.argv[1] == "--big":
        big(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1] == "--episodes":
        episodes(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "--rnn":
        rnn(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1] == "--spectrum":
        spectrum(int(sys.argv[2]), sys.argv[3])
    else:
        overhead(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
