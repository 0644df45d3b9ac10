#!/usr/bin/env bash
# The Reference section of docs/language.md is exactly what
# `engram help --reference` prints (both come from the schema tables), and
# `engram help KIND` prints each kind's part of it.
# usage: test_reference.sh ENGRAM SOURCE_DIR
set -euo pipefail
engram=${1:?usage: test_reference.sh ENGRAM SOURCE_DIR}
src=${2:?usage: test_reference.sh ENGRAM SOURCE_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# The section between the markers, against the generated text.
awk '/^<!-- reference:end/ { inside = 0 } inside { print } /^<!-- reference:begin/ { inside = 1 }' \
    "$src/docs/language.md" > "$work/section.md"
"$engram" help --reference > "$work/generated.md"
if ! diff -u "$work/section.md" "$work/generated.md" > "$work/diff"; then
    head -40 "$work/diff" >&2
    echo "FAIL: the Reference section of docs/language.md differs from 'engram help --reference';" \
         "regenerate it with: scripts/update-reference.sh build/engram" >&2
    fail=1
fi
[ "$(grep -c '^<!-- reference:begin' "$src/docs/language.md")" -eq 1 ] || { echo "FAIL: want one reference:begin marker" >&2; fail=1; }

# Every kind has its section, every key of `engram help KIND` is in it, and
# the Markdown of one kind is the same text as in the whole reference.
kinds=$("$engram" help | sed -n 's/^help topics: .*each block kind: //p')
[ -n "$kinds" ] || { echo "FAIL: 'engram help' lists no block kinds" >&2; exit 1; }
for kind in $kinds; do
    "$engram" help "$kind" > "$work/$kind.txt"
    "$engram" help "$kind" --markdown > "$work/$kind.md"
    grep -qE "^### (analyze )?$kind\$" "$work/section.md" || { echo "FAIL: no section for $kind" >&2; fail=1; }
    grep -qxF -f <(head -1 "$work/$kind.md") "$work/generated.md" || { echo "FAIL: $kind --markdown heading not in the reference" >&2; fail=1; }
    cmp -s "$work/$kind.md" <(awk -v h="$(head -1 "$work/$kind.md")" '$0 == h { on = 1; print; next } on && /^### / { exit } on' "$work/generated.md") \
        || { echo "FAIL: 'engram help $kind --markdown' is not its part of the reference" >&2; fail=1; }
    # Keys: lines of two-space indent in the text form.
    sed -n 's/^  \([a-zA-Z_][a-zA-Z0-9_]*\) .*/\1/p' "$work/$kind.txt" | sort -u > "$work/$kind.keys"
    [ -s "$work/$kind.keys" ] || { echo "FAIL: 'engram help $kind' lists no keys" >&2; fail=1; }
    while read -r key; do
        grep -q "^| \`$key\` |" "$work/$kind.md" || { echo "FAIL: key $key of $kind missing from its Markdown" >&2; fail=1; }
    done < "$work/$kind.keys"
done

# Hand-checked rows: defaults, ranges, required keys and function signatures
# as the schemas define them (kinds/memories.c, kinds/recall.c, kinds/spectrum.c,
# kinds/network_rate.c).
for row in \
    '| `p` | a number in [0, 1] | `0.5` | probability of +1 in each unit |' \
    '| `generate` | `random(...)`, `binary(...)`, `sparse(...)`, `orthogonal(...)`, `correlated(...)`, `explicit(...)`, `load(...)` | required | how the episodes are made |' \
    '| `steps` | a whole number >= 1 | `100` | at most this many steps (sweeps when asynchronous) |' \
    '| `threshold` | a positive number | `0.9` | \|λ\| above which angles are compared |' \
    '| `tau` | a number or a list of numbers | `1` | time constant τ: one number or one per unit |' \
    '**`generate = random(count, size, p = 0.5)`**: random bipolar episodes, units independent.' \
    '**`cue = mask(pattern, fraction, seed = 0)`**: an episode with units set to the midpoint (0, or 1/2).' \
    '**`rule = hebb`**: activity-product rule W = s Σ ξξᵀ (Hopfield 1982).'; do
    grep -qxF -- "$row" "$work/generated.md" || { echo "FAIL: the reference lacks the row: $row" >&2; fail=1; }
done
# A key whose default depends on other keys shows none of its placeholder value.
grep -qxF '| `units` | a whole number >= 1 |  | number of units D (default: the stored episodes'"'"' size) |' "$work/generated.md" \
    || { echo "FAIL: network units shows a placeholder default" >&2; fail=1; }

# Usage errors: an unknown topic, and extra words.
status=0; "$engram" help nothing-at-all --markdown > /dev/null 2>&1 || status=$?
[ "$status" -eq 2 ] || { echo "FAIL: help on an unknown topic exits $status, not 2" >&2; fail=1; }
status=0; "$engram" help recall extra > /dev/null 2>&1 || status=$?
[ "$status" -eq 2 ] || { echo "FAIL: help with an extra word exits $status, not 2" >&2; fail=1; }

# A family topic prints each of its kinds.
"$engram" help analyze > "$work/analyze.txt"
for member in fixed_points phase_plane spectrum; do
    grep -q "^analyze $member:" "$work/analyze.txt" || { echo "FAIL: 'engram help analyze' misses $member" >&2; fail=1; }
done

# The man page carries each kind's text reference.
"$engram" help --man > "$work/engram.1"
grep -q '^recall: recall from a cue' "$work/engram.1" || { echo "FAIL: the man page misses the recall reference" >&2; fail=1; }

# The regeneration script agrees with the test.
if [ -x "$src/scripts/update-reference.sh" ]; then
    mkdir -p "$work/copy" && cp -r "$src/docs" "$src/scripts" "$work/copy/"
    "$work/copy/scripts/update-reference.sh" "$engram"
    cmp -s "$work/copy/docs/language.md" "$src/docs/language.md" || { [ "$fail" -eq 1 ] || { echo "FAIL: update-reference.sh changes an up-to-date file" >&2; fail=1; }; }
fi
[ "$fail" -eq 0 ] && echo "reference: docs/language.md matches engram help --reference"
exit "$fail"
