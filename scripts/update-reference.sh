#!/usr/bin/env bash
# Rewrites the Reference section of docs/language.md (between the
# reference:begin and reference:end comments) with what
# `engram help --reference` prints. Usage: scripts/update-reference.sh [ENGRAM]
# With --check, changes nothing and exits 1 when the section is out of date.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
check=0
if [ "${1:-}" = "--check" ]; then
    check=1
    shift
fi
engram=${1:-$root/build/engram}
doc=$root/docs/language.md
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.ref"' EXIT
"$engram" help --reference > "$tmp.ref"
awk -v ref="$tmp.ref" '
    /^<!-- reference:begin/ { print; while ((getline line < ref) > 0) print line; skip = 1; begins++; next }
    /^<!-- reference:end/ { skip = 0; ends++ }
    !skip { print }
    END { if (begins != 1 || ends != 1) exit 2 }
' "$doc" > "$tmp" || { echo "docs/language.md needs exactly one reference:begin and one reference:end line" >&2; exit 2; }
if [ "$check" -eq 1 ]; then
    cmp -s "$tmp" "$doc" || exit 1
    exit 0
fi
cp "$tmp" "$doc"
