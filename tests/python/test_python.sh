#!/usr/bin/env bash
# The Python package against the build being tested: a venv in the build
# tree (over Debian's numpy and pytest), the package pip-installed from a copy
# of python/ linked to this build's libengram, then its pytest suite (the
# fast models; `pytest -m slow` runs the rest). Skipped (77) where
# python3-dev, numpy or pytest is missing.
set -euo pipefail
build=$1
src=$2
py=/usr/bin/python3
[ -x "$py" ] || { echo "skip: no /usr/bin/python3"; exit 77; }
"$py" -c 'import numpy, pytest, sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2> /dev/null \
    || { echo "skip: needs python3-dev, python3-numpy and python3-pytest"; exit 77; }
"$py" -c 'import venv, ensurepip' 2> /dev/null || { echo "skip: needs python3-venv"; exit 77; }

venv=$build/python-venv
stage=$build/python-package
rm -rf "$stage"
mkdir -p "$stage"
cp -r "$src/python/setup.py" "$src/python/pyproject.toml" "$src/python/engram" "$src/python/src" "$stage/"
[ -x "$venv/bin/python" ] || "$py" -m venv --system-site-packages "$venv" > /dev/null
ENGRAM_SOURCE_DIR=$src ENGRAM_BUILD_DIR=$build \
    "$venv/bin/python" -m pip install --no-build-isolation --no-index --no-deps --quiet "$stage" > "$build/python-install.log" 2>&1 \
    || { cat "$build/python-install.log"; echo "FAIL: pip install"; exit 1; }
# The notebooks run in a kernel of the venv's interpreter (where ipykernel is installed).
kernel=python3
if "$venv/bin/python" -c 'import ipykernel, nbclient' 2> /dev/null; then
    "$venv/bin/python" -m ipykernel install --sys-prefix --name engram-test > /dev/null 2>&1 && kernel=engram-test
fi
cd "$build"
PYDEVD_DISABLE_FILE_VALIDATION=1 ENGRAM_KERNEL=$kernel \
ENGRAM_SOURCE_DIR=$src ENGRAM_CLI=$build/engram "$venv/bin/python" -m pytest -q -p no:cacheprovider \
    -m "not slow" "$src/python/tests"
