#!/usr/bin/python3
"""Writes the .npz fixtures of tests/unit/test_npz.c with numpy itself, the
format's reference writer. Run from this folder: /usr/bin/python3 make_fixtures.py.
The values are simple closed forms so that the C test can state them."""
import numpy as np

W = (np.arange(6, dtype=np.float64).reshape(3, 2) - 2.5) / 4  # W[i][j] = (2i + j - 2.5) / 4
b = np.array([1.5, -2.0, 0.25], dtype=np.float32)
n = np.arange(4, dtype=np.int64) * -3                         # 0, -3, -6, -9
F = np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3))

S = np.array([[2.0, 1.0], [1.0, 2.0]])                         # eigenvalues 3 and 1
np.savez("stored.npz", W=W, b=b, n=n, F=F, S=S)
np.savez_compressed("deflated.npz", **{"rnn.weight_hh_l0": W, "rnn.bias_hh_l0": b})
np.savez("pickled.npz", obj=np.array([{"a": 1}, None], dtype=object), W=W)
# A larger deflated member: 200 x 300, entry (i, j) = (i j) mod 7.
i, j = np.meshgrid(np.arange(200), np.arange(300), indexing="ij")
np.savez_compressed("large.npz", M=((i * j) % 7).astype(np.float64))
