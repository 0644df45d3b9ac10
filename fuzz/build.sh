#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/fuzz_NAME.c) with clang against the
# sources directly: fuzz/build.sh [NAME...]; binaries go to build-fuzz/.
# The io harnesses need only the io sources; the model harness needs the
# scanner and parser (generated here with flex and bison) and every library
# module, since the block kinds' schemas live next to the code that runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
names=("$@")
[ ${#names[@]} -eq 0 ] && names=(npy csv idx json model)
mkdir -p build-fuzz
cflags=(-std=c11 -D_POSIX_C_SOURCE=200809L -DENGRAM_VERSION=\"fuzz\" -g -O1 -Wall -Wextra -Wpedantic
        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Iinclude -Isrc)
for name in "${names[@]}"; do
    libs=()
    if [ "$name" = model ]; then
        gen=build-fuzz/gen
        mkdir -p "$gen"
        bison -Wall -Werror --defines="$gen/engram_parser.h" -o "$gen/engram_parser.c" grammar/engram.y
        flex --header-file="$gen/engram_lexer.h" -o "$gen/engram_lexer.c" grammar/engram.l
        srcs=("$gen/engram_parser.c" "$gen/engram_lexer.c")
        for dir in core lang io mem dyn spec task run run/kinds run/sweep out; do
            for f in src/$dir/*.c; do [ -e "$f" ] && srcs+=("$f"); done
        done
        cflags_extra=(-I"$gen" -Wno-unused-function
                      -Wno-sign-compare -Wno-unused-parameter)
        libs=(-lgsl -llapacke -lopenblas -larpack -lz -lpthread -lm)
    else
        srcs=(src/core/status.c src/core/matrix.c src/core/strbuf.c src/io/*.c)
        libs=(-lz -lm)
        cflags_extra=()
    fi
    clang "${cflags[@]}" "${cflags_extra[@]}" "fuzz/fuzz_$name.c" "${srcs[@]}" "${libs[@]}" -o "build-fuzz/fuzz_$name"
    echo "built build-fuzz/fuzz_$name"
done
