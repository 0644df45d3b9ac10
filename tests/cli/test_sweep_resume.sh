#!/usr/bin/env bash
# A sweep killed with SIGKILL midway, then started again on the same
# directory, finishes without recomputing finished points and writes the
# same table as an uninterrupted run; so does one whose journal ends in a
# torn record.
set -euo pipefail
engram=$1
src=$2
out=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$out"' EXIT
model=$src/tests/cli/sweep/slow.engram
records() { { grep -ao 'EGJ1' "$1/journal.egj" 2>/dev/null || true; } | wc -l; }

"$engram" sweep "$model" -o "$out/whole" -j 2 --quiet

"$engram" sweep "$model" -o "$out/killed" -j 1 --quiet &
pid=$!
# Wait until a few points (the header and at least 3 rows) are journalled.
for _ in $(seq 1 3000); do
  [ "$(records "$out/killed")" -ge 4 ] && break
  sleep 0.01
done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=
done_before=$(( $(records "$out/killed") - 1 ))
[ ! -e "$out/killed/results.csv" ]   # killed before the end
[ "$done_before" -ge 3 ] && [ "$done_before" -lt 30 ]

# A torn tail: half of a record's frame at the end, as a crash mid-write leaves it.
printf 'EGJ1\x40\x00\x00\x00\x12\x34' >>"$out/killed/journal.egj"

"$engram" sweep "$model" -o "$out/killed" -j 2 >"$out/resume.out"
grep -q "^sweep: 30 points, 0 failed, $done_before resumed" "$out/resume.out"
for f in results.csv results.npy; do
  cmp "$out/whole/$f" "$out/killed/$f"
done
# Every point is in the journal exactly once, after the header; the torn tail is gone.
[ "$(records "$out/killed")" -eq 31 ]
[ "$(grep -ao 'point [0-9]*' "$out/killed/journal.egj" | sort -u | wc -l)" -eq 30 ]
