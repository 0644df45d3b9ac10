#!/usr/bin/python3
"""The peer of `engram lyapunov` in bench/run_lyapunov.sh: Benettin's QR
method written with numpy as a researcher would: per step h <- tanh(W h + b),
J = diag(1 - h^2) W, Q <- qr(J Q), log|diag R| summed. Writes the network
engram reads and prints the seconds of the loop (wall, then CPU) and the
largest exponent.

usage: lyapunov_numpy.py DIR [UNITS] [EXPONENTS] [STEPS]"""
import sys
import time

import numpy as np

d = sys.argv[1]
H = int(sys.argv[2]) if len(sys.argv) > 2 else 256
K = int(sys.argv[3]) if len(sys.argv) > 3 else 64
T = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
rng = np.random.default_rng(5)
W = rng.normal(0, 1.5 / np.sqrt(H), (H, H))
b = rng.normal(0, 0.1, H)
np.savez(f"{d}/net.npz", weight_hh_l0=W, weight_ih_l0=np.zeros((H, 1)), bias_hh_l0=b, bias_ih_l0=np.zeros(H))
t0, c0 = time.perf_counter(), time.process_time()
h = np.zeros(H)
Q = np.eye(H, K)
acc = np.zeros(K)
for t in range(T):
    h = np.tanh(W @ h + b)
    Q, R = np.linalg.qr(((1 - h * h)[:, None] * W) @ Q)
    acc += np.log(np.abs(np.diag(R)))
elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
print(f"{elapsed:.3f} {cpu:.3f} {np.sort(acc / T)[::-1][0]:.6f}")
