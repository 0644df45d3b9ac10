#!/usr/bin/env bash
# Installs the build into a temporary prefix and builds the C example against
# it twice: through pkg-config, and through find_package(engram).
set -euo pipefail
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/install.log"
for f in bin/engram include/engram/hopfield.h lib/libengram.a lib/pkgconfig/engram.pc lib/cmake/engram/engramConfig.cmake share/man/man1/engram.1; do
    [ -e "$tmp/prefix/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
ls "$tmp/prefix"/lib/libengram.so* > /dev/null || { echo "FAIL: no shared library installed"; exit 1; }

export PKG_CONFIG_PATH=$tmp/prefix/lib/pkgconfig
cc -std=c11 "$src/examples/c-api/recall.c" $(pkg-config --cflags --libs engram) -o "$tmp/recall-pc"
LD_LIBRARY_PATH=$tmp/prefix/lib "$tmp/recall-pc" | grep -q '^hamming 0 ' || { echo "FAIL: pkg-config build"; exit 1; }

mkdir -p "$tmp/cm"
cat > "$tmp/cm/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.25)
project(recall C)
find_package(engram REQUIRED)
add_executable(recall $src/examples/c-api/recall.c)
target_link_libraries(recall PRIVATE engram::engram)
CM
cmake -S "$tmp/cm" -B "$tmp/cm/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" > "$tmp/cm.log"
cmake --build "$tmp/cm/build" > "$tmp/cm-build.log"
"$tmp/cm/build/recall" | grep -q '^hamming 0 ' || { echo "FAIL: find_package build"; exit 1; }
echo "installed engram builds and runs through pkg-config and find_package"
