#!/usr/bin/env bash
# Nothing lost, nothing silent: failed writes on stdout, a file-size limit,
# a byte-order mark, invisible characters in messages, shard numbering.
set -uo pipefail
engram=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
exec 3>&1 # the test's own report, whatever a case does with stdout
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL: $*" >&3; failed=$((failed + 1)); }
# status WANT WHAT -- COMMAND...: runs COMMAND (stdout already redirected by
# the caller when it matters) and compares its exit status.
status() {
    local want=$1 what=$2; shift 3
    "$@" 2> "$tmp/err"
    local got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, expected $want"; cat "$tmp/err" >&3; fi
}
model=$src/models/seed/hopfield-64.engram
sweep=$src/tests/cli/sweep/small.engram

# Writes to stdout that fail are I/O failures (4) with a message, for every
# subcommand that prints; /dev/full fails every write with ENOSPC.
if [ -w /dev/full ]; then
    status 4 "run > /dev/full" -- "$engram" run "$model" > /dev/full
    grep -q "standard output" "$tmp/err" || bad "run > /dev/full: no message"
    status 4 "run --json > /dev/full" -- "$engram" run "$model" --json > /dev/full
    status 4 "check --help > /dev/full" -- "$engram" check --help > /dev/full
    status 4 "help > /dev/full" -- "$engram" help > /dev/full
    status 4 "--help > /dev/full" -- "$engram" --help > /dev/full
    status 4 "help language > /dev/full" -- "$engram" help language > /dev/full
    status 4 "sweep > /dev/full" -- "$engram" sweep "$sweep" -o "$tmp/full" > /dev/full
    status 4 "spectrum --help > /dev/full" -- "$engram" spectrum --help > /dev/full
fi
# A closed stdout: every write fails with EBADF.
status 4 "run with stdout closed" -- "$engram" run "$model" >&-
status 4 "--version with stdout closed" -- "$engram" --version >&-

# A file-size limit of 1 block: writing the results is EFBIG, reported as
# exit 4 naming the file, not a death by SIGXFSZ (exit 153); nothing is left.
status 4 "run -o under ulimit -f 1" -- bash -c "ulimit -f 1; exec \"$engram\" run \"$model\" -o \"$tmp/big\"" > /dev/null
grep -q "File too large" "$tmp/err" || { bad "run under ulimit -f: the cause is not named"; cat "$tmp/err"; }
[ -z "$(ls -A "$tmp/big" 2> /dev/null)" ] || { bad "run under ulimit -f left files"; ls -A "$tmp/big"; }
status 4 "sweep under ulimit -f 1" -- bash -c "ulimit -f 1; exec \"$engram\" sweep \"$sweep\" -o \"$tmp/sw\"" > /dev/null
grep -q "File too large" "$tmp/err" || { bad "sweep under ulimit -f: the cause is not named"; cat "$tmp/err"; }
grep -q "No space left" "$tmp/err" && bad "sweep under ulimit -f blames the disk"

# A UTF-8 byte-order mark before the model is no part of it.
printf '\xef\xbb\xbf' > "$tmp/bom.engram"
cat "$model" >> "$tmp/bom.engram"
cp "$model" "$tmp/plain.engram"
status 0 "check a model with a byte-order mark" -- "$engram" check "$tmp/bom.engram" > /dev/null
"$engram" run "$tmp/plain.engram" --json | sed 's/plain[.]engram/bom.engram/' > "$tmp/plain.json" 2> /dev/null
status 0 "run a model with a byte-order mark" -- "$engram" run "$tmp/bom.engram" --json > "$tmp/bom.json"
cmp -s "$tmp/plain.json" "$tmp/bom.json" && ok || bad "a byte-order mark changed the results"
# Anywhere else it is an error, named by its code point; so is a zero-width space.
printf 'param a = 1\n\xef\xbb\xbfparam b = 2\n' > "$tmp/mid.engram"
status 1 "a byte-order mark inside the model" -- "$engram" check "$tmp/mid.engram" > /dev/null
grep -q "2:1: error: unexpected character 'U+FEFF'" "$tmp/err" && ok || { bad "U+FEFF not named"; cat "$tmp/err"; }
printf 'param a = 1\xe2\x80\x8b\n' > "$tmp/zw.engram"
status 1 "a zero-width space" -- "$engram" check "$tmp/zw.engram" > /dev/null
grep -q "U+200B" "$tmp/err" && ok || { bad "U+200B not named"; cat "$tmp/err"; }
LC_ALL=C grep -q $'\xe2\x80\x8b' "$tmp/err" && bad "the invisible character reached the message"

