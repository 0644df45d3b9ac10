#!/usr/bin/env bash
# The engram command's contract: exit codes per failure class, -D overrides,
# --json, output directories written whole or not at all.
set -uo pipefail
engram=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
expect() { # expect STATUS DESCRIPTION -- COMMAND...
    local want=$1 what=$2; shift 3
    "$@" > "$tmp/out" 2> "$tmp/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: $what: exit $got, expected $want"; cat "$tmp/err"; fail=1
    fi
}
model=$src/models/seed/hopfield-64.engram

expect 0 "--version" -- "$engram" --version
grep -q '^engram [0-9]' "$tmp/out" || { echo "FAIL: --version prints no version"; fail=1; }
expect 0 "--help" -- "$engram" --help
expect 0 "help language" -- "$engram" help language
expect 0 "help recall" -- "$engram" help recall
grep -q 'cue' "$tmp/out" || { echo "FAIL: help recall lists no keys"; fail=1; }
expect 2 "no command" -- "$engram"
expect 2 "unknown command" -- "$engram" frobnicate
expect 2 "unknown option" -- "$engram" run "$model" --frob
expect 2 "help on nothing" -- "$engram" help nothing-at-all
expect 4 "missing model file" -- "$engram" run "$tmp/missing.engram"
grep -q "cannot open" "$tmp/err" || { echo "FAIL: missing file message"; fail=1; }
expect 4 "check a missing file" -- "$engram" check "$tmp/missing.engram"
expect 0 "check a good model" -- "$engram" check "$model"

# -D overrides a param; an unknown one is a usage error (exit 2) naming it.
expect 0 "-D seed=2" -- "$engram" run "$model" -D seed=2
expect 0 "-Dseed=3" -- "$engram" run "$model" -Dseed=3
expect 2 "-D of an unknown param" -- "$engram" run "$model" -D sed=2
grep -q "no param 'sed'; did you mean 'seed'" "$tmp/err" || { echo "FAIL: -D unknown param message"; cat "$tmp/err"; fail=1; }
expect 2 "-D without a value" -- "$engram" run "$model" -D seed

# A model error exits 1 and writes nothing.
printf 'network n {\n  unit = 4\n}\n' > "$tmp/bad.engram"
expect 1 "model with an unknown key" -- "$engram" run "$tmp/bad.engram" -o "$tmp/badout"
grep -q "did you mean 'units'" "$tmp/err" || { echo "FAIL: no suggestion for 'unit'"; fail=1; }
[ ! -e "$tmp/badout" ] || { echo "FAIL: a failed run left $tmp/badout behind"; fail=1; }

# An episode index out of range is a model error: exit 1 with the location, and no output.
sed 's/M\[0\], bits/M[9], bits/' "$model" > "$tmp/index.engram"
expect 1 "episode index out of range" -- "$engram" run "$tmp/index.engram" -o "$tmp/idxout"
grep -q "index.engram:23:18: error: episode 9 of 'M' does not exist: it holds 5 episodes" "$tmp/err" || { echo "FAIL: index message"; cat "$tmp/err"; fail=1; }
ls "$tmp/idxout" 2>/dev/null | grep -q . && { echo "FAIL: a failed run left files in $tmp/idxout"; fail=1; }

# Outputs: summary.json and the .npy files it names.
expect 0 "run with -o" -- "$engram" run "$model" -o "$tmp/out1"
for f in summary.json r1.energy.npy r1.state.npy; do
    [ -s "$tmp/out1/$f" ] || { echo "FAIL: $f not written"; fail=1; }
done
ls -a "$tmp/out1" | grep -q '^\.staging' && { echo "FAIL: staging directory left behind"; fail=1; }
expect 0 "run --json" -- "$engram" run "$model" --json
grep -q '"results"' "$tmp/out" || { echo "FAIL: --json prints no results"; fail=1; }

# An output path that cannot be a directory is an I/O failure.
touch "$tmp/afile"
expect 4 "-o onto a file" -- "$engram" run "$model" -o "$tmp/afile/sub"
exit $fail
