#!/usr/bin/env bash
# A sweep point's random numbers depend on its params' values only: pinning
# swept params with -D, in `engram sweep` or in `engram run`, reproduces the
# rows of the plain sweep byte for byte at every point of the grid.
set -uo pipefail
engram=$1
src=$2
py=/usr/bin/python3
[ -x "$py" ] || { echo "no $py: skipped"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
model=$src/tests/cli/sweep/small.engram
pass=0
fail=0
check() { # name, then a command that succeeds when the check holds
  local name=$1
  shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}

"$engram" sweep "$model" -o "$out/plain" -j 1 --quiet || { echo "the plain sweep failed"; exit 1; }
plain=$out/plain/results.csv

# The rows of table $1 equal those of the plain table with the same params
# (the point number aside), and there are $2 of them.
same_rows() {
  "$py" - "$plain" "$1" "$2" <<'PY'
import csv, sys
def rows(path):
    with open(path, newline="") as f:
        r = list(csv.reader(f))
    head = r[0]
    return head, [dict(zip(head, x)) for x in r[1:]]
head, plain = rows(sys.argv[1])
h2, got = rows(sys.argv[2])
assert h2 == head, (h2, head)
params = ["P", "nsteps", "f", "trial"]
index = {tuple(r[p] for p in params): r for r in plain}
assert len(got) == int(sys.argv[3]), len(got)
for r in got:
    want = index[tuple(r[p] for p in params)]
    for k in head[1:]:
        if r[k] != want[k]:
            sys.exit("%s at %s: %s, plain sweep %s" % (k, [r[p] for p in params], r[k], want[k]))
PY
}

# `sweep -D` of one swept param: each value's rows as in the plain sweep.
for f in $(awk -F, 'NR > 1 { print $6 }' "$plain" | sort -u); do
  "$engram" sweep "$model" -D "f=$f" -o "$out/f$f" -j 1 --quiet
  check "sweep -D f=$f" same_rows "$out/f$f/results.csv" 6
done
"$engram" sweep "$model" -D trial=2 -o "$out/t2" -j 2 --quiet
check "sweep -D trial=2" same_rows "$out/t2/results.csv" 12
"$engram" sweep "$model" -D P=8 -D nsteps=10 -o "$out/p8" -j 1 --quiet
check "sweep -D P=8 -D nsteps=10" same_rows "$out/p8/results.csv" 8

# `run -D` of every param of a point: its results are that point's row.
while IFS=, read -r point failed error P nsteps f trial rest; do
  [ "$point" = point ] && continue
  "$engram" run "$model" -D "P=$P" -D "nsteps=$nsteps" -D "f=$f" -D "trial=$trial" --json >"$out/run.json"
  check "run -D at point $point" "$py" - "$out/run.json" "$plain" "$point" <<'PY'
import csv, re, sys
text = open(sys.argv[1]).read()
with open(sys.argv[2], newline="") as f:
    r = list(csv.reader(f))
row = dict(zip(r[0], r[int(sys.argv[3]) + 1]))
for key in ["cue_hamming", "hamming", "steps", "energy_initial", "energy_final"]:
    m = re.search(r'^      "%s": ([^,\n]*),?$' % key, text, re.M)
    if not m or m.group(1) != row["r." + key]:
        sys.exit("%s: run gives %s, sweep row %s" % (key, m and m.group(1), row["r." + key]))
for key in ["outcome", "class"]:
    m = re.search(r'^      "%s": "([^"]*)",?$' % key, text, re.M)
    if not m or m.group(1) != row["r." + key]:
        sys.exit("%s: run gives %s, sweep row %s" % (key, m and m.group(1), row["r." + key]))
PY
done <"$plain"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
