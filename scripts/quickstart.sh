#!/usr/bin/env bash
# The README's quick start: installs what is missing (Debian 12), builds engram,
# then either runs the default model (`demo`) or the whole test suite (`test`).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake pkg-config flex bison libgsl-dev liblapacke-dev
          libopenblas-dev libarpack2-dev zlib1g-dev libcmocka-dev clang python3-numpy python3-scipy gnuplot-nox
          libopenmpi-dev openmpi-bin
          python3-dev python3-venv python3-pip python3-setuptools python3-wheel python3-pytest
          python3-nbclient python3-ipykernel python3-nbformat jupyter-notebook)

install_missing() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    echo "engram: installing ${missing[*]}" >&2
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}

build() { # build DIR [cmake options...]
    local dir=$1; shift
    cmake -S . -B "$dir" -DENGRAM_WERROR=ON "$@" >/dev/null
    cmake --build "$dir" -j "$(nproc)"
}

# The Python package in a venv over Debian's numpy (build/python-venv), linked
# to the library just built, and a Jupyter kernel "Python (engram)" for the
# notebooks of examples/notebooks.
python_package() {
    local venv=build/python-venv
    [ -x "$venv/bin/python" ] || /usr/bin/python3 -m venv --system-site-packages "$venv"
    ENGRAM_BUILD_DIR=$PWD/build "$venv/bin/python" -m pip install --quiet --no-build-isolation --no-index \
        --no-deps ./python
    "$venv/bin/python" -Xfrozen_modules=off -m ipykernel install --user --name engram --display-name "Python (engram)" >/dev/null
}

mode=${1:-demo}
install_missing
case "$mode" in
demo)
    build build -DCMAKE_BUILD_TYPE=Release
    ./build/engram run models/seed/hopfield-64.engram -o out/hopfield-64
    python_package
    ;;
test)
    build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
    (cd build && ctest --output-on-failure -j "$(nproc)")
    python_package
    # The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
    build build-sanitize -DCMAKE_BUILD_TYPE=Debug -DENGRAM_SANITIZE=ON
    (cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j "$(nproc)")
    # engram sweep across MPI ranks: the sweep tests again, the MPI one included.
    build build-mpi -DCMAKE_BUILD_TYPE=RelWithDebInfo -DENGRAM_MPI=ON
    (cd build-mpi && OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
        ctest --output-on-failure -R 'sweep')
    ;;
*)
    echo "usage: scripts/quickstart.sh [demo|test]" >&2
    exit 2
    ;;
esac
