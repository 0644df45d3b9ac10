#!/usr/bin/env bash
# Regenerates the gallery's figures: runs every walkthrough's model with
# `engram run MODEL -o DIR --plot` and copies the figures it lists into the
# walkthrough's folder. Usage: examples/gallery/make.sh [ENGRAM]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
engram=${1:-$root/build/engram}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' "$here/figures.txt" | while read -r name model figures; do
    [ -n "$name" ] || continue
    (cd "$root" && "$engram" run "$model" -o "$tmp/$name" --plot > /dev/null)
    for f in $figures; do
        cp "$tmp/$name/$f" "$here/$name/$f"
    done
done
