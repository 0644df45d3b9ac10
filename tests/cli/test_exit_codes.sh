#!/usr/bin/env bash
# Exit codes by cause, from every subcommand: 0 success, 1 the model file has
# errors, 2 the command line is wrong, 3 a numeric failure (or failed sweep
# points), 4 a file could not be read or written or a data file is malformed.
# One row per (subcommand, cause); each row is run and its code compared.
# (5, out of memory or an internal fault, is checked on the status table in
# tests/unit/test_core.c: no command line makes it happen on demand.)
set -uo pipefail
engram=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # the rows run in a scratch folder
src=$(cd "$2" && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0
fail=0

# Fixtures: a good model, a bad one, one that diverges, one that reads a CSV
# whose first row has a typo, that CSV, a square and a ragged matrix.
cat >"$t/good.engram" <<'M'
memories M { generate = random(count = 2, size = 16) }
network hop { units = 16; rule = hebb; store = M; self = 0 }
recall r { network = hop; cue = flip(M[0], bits = 2); steps = 5 }
M
cat >"$t/bad.engram" <<'M'
network hop { units = 16; rule = hebb; store = Nowhere }
M
cat >"$t/diverge.engram" <<'M'
network g { units = 2; state = rate; weights = [[1, 0], [0, 3]] }
simulate blow { network = g; time = 0 .. 100; init = [1, 1]; bound = 1e3; record = every(0.5) }
M
cat >"$t/typo.engram" <<'M'
memories M { generate = load("typo.csv") }
network hop { units = 3; rule = hebb; store = M }
recall r { network = hop; cue = M[0] }
M
printf '1,-1,x\n1,1,1\n-1,1,-1\n' >"$t/typo.csv"
printf '0,1\n-1,0\n' >"$t/square.csv"
printf '0,1\n-1\n' >"$t/ragged.csv"
mkdir "$t/folder"
small=$src/tests/cli/sweep/small.engram
failing=$src/tests/cli/sweep/failing.engram
rnn=$src/tests/data/torch/rnn_relu.npz
"$engram" sweep "$small" -D P=2 -D nsteps=5 -o "$t/other" --quiet >/dev/null 2>&1
"$engram" run "$t/good.engram" -o "$t/results" >/dev/null 2>&1

# expect CODE WHAT COMMAND...
expect() {
  local want=$1 what=$2
  shift 2
  (cd "$t" && "$@") >"$t/out" 2>"$t/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $what: exit $got, expected $want"
    head -3 "$t/err"
  fi
}

E=$engram
#      code  subcommand: cause                            command
expect 0 "check: a good model"                             "$E" check good.engram
expect 1 "check: a model with errors"                      "$E" check bad.engram
expect 2 "check: an unknown option"                        "$E" check --nope good.engram
expect 4 "check: a model file that is not there"           "$E" check missing.engram

expect 0 "run: a good model"                               "$E" run good.engram
expect 1 "run: a model with errors"                        "$E" run bad.engram
expect 2 "run: an unknown option"                          "$E" run good.engram --nope
expect 2 "run: -D without a value"                         "$E" run good.engram -D P=
expect 2 "run: -D of a param the model lacks"              "$E" run "$small" -D nope=1
expect 3 "run: a diverging simulation"                     "$E" run diverge.engram
expect 4 "run: a model file that is not there"             "$E" run missing.engram
expect 4 "run: a malformed data file"                      "$E" run typo.engram

expect 0 "sweep: a small sweep"                            "$E" sweep "$small" -o s0 --quiet
expect 1 "sweep: a model with errors"                      "$E" sweep bad.engram -o s1
expect 2 "sweep: no -o"                                    "$E" sweep "$small"
expect 2 "sweep: -D of a param the model lacks"            "$E" sweep "$small" -D nope=1 -o s2
expect 3 "sweep: points that fail"                         "$E" sweep "$failing" -o s3 --quiet
expect 4 "sweep: a model file that is not there"           "$E" sweep missing.engram -o s4
expect 4 "sweep: a folder that holds another sweep"        "$E" sweep "$small" -o other --quiet

expect 0 "merge: one shard"                                "$E" merge s0 -o m0
expect 2 "merge: no -o"                                    "$E" merge s0
expect 4 "merge: a folder without a journal"               "$E" merge folder -o m1

expect 0 "spectrum: a square matrix"                       "$E" spectrum square.csv
expect 2 "spectrum: an unknown option"                     "$E" spectrum square.csv --nope
expect 4 "spectrum: a file that is not there"              "$E" spectrum missing.csv
expect 4 "spectrum: a malformed CSV"                       "$E" spectrum ragged.csv
expect 4 "spectrum: a CSV whose first row has a typo"      "$E" spectrum typo.csv
expect 4 "spectrum: a folder"                              "$E" spectrum folder

expect 0 "fixed-points: a trained cell"                    "$E" fixed-points "$rnn" --layout pytorch-rnn --prefix rnn. --starts 2 --steps 10
expect 2 "fixed-points: an unknown option"                 "$E" fixed-points "$rnn" --nope
expect 4 "fixed-points: a file that is not there"          "$E" fixed-points missing.npz --layout pytorch-rnn
expect 4 "fixed-points: arrays the layout does not find"   "$E" fixed-points "$rnn" --layout pytorch-rnn

expect 0 "lyapunov: a trained cell"                        "$E" lyapunov "$rnn" --layout pytorch-rnn --prefix rnn. --steps 10
expect 2 "lyapunov: an unknown option"                     "$E" lyapunov "$rnn" --nope
expect 4 "lyapunov: a file that is not there"              "$E" lyapunov missing.npz --layout pytorch-rnn
expect 4 "lyapunov: arrays the layout does not find"       "$E" lyapunov "$rnn" --layout pytorch-rnn

expect 2 "plot: no folder"                                 "$E" plot
expect 4 "plot: a folder that is not there"                "$E" plot missing

expect 0 "help: the exit codes"                            "$E" help exit-codes
expect 2 "help: an unknown topic"                          "$E" help nosuch
expect 2 "an unknown command"                              "$E" nosuch

# The table stated by `engram help exit-codes` names every code.
"$E" help exit-codes >"$t/help"
for code in 0 1 2 3 4 5; do
  if grep -q "^  $code  " "$t/help"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: help exit-codes lacks $code"; fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
