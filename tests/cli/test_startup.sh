#!/usr/bin/env bash
# Start-up leaves no BLAS worker spinning: OpenBLAS starts its worker threads
# before main, and an idle worker yields the processor in a loop (sched_yield)
# for about 2^28 cycles before it sleeps. engram stops them at start, so every
# thread started before main has exited before engram opens the model, and
# nothing calls sched_yield after that. The oracle is the kernel's ordered
# record of the process's system calls (strace -f).
# usage: test_startup.sh ENGRAM SOURCE_DIR
set -uo pipefail
engram=$1
src=$2
case "$engram" in *under-valgrind*) echo "under valgrind: skipped"; exit 77 ;; esac
# The sanitizers' runtime stops under ptrace (LeakSanitizer) and runs threads of its own.
# ldd's whole output first: grep -q stopping early would fail the pipe under pipefail.
libs=$(ldd "$engram" 2>/dev/null || true)
if grep -q 'libasan\|libubsan' <<<"$libs"; then
    echo "sanitizer build: skipped"
    exit 77
fi
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

for model in seed/hopfield-8000.engram dynamics/saturating-autapse.engram; do
    strace -f -o "$tmp/trace" -e trace=openat,exit,sched_yield,clone,clone3 \
        "$engram" run "$src/models/$model" >/dev/null 2>&1
    status=$?
    check "$model runs under strace (status $status)" test "$status" -eq 0
    # Line of the model's opening; threads started before it and still
    # alive there; sched_yield calls after it.
    report=$(awk -v model="$model" '
        !opened && /clone3?\(/ && match($0, /= [0-9]+$/) { alive[substr($0, RSTART + 2)] = 1 }
        !opened && /exit\(/ { delete alive[$1] }
        !opened && index($0, model) && /openat\(/ { opened = 1; for (t in alive) live++ }
        opened && /sched_yield\(/ { yields++ }
        END { printf "%d %d %d\n", opened, live, yields }' "$tmp/trace")
    read -r opened live yields <<<"$report"
    check "$model: the model file is opened" test "$opened" -eq 1
    check "$model: $live thread(s) started before main still alive when the model is read" test "$live" -eq 0
    check "$model: $yields sched_yield calls after start-up, none expected" test "$yields" -eq 0
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