# Shards are numbered from 0; a 1-based one is refused with the numbering.
status 2 "--shard 2/2" -- "$engram" sweep "$sweep" -o "$tmp/sh" --shard 2/2 > /dev/null
grep -q "numbered from 0" "$tmp/err" && grep -q "1/2" "$tmp/err" && ok || { bad "--shard 2/2 message"; cat "$tmp/err"; }

# Re-running into a results directory replaces the earlier run's files: a
# run of block r1 and then one of block q1 leaves q1's files alone, beside a
# file engram did not write, and the figures rendered from r1's script go too.
sed 's/^recall r1 /recall q1 /' "$model" > "$tmp/renamed.engram"
status 0 "first run into a directory" -- "$engram" run "$model" -o "$tmp/re" > /dev/null
echo "mine" > "$tmp/re/notes.txt"
touch "$tmp/re/r1.energy.svg" "$tmp/re/r1.energy.png" # as 'engram plot' renders them
status 0 "second run into the same directory" -- "$engram" run "$tmp/renamed.engram" -o "$tmp/re" > /dev/null
listing=$(cd "$tmp/re" && ls | tr '\n' ' ')
[ "$listing" = "notes.txt q1.energy.gp q1.energy.npy q1.state.npy summary.json " ] && ok ||
    bad "the directory mixes two runs: $listing"

# A run ended by SIGTERM while it writes its results removes its staging
# directory, and the signal still ends it (128 + 15). 2 000 blocks take long
# enough to write that the signal arrives meanwhile.
{
    printf 'memories M { generate = random(count = 2, size = 8); seed = 1 }\n'
    printf 'network hop { units = 8; state = bipolar; rule = hebb; store = M }\n'
    for i in $(seq 1 2000); do printf 'recall r%d { network = hop; cue = M[0]; steps = 5 }\n' "$i"; done
} > "$tmp/many.engram"
"$engram" run "$tmp/many.engram" -o "$tmp/killed" > /dev/null 2>&1 &
pid=$!
for _ in $(seq 1 500); do
    ls -A "$tmp/killed" 2> /dev/null | grep -q '^\.staging' && break
    sleep 0.01
done
kill -TERM "$pid" 2> /dev/null
wait "$pid"
rc=$?
if [ "$rc" -eq 143 ]; then
    ok
    # (a signal during the final moves may leave results in place, never staging)
    ls -A "$tmp/killed" | grep -q '^\.staging' && bad "SIGTERM left the staging directory behind" || ok
elif [ "$rc" -ne 0 ]; then
    bad "run ended by SIGTERM: exit $rc, expected 143"
fi # (exit 0: the run finished before the signal; nothing to judge)

# Staging directories of processes that no longer exist go at the next run
# into the directory; one of a live process (this shell) stays.
sh -c 'exit 0' &
dead=$!
wait "$dead"
mkdir -p "$tmp/stale/.staging-$dead-abcdef" "$tmp/stale/.staging-$$-abcdef"
touch "$tmp/stale/.staging-$dead-abcdef/r1.state.npy" "$tmp/stale/.staging-$$-abcdef/r1.state.npy"
status 0 "run into a directory with stale staging" -- "$engram" run "$model" -o "$tmp/stale" > /dev/null
[ -e "$tmp/stale/.staging-$dead-abcdef" ] && bad "the staging directory of a dead process stays" || ok
[ -e "$tmp/stale/.staging-$$-abcdef/r1.state.npy" ] && ok || bad "the staging directory of a live process was removed"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
