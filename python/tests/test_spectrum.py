"""engram.spectrum and engram.privileged on arrays: the eigenvalues and singular
values numpy computes, the same tree `engram spectrum --json` prints for the
same .npy, the privileged basis by its definition, errors as ArgumentError,
the GIL released while engram works."""
import json
import math
import re
import os
import subprocess
import threading
import time

import numpy as np
import pytest

import engram

from conftest import SOURCE

DATA = os.path.join(SOURCE, "models", "emt", "data")


def complex_sorted(rows):
    z = rows[:, 0] + 1j * rows[:, 1]
    return z[np.lexsort((z.imag, z.real))]


def test_random_matrix_against_numpy():
    rng = np.random.default_rng(11)
    w = rng.standard_normal((40, 40)) / np.sqrt(40)
    s = engram.spectrum(w)
    expect = np.linalg.eigvals(w)
    assert np.allclose(complex_sorted(s.eigenvalues), expect[np.lexsort((expect.imag, expect.real))],
                       rtol=0, atol=1e-10)
    assert np.allclose(np.sort(s.singular_values), np.sort(np.linalg.svd(w, compute_uv=False)), rtol=0, atol=1e-10)
    assert s.size == 40 and s.kind == "spectrum"
    assert abs(s.radius - np.abs(expect).max()) < 1e-10
    assert abs(s.frobenius - np.linalg.norm(w)) < 1e-10


def test_any_order_and_dtype_give_the_same_spectrum():
    rng = np.random.default_rng(12)
    w = rng.standard_normal((9, 9))
    ref = engram.spectrum(w).eigenvalues
    for other in (np.asfortranarray(w), w.tolist(), w[:, :]):
        assert np.array_equal(engram.spectrum(other).eigenvalues, ref)
    strided = np.zeros((9, 18))
    strided[:, ::2] = w
    assert np.array_equal(engram.spectrum(strided[:, ::2]).eigenvalues, ref)


def privileged_by_definition(w, u, steps):
    blocks = [np.linalg.matrix_power(w, steps - 1 - i) @ u for i in range(steps)]
    psi = np.hstack(blocks)
    return psi / np.linalg.norm(psi, axis=0)


def test_privileged_basis_against_its_definition():
    w = np.load(os.path.join(DATA, "small.W_hh.npy"))
    u = np.load(os.path.join(DATA, "small.W_uh.npy"))
    psi = engram.privileged(u, steps=3, W=w)
    assert isinstance(psi, np.ndarray) and psi.shape == (24, 9)
    assert np.allclose(psi, privileged_by_definition(w, u, 3), rtol=0, atol=1e-12)
    # Waiting for its W: the same basis, built by spectrum or by .of(W).
    lazy = engram.privileged(u, steps=3)
    assert np.array_equal(lazy.of(w), psi)
    a = engram.spectrum(w, basis=lazy)
    b = engram.spectrum(w, basis=psi)
    assert np.allclose(a.basis.phi, b.basis.phi, rtol=0, atol=1e-12)
    assert a.basis.source == "privileged(W_ih, steps 3)"


def same(py, js, path=""):
    """py (the package's tree) holds what js (the command's JSON) holds."""
    if isinstance(js, dict):
        for k, v in js.items():
            # Names of the inputs (paths on the command line) and figure intents differ by design.
            if k in ("matrix", "source", "text", "figures"):
                continue
            same(py[k], v, f"{path}.{k}")
    elif isinstance(js, list) and js and isinstance(js[0], dict):
        for a, b in zip(py, js):
            same(a, b, path)
    elif isinstance(js, list):
        a = np.asarray(py, dtype=float)
        b = np.array([np.nan if x is None else x for x in np.ravel(js)], dtype=float).reshape(np.shape(js))
        assert a.shape == b.shape, path
        assert np.allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True), path
    elif isinstance(js, float) or (js is None and isinstance(py, float)):
        assert (js is None and not math.isfinite(py)) or math.isclose(py, js, rel_tol=1e-12, abs_tol=1e-12), path
    else:
        assert py == js, (path, py, js)


