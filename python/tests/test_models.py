"""Every model under models/ run through Python gives the numbers the
command line's JSON gives (engram run --json), key for key."""
import glob
import json
import math
import os
import re
import subprocess

import numpy as np
import pytest

import engram

from conftest import SOURCE

# Half a second or more each on two cores: run with `pytest -m slow`.
SLOW = {"lisem", "repeat-copy-train", "capacity", "critical", "knee", "modules", "hopfield-single",
        "repeat-copy-trained", "dense", "hebbian-map", "structure", "train-small", "alpha-c", "partition"}


# Wall-clock measurements differ between any two runs.
WALL_CLOCK = {"seconds", "solve_seconds", "eigen_seconds", "eigen_factor_seconds"}


def _models():
    for path in sorted(glob.glob(os.path.join(SOURCE, "models", "*", "*.engram"))):
        name = os.path.splitext(os.path.basename(path))[0]
        marks = [pytest.mark.slow] if name in SLOW else []
        yield pytest.param(path, id=os.path.relpath(path, SOURCE), marks=marks)


def same(py, js, where):
    """Asserts the Python value equals the JSON one (figures are compared by name)."""
    if isinstance(js, dict):
        assert set(py.keys()) == set(js.keys()), where
        for k in js:
            if k in WALL_CLOCK:
                continue
            if k == "figures":
                assert [f["name"] for f in py[k]] == [f["name"].split(".")[-1] for f in js[k]], where
                continue
            same(py[k], js[k], f"{where}.{k}")
    elif isinstance(js, list) and isinstance(py, np.ndarray):
        # JSON writes every non-finite number as null.
        expect = np.array([math.nan if x is None else x for x in np.ravel(js)] if py.ndim == 1 else
                          [[math.nan if x is None else x for x in row] for row in js], dtype=float)
        assert py.shape == expect.shape, where
        finite = np.isfinite(expect)
        assert np.array_equal(np.isfinite(py), finite), where
        assert np.array_equal(py[finite], expect[finite]), where
    elif isinstance(js, list):
        assert len(py) == len(js), where
        for i, (a, b) in enumerate(zip(py, js)):
            same(a, b, f"{where}[{i}]")
    elif js is None:
        assert isinstance(py, float) and not math.isfinite(py), where
    elif isinstance(js, bool):
        assert py is js, where
    elif isinstance(js, (int, float)):
        assert py == js, f"{where}: {py} != {js}"
    elif where.endswith(".text"):
        # Summary lines may quote the wall-clock time.
        assert re.sub(r"in [0-9.]+ s\b", "in _ s", py) == re.sub(r"in [0-9.]+ s\b", "in _ s", js), where
    else:
        assert py == js, where


@pytest.mark.parametrize("path", list(_models()))
def test_model_matches_the_command_line(path, cli):
    out = subprocess.run([cli, "run", path, "--json", "-j", "1"], capture_output=True, text=True, check=True)
    expect = json.loads(out.stdout)
    got = engram.load(path).run(threads=1)
    same(got.to_dict(), expect, os.path.basename(path))
