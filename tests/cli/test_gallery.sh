#!/usr/bin/env bash
# Runs the command of every walkthrough in examples/gallery/ and checks that it
# draws the figures the walkthrough shows (when gnuplot is installed).
set -uo pipefail
engram=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
count=0
for readme in "$src"/examples/gallery/*/README.md; do
    dir=$(dirname "$readme")
    name=$(basename "$dir")
    cmd=$(grep -m1 '^engram run ' "$readme")
    [ -n "$cmd" ] || { echo "FAIL: $name has no command"; fail=1; continue; }
    model=$(awk '{print $3}' <<< "$cmd")
    plot=
    command -v gnuplot > /dev/null && plot=--plot
    if ! (cd "$src" && "$engram" run "$model" -o "$tmp/$name" $plot > "$tmp/$name.out" 2> "$tmp/$name.err"); then
        echo "FAIL: $name: $cmd"; cat "$tmp/$name.err"; fail=1; continue
    fi
    count=$((count + 1))
    for fig in $(sed -n 's/^!\[[^]]*\](\(.*\))$/\1/p' "$readme"); do
        [ -s "$dir/$fig" ] || { echo "FAIL: $name shows $fig, which is not in the gallery"; fail=1; }
        [ -z "$plot" ] || [ -s "$tmp/$name/$fig" ] || { echo "FAIL: $name: the run did not draw $fig"; fail=1; }
    done
done
[ "$count" -ge 18 ] || { echo "FAIL: only $count walkthroughs ran"; fail=1; }
exit $fail