def test_repeat_copy_network_against_the_command(cli):
    # The repeat-copy network engram trained (s = d = 8, 128 units), read in its
    # privileged basis and against the theory, as in the example.
    w_path, u_path = os.path.join(DATA, "rc128.W_hh.npy"), os.path.join(DATA, "rc128.W_uh.npy")
    out = subprocess.run([cli, "spectrum", w_path, "--input", u_path, "--steps", "8", "--compare", "repeat_copy(8, 8)",
                          "--json"], capture_output=True, text=True, check=True).stdout
    expect = json.loads(out)["results"][0]
    W, W_ih = np.load(w_path), np.load(u_path)
    s = engram.spectrum(W, basis=engram.privileged(W_ih, steps=8), compare="repeat_copy(8, 8)")
    same(s, expect)
    assert s.comparison.comparable is True and s.comparison.count == expect["comparison"]["count"]
    assert s.basis.phi.shape == (64, 64)


def test_constructed_repeat_copy_spectrum_is_the_theory(cli, tmp_path):
    # W = ΨΦΨᵀ for an orthonormal Ψ and Φ the cyclic shift of 8 blocks of 8:
    # the eigenvalues are the 8th roots of unity, 8 times each, and 32 zeros.
    rng = np.random.default_rng(4)
    psi, _ = np.linalg.qr(rng.standard_normal((96, 64)))
    phi = np.kron(np.roll(np.eye(8), 1, axis=0), np.eye(8))
    w = psi @ phi @ psi.T
    np.save(tmp_path / "W.npy", w)
    out = subprocess.run([cli, "spectrum", str(tmp_path / "W.npy"), "--compare", "repeat_copy:8x8", "--json"],
                         capture_output=True, text=True, check=True).stdout
    s = engram.spectrum(w, compare="repeat_copy:8x8")
    same(s, json.loads(out)["results"][0])
    assert s.comparison.max_deg < 1e-6 and s.largest_multiplicity in (8, 32)


@pytest.mark.parametrize("bad, message", [
    (np.ones((3, 4)), "needs a square matrix"),
    (np.array([[1.0, np.inf], [0.0, 1.0]]), "entry (0, 1) is not finite"),
    (np.ones((2, 2, 2)), "expected 1 or 2 dimensions"),
])
def test_bad_matrices_raise_argument_errors(bad, message):
    with pytest.raises(ValueError, match=re.escape(message)) as e:
        engram.spectrum(bad)
    assert isinstance(e.value, engram.Error)


def test_bad_bases_and_tasks_raise_argument_errors():
    w = np.eye(4)
    with pytest.raises(engram.ArgumentError, match="the basis has 3 rows"):
        engram.spectrum(w, basis=np.ones((3, 2)))
    with pytest.raises(engram.ArgumentError, match="names no task kind"):
        engram.spectrum(w, compare="repeat(2, 2)")
    with pytest.raises(engram.ArgumentError, match="is more than the 4 units"):
        engram.spectrum(w, basis=engram.privileged(np.ones((4, 1)), steps=5))
    with pytest.raises(engram.ArgumentError, match="rows"):
        engram.privileged(np.ones((3, 1)), steps=2, W=w)
    with pytest.raises(engram.ArgumentError, match="steps must be a whole number"):
        engram.privileged(np.ones((4, 1)), steps=0)
    with pytest.raises(engram.ArgumentError, match="not finite"):
        engram.privileged(np.array([[np.nan], [0], [0], [0]]), steps=1, W=w)


def test_the_gil_is_released_while_the_spectrum_is_computed():
    w = np.random.default_rng(5).standard_normal((500, 500))
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    time.sleep(0.01)
    start = time.perf_counter()
    engram.spectrum(w)
    end = time.perf_counter()
    stop.set()
    t.join()
    during = [x for x in ticks if start < x < end]
    assert end - start > 0.05
    assert len(during) >= 10


def test_borrowed_arrays_are_read_not_written():
    # A C-ordered float64 W is read in place (by spectrum, and by a rate
    # network's run); a Fortran-ordered one is copied: the same numbers, and
    # the caller's array unchanged either way.
    rng = np.random.default_rng(6)
    w = rng.standard_normal((30, 30)) * 0.5 / np.sqrt(30)
    keep = w.copy()
    assert np.array_equal(engram.spectrum(w).eigenvalues, engram.spectrum(np.asfortranarray(w)).eigenvalues)
    text = ('network n { units = 30; state = rate; weights = load("W.npy"); activation = tanh }\n'
            'simulate s { network = n; time = 0 .. 1; init = 0.1; record = every(0.5) }\n')
    m = engram.load(text, name="borrow.engram")
    a = m.run(arrays={"W.npy": w}, threads=1)["s"].states
    b = m.run(arrays={"W.npy": np.asfortranarray(w)}, threads=1)["s"].states
    assert np.array_equal(a, b)
    assert np.array_equal(w, keep)
