#!/usr/bin/env bash
# Every ```engram block of docs/*.md must pass `engram check` without a
# message; every ```engram-bad block must fail it with exit status 1.
# usage: test_docs_examples.sh ENGRAM SOURCE_DIR
set -euo pipefail
engram=${1:?usage: test_docs_examples.sh ENGRAM SOURCE_DIR}
src=${2:?usage: test_docs_examples.sh ENGRAM SOURCE_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
checked=0
for doc in "$src"/docs/*.md; do
    # Splits the document into one file per example: NNN.good or NNN.bad,
    # named after the line of the opening fence.
    awk -v dir="$work" -v base="$(basename "$doc" .md)" '
        /^```engram(-bad)?[ \t]*$/ && !inside {
            inside = 1
            kind = ($0 ~ /engram-bad/) ? "bad" : "good"
            out = sprintf("%s/%s.%05d.%s", dir, base, NR + 1, kind)
            printf "" > out
            next
        }
        /^```[ \t]*$/ && inside { inside = 0; close(out); next }
        inside { print > out }
    ' "$doc"
done
for example in "$work"/*.good "$work"/*.bad; do
    [ -e "$example" ] || continue
    name=$(basename "$example")
    doc=${name%%.*}
    line=$(echo "$name" | cut -d. -f2 | sed 's/^0*//')
    model="$work/example.engram"
    cp "$example" "$model"
    status=0
    err=$("$engram" check "$model" 2>&1 >/dev/null) || status=$?
    checked=$((checked + 1))
    case "$name" in
    *.good)
        if [ "$status" -ne 0 ] || [ -n "$err" ]; then
            echo "docs/$doc.md:$line: example does not check clean (status $status):" >&2
            echo "$err" >&2
            failures=$((failures + 1))
        fi ;;
    *.bad)
        if [ "$status" -ne 1 ] || [ -z "$err" ]; then
            echo "docs/$doc.md:$line: engram-bad example was expected to fail with status 1, got $status" >&2
            failures=$((failures + 1))
        fi ;;
    esac
done
if [ "$checked" -eq 0 ]; then
    echo "no engram examples found under $src/docs" >&2
    exit 1
fi
echo "$checked examples checked, $failures failed"
[ "$failures" -eq 0 ]
