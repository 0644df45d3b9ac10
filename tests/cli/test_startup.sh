#!/usr/bin/env bash
# Start-up leaves no BLAS worker spinning: OpenBLAS starts its worker threads
# before main, and an idle worker yields the processor in a loop (sched_yield)
# for about 2^28 cycles before it sleeps. engram stops them at start, so a run
# that does no threaded BLAS work makes no sched_yield call at all. The oracle
# is the kernel's record of the process's system calls (strace).
# usage: test_startup.sh ENGRAM SOURCE_DIR
set -uo pipefail
engram=$1
src=$2
case "$engram" in *under-valgrind*) echo "under valgrind: skipped"; exit 77 ;; esac
if ! command -v strace >/dev/null 2>&1; then
    echo "no strace: skipped"
    exit 77
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
check() { # check NAME CONDITION...
    local name=$1
    shift
    if "$@"; then passed=$((passed + 1)); else echo "FAIL: $name" >&2; failed=$((failed + 1)); fi
}

# counts FILE SYSCALL: calls of SYSCALL in a strace -c summary (0 when absent).
counts() { awk -v s="$2" '$NF == s { print ($4 ~ /^[0-9]+$/ ? $4 : $5); found = 1 } END { if (!found) print 0 }' "$1"; }

for model in seed/hopfield-8000.engram dynamics/saturating-autapse.engram; do
    strace -f -c -o "$tmp/trace" "$engram" run "$src/models/$model" >/dev/null 2>&1
    status=$?
    check "$model runs under strace (status $status)" test "$status" -eq 0
    yields=$(counts "$tmp/trace" sched_yield)
    check "$model: $yields sched_yield calls, none expected" test "$yields" -eq 0
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
