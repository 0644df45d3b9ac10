#!/usr/bin/python3
"""Regenerates the .npy fixtures of tests/unit/test_npy.c with numpy.

Run from anywhere: /usr/bin/python3 tests/data/npy/make.py
The tests themselves never run Python; they read the files committed here and
compare them with the values written out in this script."""
import os

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))


def save(name, arr, version=None):
    with open(os.path.join(here, name), "wb") as f:
        np.lib.format.write_array(f, arr, version=version, allow_pickle=False)


m23 = np.array([[0.5, -1.25, 3.0], [1e-300, 0.1, -0.0]])
save("f8_c_v1.npy", m23, version=(1, 0))
save("f8_c_v2.npy", m23, version=(2, 0))
save("f8_c_v3.npy", m23, version=(3, 0))
save("f4_fortran.npy", np.asfortranarray(np.array([[1.5, 2, 3], [4, 5, -6.25]], dtype="<f4")))
save("f8_1d.npy", np.array([1.0, 2.0, 3.0]))
save("f8_0d.npy", np.array(2.5))
save("f8_3d_fortran.npy", np.asfortranarray(np.arange(24.0).reshape(2, 3, 4)))
save("f8_3d_c.npy", np.arange(24.0).reshape(2, 3, 4))
save("i4.npy", np.array([[-2147483648, 0], [7, 2147483647]], dtype="<i4"))
save("bool.npy", np.array([True, False, True]))
save("f8_be.npy", np.array([1.5, -2.0, 1e100], dtype=">f8"))
save("f4_be.npy", np.array([0.25, -3.5], dtype=">f4"))
