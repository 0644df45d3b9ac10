"""Builds the engram Python package.

The extension links libengram statically. libengram is built from the source
tree this folder sits in by the project's own CMake (target `engram`), so the
package gets exactly the library the command line is made of: the flex and
bison parser generated the same way, the same dependency checks naming the
Debian package that is missing, the same compile options. The dependencies'
libraries (GSL, LAPACKE, OpenBLAS, zlib, ARPACK) are read back from the CMake cache.
"""
import os
import re
import subprocess
import sys

import numpy
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("ENGRAM_SOURCE_DIR", os.path.dirname(HERE))
DEP_VARS = ("ENGRAM_GSL_LIB", "ENGRAM_LAPACKE_LIB", "ENGRAM_OPENBLAS_LIB", "ENGRAM_ZLIB_LIB", "ENGRAM_ARPACK_LIB")


def cmake_cache(build_dir):
    """The CMake cache of build_dir as a dict of names to values."""
    values = {}
    with open(os.path.join(build_dir, "CMakeCache.txt"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^([A-Za-z_0-9]+):[A-Z]+=(.*)$", line.strip())
            if m:
                values[m.group(1)] = m.group(2)
    return values


class BuildWithLibengram(build_ext):
    """Builds libengram.a with CMake, then the extension against it."""

    def run(self):
        if not os.path.exists(os.path.join(SOURCE, "CMakeLists.txt")):
            sys.exit(f"engram: no CMakeLists.txt in {SOURCE}; set ENGRAM_SOURCE_DIR to engram's source tree")
        # ENGRAM_BUILD_DIR: an existing CMake build of engram to link (the tests
        # use the build being tested); else a build of its own.
        build_dir = os.environ.get("ENGRAM_BUILD_DIR")
        if not build_dir:
            build_dir = os.path.abspath(os.path.join(self.build_temp, "libengram"))
            subprocess.check_call(["cmake", "-S", SOURCE, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
                                   "-DENGRAM_TESTS=OFF"])
        jobs = os.environ.get("ENGRAM_BUILD_JOBS", "2")
        subprocess.check_call(["cmake", "--build", build_dir, "--target", "engram", "-j", jobs])
        cache = cmake_cache(build_dir)
        deps = [cache[v] for v in DEP_VARS if cache.get(v)]
        for ext in self.extensions:
            ext.extra_objects = [os.path.join(build_dir, "libengram.a")] + deps
            # Relink whenever the library changed, not only the binding's source.
            ext.depends = [os.path.join(build_dir, "libengram.a")]
            ext.include_dirs.append(os.path.join(SOURCE, "include"))
        super().run()


setup(
    name="engram",
    version="0.1.0",
    description="engram from Python: episodic-memory dynamics in recurrent networks",
    packages=["engram"],
    ext_modules=[
        Extension("engram._engram", ["src/_engram.c"], include_dirs=[numpy.get_include()],
                  libraries=["m", "pthread"], extra_compile_args=["-Wall"]),
    ],
    cmdclass={"build_ext": BuildWithLibengram},
    python_requires=">=3.9",
)
