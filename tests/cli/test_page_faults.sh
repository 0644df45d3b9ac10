#!/usr/bin/env bash
# Seed 001 experiment 2 (D = 8000, N = 900) touches little more memory than
# its data: the episodes packed by rows (N·D/8 bytes, 220 pages of 4 KiB)
# and the network's copy packed by units (as many), not a second copy by rows
# nor subset-sum tables its ternary states never read. The oracle is the
# kernel's count of minor page faults (GNU time), taken beyond those of
# `engram --version`, which pays the same start-up.
# usage: test_page_faults.sh ENGRAM SOURCE_DIR
set -uo pipefail
engram=$1
src=$2
case "$engram" in *under-valgrind*) echo "under valgrind: skipped"; exit 77 ;; esac
# ldd's whole output first: grep -q stopping early would fail the pipe under pipefail.
libs=$(ldd "$engram" 2>/dev/null || true)
if grep -q 'libasan\|libubsan' <<<"$libs"; then
    echo "sanitizer build: skipped"
    exit 77
fi
if [ ! -x /usr/bin/time ]; then
    echo "no GNU time: skipped"
    exit 77
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# faults ARGS...: the minor page faults of one engram run (the fewest of three).
faults() {
    local best=
    for _ in 1 2 3; do
        /usr/bin/time -f '%R' -o "$tmp/t" "$engram" "$@" >/dev/null 2>&1 || return 1
        local f
        f=$(tail -n 1 "$tmp/t")
        if [ -z "$best" ] || [ "$f" -lt "$best" ]; then best=$f; fi
    done
    echo "$best"
}

base=$(faults --version) || { echo "FAIL: engram --version" >&2; exit 1; }
run=$(faults run "$src/models/seed/hopfield-8000.engram") || { echo "FAIL: engram run" >&2; exit 1; }
extra=$((run - base))
# 440 pages of episode bits, about 100 for the model, the recall's vectors
# and the report: 640 leaves room for the allocator, and a copy more (220)
# would not fit.
if [ "$extra" -le 640 ]; then
    passed=$((passed + 1))
else
    echo "FAIL: seed 001 experiment 2 takes $extra page faults beyond start-up ($run against $base), more than 640" >&2
    failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
