"""Shared fixtures: the source tree, the engram command to compare against."""
import os
import shutil

import pytest

SOURCE = os.environ.get("ENGRAM_SOURCE_DIR",
                        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: models that take more than a few seconds")


@pytest.fixture
def source():
    return SOURCE


@pytest.fixture
def cli():
    """The engram command (ENGRAM_CLI, else the one on PATH)."""
    path = os.environ.get("ENGRAM_CLI") or shutil.which("engram")
    if not path:
        pytest.skip("no engram command to compare with")
    return path
