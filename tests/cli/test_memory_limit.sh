#!/usr/bin/env bash
# Sizes checked before allocating: what a model would allocate is refused at
# check time over the memory limit (--memory-limit, or 3/4 of physical
# memory), with the size at the key responsible; a loaded .npy is sized from
# its header; a sweep of 10^9 points runs without reserving its table.
# Oracles: sizes and the default limit computed by Python.
set -uo pipefail
engram=$1
src=$2
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL: $*"; failed=$((failed + 1)); }
# status WANT WHAT COMMAND...: the exit status of COMMAND, its stderr in $tmp/err.
status() {
    local want=$1 what=$2; shift 2
    "$@" > "$tmp/out" 2> "$tmp/err"
    local got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, expected $want"; cat "$tmp/err"; fi
}
# has WHAT TEXT: $tmp/err holds TEXT.
has() {
    if grep -qF -- "$2" "$tmp/err"; then ok; else bad "$1: no '$2' in:"; cat "$tmp/err"; fi
}
gib() { $py -c "print('%.1f GiB' % ($1 / 2**30))"; }

# A rate network of 115 000 units: W alone is 115000² doubles.
cat > "$tmp/rate.engram" <<'EOF'
network n { units = 115000; state = rate; activation = tanh }
simulate s { network = n; time = 0 .. 1 }
EOF
size=$(gib "115000**2 * 8")
status 1 "115000-unit rate network, --memory-limit 16G" "$engram" check --memory-limit 16G "$tmp/rate.engram"
has "115000 units" "rate.engram:1:21: error: the weights W (115000 × 115000 doubles) would take $size, over the memory limit of 16.0 GiB"
# The default: 3/4 of physical memory, as the system reports it.
limit=$(gib "0.75 * __import__('os').sysconf('SC_PHYS_PAGES') * __import__('os').sysconf('SC_PAGE_SIZE')")
if $py -c "import os,sys; sys.exit(0 if 115000**2*8 > 0.75*os.sysconf('SC_PHYS_PAGES')*os.sysconf('SC_PAGE_SIZE') else 1)"; then
    status 1 "115000-unit rate network, default limit" "$engram" check "$tmp/rate.engram"
    has "default limit" "over the memory limit of $limit (3/4 of physical memory; --memory-limit SIZE raises it)"
fi
# Raised, the model checks (check allocates nothing); run and sweep take it too.
status 0 "--memory-limit 1T" "$engram" check --memory-limit 1T "$tmp/rate.engram"
status 1 "run --memory-limit 16G" "$engram" run --memory-limit 16G "$tmp/rate.engram"
has "run" "would take $size"
status 1 "sweep --memory-limit 16G" "$engram" sweep --memory-limit 16G "$tmp/rate.engram" -o "$tmp/rs"
has "sweep" "would take $size"

# Sizes as users write them; anything else is a usage error.
for good in 512M 1.5G 1GiB 1gb 2T 1048576 64k; do
    status 0 "--memory-limit $good" "$engram" check --memory-limit "$good" "$src/models/seed/hopfield-64.engram"
done
for wrong in 1X 0 -5G "" G 1.5.G 10GBB; do
    status 2 "--memory-limit '$wrong'" "$engram" check --memory-limit "$wrong" "$src/models/seed/hopfield-64.engram"
done
has "usage message" "--memory-limit takes a size such as 512M"
# A limit below what a small model needs: 64 units' W is 32 KiB.
cat > "$tmp/small.engram" <<'EOF'
network n { units = 64; state = rate; activation = tanh }
simulate s { network = n; time = 0 .. 1 }
EOF
status 1 "64 units under 16K" "$engram" check --memory-limit 16K "$tmp/small.engram"
has "64 units under 16K" "the weights W (64 × 64 doubles) would take 32.0 KiB, over the memory limit of 16.0 KiB"
status 0 "64 units under 64K" "$engram" check --memory-limit 64K "$tmp/small.engram"

