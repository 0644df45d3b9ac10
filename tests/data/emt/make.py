#!/usr/bin/python3
"""Regenerates the matrix fixtures of tests/cli/test_spectrum.sh with numpy.

Run from anywhere: /usr/bin/python3 tests/data/emt/make.py
The tests never run Python; they read the files committed here. Values:
  upper3_f4_fortran.npy  [[2, 1, 0], [0, 3, 0], [0, 0, -1]] as float32 in
                         Fortran order, as numpy.save writes a transposed
                         PyTorch weight: eigenvalues 3, 2, -1; column 0 is
                         2·e1, so the basis e1 is invariant (its residual is
                         0, and 1/sqrt(15) if the order were misread).
  sym2.npy               [[2, 1], [1, 2]] float64: symmetric, eigenvalues 3, 1.
"""
import os

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))


def save(name, arr):
    with open(os.path.join(here, name), "wb") as f:
        np.lib.format.write_array(f, arr, version=(1, 0), allow_pickle=False)


upper = np.array([[2, 1, 0], [0, 3, 0], [0, 0, -1]], dtype="<f4")
save("upper3_f4_fortran.npy", np.asfortranarray(upper))
save("sym2.npy", np.array([[2.0, 1.0], [1.0, 2.0]]))
