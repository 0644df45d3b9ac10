#!/usr/bin/env bash
# Start-up pays only for what a model uses, and leaves no BLAS worker
# spinning. engram opens OpenBLAS at its first BLAS call and LAPACKE at its
# first LAPACKE call, so a run without BLAS work (seed experiment 2) opens
# neither; OpenBLAS starts worker threads when it is opened, and an idle
# worker yields the processor in a loop (sched_yield) for about 2^28 cycles
# before it sleeps, so engram stops them at once: every thread started while
# OpenBLAS opens has exited before LAPACKE is opened, no thread started before
# main outlives start-up, and no thread calls sched_yield after that stop (a
# worker may yield a few times in the microseconds between its start and the
# stop). GSL's BLAS calls
# must reach OpenBLAS as before: engram defines every cblas_* function GSL
# imports. The oracles are the kernel's ordered record of the process's
# system calls (strace -f) and the dynamic symbol tables (nm -D).
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
    # alive there; sched_yield calls after it, except those of a worker
    # OpenBLAS started as it opened, made before that worker's own exit
    # (the first pass finds the threads that exit; a thread still spinning
    # at the end of the run ends in exit_group, not exit).
    report=$(awk -v model="$model" '
        FNR == NR { if (/ exit\(/) exits[$1] = 1; next }
        !opened && /clone3?\(/ && match($0, /= [0-9]+$/) { alive[substr($0, RSTART + 2)] = 1 }
        !opened && /exit\(/ { delete alive[$1] }
        !opened && index($0, model) && /openat\(/ { opened = 1; for (t in alive) live++ }
        /openat\(.*libopenblas/ { blas = 1 }
        /openat\(.*liblapacke/ { blas = 0 }
        blas && /clone3?\(/ && match($0, /= [0-9]+$/) { t = substr($0, RSTART + 2); if (t in exits) starting[t] = 1 }
        / exit\(/ { delete starting[$1] }
        opened && /sched_yield\(/ && !($1 in starting) { yields++ }
        END { printf "%d %d %d\n", opened, live, yields }' "$tmp/trace" "$tmp/trace")
    read -r opened live yields <<<"$report"
    check "$model: the model file is opened" test "$opened" -eq 1
    check "$model: $live thread(s) started before main still alive when the model is read" test "$live" -eq 0
    check "$model: $yields sched_yield calls after start-up, none expected" test "$yields" -eq 0
done

# Seed experiment 2 does no BLAS work: it opens neither library.
strace -f -o "$tmp/trace" -e trace=openat "$engram" run "$src/models/seed/hopfield-8000.engram" >/dev/null 2>&1
opened_blas=$(grep -c 'libopenblas\|liblapacke' "$tmp/trace")
check "seed/hopfield-8000: $opened_blas BLAS or LAPACKE library opened, none expected" test "$opened_blas" -eq 0

# A spectrum opens OpenBLAS once, then LAPACKE; the threads OpenBLAS starts
# while it opens have exited when LAPACKE is opened.
strace -f -o "$tmp/trace" -e trace=openat,exit,sched_yield,clone,clone3 \
    "$engram" run "$src/models/emt/hebbian-spectrum.engram" >/dev/null 2>&1
status=$?
check "emt/hebbian-spectrum runs under strace (status $status)" test "$status" -eq 0
report=$(awk '
    /openat\(.*libopenblas/ { blas++ }
    blas && !lapacke && /clone3?\(/ && match($0, /= [0-9]+$/) { alive[substr($0, RSTART + 2)] = 1 }
    blas && !lapacke && /exit\(/ { delete alive[$1] }
    /openat\(.*liblapacke/ && !lapacke { lapacke = 1; for (t in alive) live++ }
    END { printf "%d %d %d\n", blas, lapacke, live }' "$tmp/trace")
read -r blas lapacke live <<<"$report"
check "emt/hebbian-spectrum: OpenBLAS opened $blas time(s), once expected" test "$blas" -eq 1
check "emt/hebbian-spectrum: LAPACKE opened" test "$lapacke" -eq 1
check "emt/hebbian-spectrum: $live OpenBLAS thread(s) still alive when LAPACKE opens" test "$live" -eq 0

# Every cblas_* function libgsl imports is defined by engram.
if command -v nm >/dev/null 2>&1; then
    gsl=$(awk '/libgsl\.so/ { print $3 }' <<<"$libs")
    nm -D --undefined-only "$gsl" | awk '$NF ~ /^cblas_/ { print $NF }' | sort >"$tmp/gsl"
    nm -D --defined-only "$engram" | awk '$NF ~ /^cblas_/ { print $NF }' | sort >"$tmp/ours"
    missing=$(comm -23 "$tmp/gsl" "$tmp/ours" | wc -l)
    imported=$(wc -l <"$tmp/gsl")
    check "GSL imports $imported cblas functions" test "$imported" -gt 0
    check "$missing of GSL's cblas imports not defined by engram" test "$missing" -eq 0
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