# A recall's outcomes, one a trial, at its 'trials' key.
cat > "$tmp/trials.engram" <<'EOF'
memories M { generate = random(count = 5, size = 100) }
network h { store = M }
recall r { network = h; cue = flip(M[0], fraction = 0.1); trials = 100000000 }
EOF
status 1 "10^8 trials" "$engram" check --memory-limit 8G "$tmp/trials.engram"
has "10^8 trials" "trials.engram:3:59: error: the outcomes of 100000000 recalls would take"
status 0 "10^8 trials, 1T" "$engram" check --memory-limit 1T "$tmp/trials.engram"

# A sparse 32 GiB .npy: sized from its header at check, never allocated.
$py - "$tmp/big.npy" <<'EOF'
import sys
import numpy as np
path = sys.argv[1]
shape = (65536, 65536)
with open(path, "wb") as f:
    np.lib.format.write_array_header_1_0(f, {"descr": "<f8", "fortran_order": False, "shape": shape})
    f.truncate(f.tell() + shape[0] * shape[1] * 8)
EOF
cat > "$tmp/load.engram" <<'EOF'
network n { weights = load(file = "big.npy"); state = rate; activation = tanh }
simulate s { network = n; time = 0 .. 1 }
EOF
cat > "$tmp/episodes.engram" <<'EOF'
memories M { generate = load(file = "big.npy") }
network n { store = M }
EOF
big=$(gib "65536 * 65536 * 8")
status 1 "sparse .npy as weights" "$engram" check --memory-limit 8G "$tmp/load.engram"
has "sparse .npy as weights" "load.engram:1:35: error: 'big.npy' (65536 × 65536 values, read as doubles) would take $big"
status 1 "sparse .npy as episodes" "$engram" check --memory-limit 8G "$tmp/episodes.engram"
has "sparse .npy as episodes" "'big.npy' (65536 × 65536 values, read as doubles) would take $big"
# A missing file is not sized here: reading it reports it (exit 4).
sed 's/big.npy/missing.npy/' "$tmp/load.engram" > "$tmp/missing.engram"
status 0 "missing .npy checks" "$engram" check "$tmp/missing.engram"

# Under a 2 GiB address-space limit (not with the sanitizers' shadow memory):
# the refusal comes before any allocation, and a sweep of 10^9 points starts
# running instead of reserving 24 GB for its table.
if (ulimit -v 2097152 && "$engram" --version > /dev/null 2>&1); then
    status 1 "sparse .npy under ulimit" bash -c "ulimit -v 2097152; exec '$engram' run --memory-limit 8G '$tmp/load.engram'"
    has "sparse .npy under ulimit" "would take $big"
    cat > "$tmp/grid.engram" <<'EOF'
param a = 1
param b = 1
param c = 1
network n { units = 2; state = rate; weights = [[0.5, 0], [0, 0.5]]; activation = tanh }
simulate s { network = n; time = 0 .. 0.1; init = [a, b] }
sweep a in 1 .. 1000
sweep b in 1 .. 1000
sweep c in 1 .. 1000
EOF
    status 0 "10^9-point grid checks" "$engram" check "$tmp/grid.engram"
    bash -c "ulimit -v 2097152; exec timeout 4 '$engram' sweep '$tmp/grid.engram' -o '$tmp/grid' -q -j 1" \
        > /dev/null 2> "$tmp/err"
    rc=$?
    if [ "$rc" -eq 124 ]; then ok; else bad "10^9-point sweep: exit $rc, expected to be still running (124)"; cat "$tmp/err"; fi
    # Rows were journalled: the sweep ran points rather than failing up front.
    n=$($py -c "import sys; print(open(sys.argv[1], 'rb').read().count(b'EGJ1'))" "$tmp/grid/journal.egj" 2> /dev/null || echo 0)
    if [ "$n" -gt 2 ]; then ok; else bad "10^9-point sweep journalled $n records"; fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
