# lib_continuation.sh: what the continuation test scripts share, sourced with
# their arguments (ENGRAM SOURCE_DIR): engram, src, py, a temporary folder
# removed on exit, the pass/fail counters, and check NAME DIR, which runs the
# Python check on its standard input against the result directory DIR.
# Exits 77 (skipped) without numpy and scipy.
engram=$1
src=$2
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! [ -x "$py" ] || ! "$py" -c 'import numpy, scipy' 2>/dev/null; then
    echo "numpy and scipy are needed"; exit 77
fi
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL: $*"; failed=$((failed + 1)); }
# check NAME DIR PYTHON: runs the python check on the result directory DIR.
check() {
    local name=$1 dir=$2
    if "$py" - "$dir" > "$tmp/$name.py.out" 2>&1; then ok; else bad "$name"; cat "$tmp/$name.py.out"; fi
}
