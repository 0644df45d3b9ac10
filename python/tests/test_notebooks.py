"""The notebooks under examples/notebooks run top to bottom (python3-nbclient
with an IPython kernel of the interpreter engram is installed in) and their
last cell prints the key numbers stored in expected.json."""
import glob
import json
import math
import os

import pytest

from conftest import SOURCE

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

FOLDER = os.path.join(SOURCE, "examples", "notebooks")
with open(os.path.join(FOLDER, "expected.json"), encoding="utf-8") as f:
    EXPECTED = json.load(f)


def test_every_notebook_has_key_numbers():
    assert sorted(EXPECTED) == sorted(os.path.basename(p) for p in glob.glob(os.path.join(FOLDER, "*.ipynb")))
    assert len(EXPECTED) >= 4


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_notebook_runs_and_keeps_its_numbers(name):
    nb = nbformat.read(os.path.join(FOLDER, name), as_version=4)
    kernel = os.environ.get("ENGRAM_KERNEL", "python3")
    nbclient.NotebookClient(nb, timeout=300, kernel_name=kernel,
                            resources={"metadata": {"path": FOLDER}}).execute()
    last = nb.cells[-1]
    text = "".join(o.get("text", "") for o in last.outputs if o.get("name") == "stdout")
    got = json.loads(text.strip().splitlines()[-1])
    expect = EXPECTED[name]
    assert sorted(got) == sorted(expect)
    for k, v in expect.items():
        if isinstance(v, int):
            assert got[k] == v, k
        else:
            assert math.isclose(got[k], v, rel_tol=1e-9, abs_tol=1e-12), f"{k}: {got[k]} != {v}"
