#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/fuzz_NAME.c) with clang against the io
# sources directly: fuzz/build.sh [NAME...]; binaries go to build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
names=("$@")
[ ${#names[@]} -eq 0 ] && names=(npy csv idx json)
mkdir -p build-fuzz
srcs=(src/core/status.c src/core/matrix.c src/io/*.c)
for name in "${names[@]}"; do
    clang -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -Wall -Wextra -Wpedantic \
          -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
          -Iinclude -Isrc "fuzz/fuzz_$name.c" "${srcs[@]}" -o "build-fuzz/fuzz_$name"
    echo "built build-fuzz/fuzz_$name"
done
