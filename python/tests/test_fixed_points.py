"""engram.fixed_points: the same points, eigenvalues and Jacobians `engram
fixed-points --json` prints for the same file, from the file or from a dict of
arrays as a PyTorch state dict gives them; errors as ArgumentError or
DataError, never a crash."""
import json
import math
import os
import subprocess

import numpy as np
import pytest

import engram

from conftest import SOURCE

TORCH = os.path.join(SOURCE, "tests", "data", "torch")
PSYCH = os.path.join(SOURCE, "tests", "data", "psychrnn", "psychrnn.npz")


def command(cli, path, *args):
    out = subprocess.run([cli, "fixed-points", path, *args, "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def same_as_command(fp, expect):
    for key in ("hidden", "starts", "converged", "duplicates", "outliers", "count", "stable", "layout", "cell"):
        assert fp[key] == expect[key], key
    assert math.isclose(fp.q_tol, expect["q_tol"])
    assert np.allclose(fp.input, expect["input"], rtol=0, atol=0)
    assert len(fp.points) == expect["count"]
    for p, e in zip(fp.points, expect["points"]):
        assert p["class"] == e["class"] and p.unstable == e["unstable"]
        assert math.isclose(p.q, e["q"], rel_tol=1e-12, abs_tol=1e-300)
        for key in ("state", "eigenvalues", "jacobian", "input_jacobian", "in_basis", "jacobian_in_basis"):
            if key in e:
                want = np.array(e[key], dtype=float)
                assert p[key].shape == want.shape, key
                assert np.allclose(p[key], want, rtol=1e-12, atol=1e-14), key


@pytest.mark.parametrize("name, layout", [("rnn_tanh", "pytorch-rnn"), ("gru", "pytorch-gru"),
                                          ("lstm", "pytorch-lstm")])
def test_a_file_against_the_command(cli, name, layout):
    path = os.path.join(TORCH, f"{name}.npz")
    expect = command(cli, path, "--layout", layout, "--prefix", "rnn.", "--input", "0.5,0,-0.25", "--starts", "64",
                     "--steps", "300")
    fp = engram.fixed_points(path, layout=layout, prefix="rnn.", inputs=[0.5, 0, -0.25], starts=64, steps=300)
    assert fp.count >= 1
    same_as_command(fp, expect)
    # The Jacobian's eigenvalues are the ones reported, largest modulus first.
    p = fp.points[0]
    lam = np.linalg.eigvals(p.jacobian)
    assert np.allclose(np.sort(np.abs(lam))[::-1], np.hypot(p.eigenvalues[:, 0], p.eigenvalues[:, 1]), atol=1e-10)


def test_a_state_dict_is_the_file(cli):
    path = os.path.join(TORCH, "rnn_tanh.npz")
    expect = command(cli, path, "--layout", "pytorch-rnn", "--prefix", "rnn.", "--starts", "32", "--steps", "200")
    with np.load(path) as z:
        state = {k: z[k] for k in z.files}
    # float32 tensors (as .numpy() gives them) in any order: the same points as float64 values would give.
    state32 = {k: np.asfortranarray(v.astype(np.float32)) for k, v in state.items()}
    fp = engram.fixed_points(state, layout="pytorch-rnn", prefix="rnn.", starts=32, steps=200)
    same_as_command(fp, expect)
    assert fp.file == "<arrays>"
    fp32 = engram.fixed_points(state32, layout="pytorch-rnn", prefix="rnn.", starts=32, steps=200)
    assert fp32.count >= 1


def test_psychrnn_with_alpha(cli):
    expect = command(cli, PSYCH, "--layout", "psychrnn", "--alpha", "0.1", "--starts", "32", "--steps", "200")
    fp = engram.fixed_points(PSYCH, layout="psychrnn", alpha=0.1, starts=32, steps=200)
    same_as_command(fp, expect)
    assert fp.alpha == 0.1 and fp.cell == "leaky relu rate network"


def test_points_read_in_a_basis(cli, tmp_path):
    basis = np.random.default_rng(2).standard_normal((8, 3))
    np.save(tmp_path / "basis.npy", basis)
    path = os.path.join(TORCH, "rnn_tanh.npz")
    expect = command(cli, path, "--layout", "pytorch-rnn", "--prefix", "rnn.", "--starts", "32", "--steps", "200",
                     "--basis", str(tmp_path / "basis.npy"))
    fp = engram.fixed_points(path, layout="pytorch-rnn", prefix="rnn.", starts=32, steps=200, basis=basis)
    same_as_command(fp, expect)
    assert fp.count >= 1 and fp.points[0].in_basis.shape == (3,)
    pinv = np.linalg.pinv(basis)
    for p in fp.points:
        assert np.allclose(p.in_basis, pinv @ p.state, atol=1e-10)
        assert np.allclose(p.jacobian_in_basis, pinv @ p.jacobian @ basis, atol=1e-10)


def test_given_starts(cli, tmp_path):
    starts = np.random.default_rng(5).uniform(-1, 1, (40, 8))
    np.save(tmp_path / "s.npy", starts)
    path = os.path.join(TORCH, "rnn_relu.npz")
    expect = command(cli, path, "--layout", "pytorch-rnn-relu", "--prefix", "rnn.", "--from", str(tmp_path / "s.npy"))
    fp = engram.fixed_points(path, layout="pytorch-rnn-relu", prefix="rnn.", starts=starts)
    same_as_command(fp, expect)


def test_errors_are_exceptions_with_clear_messages(tmp_path):
    path = os.path.join(TORCH, "rnn_tanh.npz")
    with np.load(path) as z:
        state = {k: z[k] for k in z.files}
    with pytest.raises(engram.ArgumentError, match="unknown layout 'keras'; engram reads pytorch-rnn"):
        engram.fixed_points(path, layout="keras", prefix="rnn.")
    with pytest.raises(engram.ArgumentError, match="cannot be told; name one: pytorch-rnn, pytorch-rnn-relu, "
                                                   "pytorch-gru, pytorch-lstm, psychrnn"):
        engram.fixed_points({"W": np.eye(3), "weight_ih_l0": np.ones((3, 1))})
    with pytest.raises(ValueError, match="no 'weight_hh_l0'"):
        engram.fixed_points(state, layout="pytorch-rnn")
    missing = dict(state)
    del missing["rnn.bias_hh_l0"], missing["rnn.weight_hh_l0"]
    with pytest.raises(engram.ArgumentError, match="no 'rnn.weight_hh_l0'"):
        engram.fixed_points(missing, layout="pytorch-rnn", prefix="rnn.")
    with pytest.raises(engram.ArgumentError, match="is it transposed"):
        engram.fixed_points({"weight_hh_l0": np.ones((2, 2)), "weight_ih_l0": np.ones((3, 2))}, layout="pytorch-rnn")
    with pytest.raises(engram.ArgumentError, match="the input has 1 value; the cell takes 3"):
        engram.fixed_points(state, layout="pytorch-rnn", prefix="rnn.", inputs=[1.0])
    with pytest.raises(engram.ArgumentError, match="not finite"):
        engram.fixed_points(state, layout="pytorch-rnn", prefix="rnn.", inputs=[np.nan, 0, 0])
    with pytest.raises(engram.ArgumentError, match="needs --alpha|needs alpha"):
        engram.fixed_points(PSYCH, layout="psychrnn")
    with pytest.raises(engram.ArgumentError, match="the basis has 2 rows"):
        engram.fixed_points(state, layout="pytorch-rnn", prefix="rnn.", basis=np.ones((2, 1)))
    with pytest.raises(engram.ArgumentError, match="the starts have 2 columns"):
        engram.fixed_points(state, layout="pytorch-rnn", prefix="rnn.", starts=np.ones((4, 2)))
    np.save(tmp_path / "one.npy", np.ones(3))
    with pytest.raises(engram.ArgumentError, match="holds one array"):
        engram.fixed_points(tmp_path / "one.npy", layout="pytorch-rnn")
    with pytest.raises(engram.DataError, match="cannot open"):
        engram.fixed_points(tmp_path / "missing.npz", layout="pytorch-rnn")


# The module each fixture was saved from (tests/data/torch/make_fixtures.py,
# tests/data/psychrnn/make_fixture.py) and the layout its keys show.
@pytest.mark.parametrize("name, layout", [("rnn_tanh", "pytorch-rnn"), ("gru", "pytorch-gru"),
                                          ("lstm", "pytorch-lstm")])
def test_the_layout_and_prefix_are_told_from_the_keys(cli, name, layout):
    path = os.path.join(TORCH, f"{name}.npz")
    expect = command(cli, path, "--layout", layout, "--prefix", "rnn.", "--starts", "32", "--steps", "200")
    fp = engram.fixed_points(path, starts=32, steps=200)
    assert fp.layout == layout
    same_as_command(fp, expect)
    # Keys without a prefix, and a prefix given without a layout.
    with np.load(path) as z:
        bare = {k[len("rnn."):]: z[k] for k in z.files if k.startswith("rnn.")}
        state = {k: z[k] for k in z.files}
    same_as_command(engram.fixed_points(bare, starts=32, steps=200), expect)
    same_as_command(engram.fixed_points(state, prefix="rnn.", starts=32, steps=200), expect)


def test_an_rnn_is_taken_as_tanh_and_psychrnn_by_its_keys(cli):
    # nn.RNN(nonlinearity='relu') keeps the keys and shapes of tanh: without a
    # layout it is read as tanh, as documented; naming the layout reads relu.
    relu = os.path.join(TORCH, "rnn_relu.npz")
    assert engram.fixed_points(relu, starts=8, steps=50).cell == "tanh RNN"
    assert engram.fixed_points(relu, layout="pytorch-rnn-relu", prefix="rnn.", starts=8, steps=50).layout == "pytorch-rnn-relu"
    expect = command(cli, PSYCH, "--layout", "psychrnn", "--alpha", "0.1", "--starts", "32", "--steps", "200")
    fp = engram.fixed_points(PSYCH, alpha=0.1, starts=32, steps=200)
    assert fp.layout == "psychrnn"
    same_as_command(fp, expect)


def test_keys_that_show_no_single_layout():
    h = np.eye(2)
    with pytest.raises(engram.ArgumentError, match="'a.weight_hh_l0' and 'b.weight_hh_l0' are the weights of two "
                                                   "cells; say which with the prefix"):
        engram.fixed_points({"a.weight_hh_l0": h, "a.weight_ih_l0": h, "b.weight_hh_l0": h, "b.weight_ih_l0": h})
    fp = engram.fixed_points({"a.weight_hh_l0": h, "a.weight_ih_l0": h, "b.weight_hh_l0": h, "b.weight_ih_l0": h},
                             prefix="b.", starts=4, steps=10)
    assert fp.layout == "pytorch-rnn" and fp.hidden == 2
    with pytest.raises(engram.ArgumentError, match="'weight_hh_l0' is not H, 3H or 4H rows of H columns"):
        engram.fixed_points({"weight_hh_l0": np.ones((5, 2)), "weight_ih_l0": np.ones((5, 1))})
    with pytest.raises(engram.ArgumentError, match="no key under 'rnn.' ends in weight_hh_l0"):
        engram.fixed_points({"weight_hh_l0": h, "weight_ih_l0": h}, prefix="rnn.")
