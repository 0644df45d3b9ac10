#!/usr/bin/env bash
# The README's walkthrough, as a newcomer would type it: every `$ ` command of
# its console blocks runs from a scratch copy of the repository's models, and
# where the README shows what a command prints, the output must be exactly
# that. `broken.engram` is the README's first model with `units` misspelt, as
# the README says. A `--plot` command needs gnuplot; without it that
# command's output is not compared.
# usage: test_readme.sh ENGRAM SOURCE_DIR
set -euo pipefail
engram=${1:?usage: test_readme.sh ENGRAM SOURCE_DIR}
engram=$(cd "$(dirname "$engram")" && pwd)/$(basename "$engram") # the commands run elsewhere
src=${2:?usage: test_readme.sh ENGRAM SOURCE_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/models" "$work/models"
# The first ```engram block of the README, with the misspelling.
awk '/^```engram[ \t]*$/ { inside = 1; next } /^```/ && inside { exit } inside' "$src/README.md" |
    sed 's/^  units = 64$/  unit = 64/' > "$work/broken.engram"
grep -q '^  unit = 64$' "$work/broken.engram" || { echo "README: no 'units = 64' line in the first model" >&2; exit 1; }

# One file per command: NNN.cmd holds the command, NNN.out the output shown.
awk -v dir="$work" '
    /^```/ { inside = !inside; if (!inside && cmd) { close(out); cmd = 0 } next }
    inside && /^\$ / {
        if (cmd) close(out)
        n++
        cmd = 1
        out = sprintf("%s/%03d.out", dir, n)
        printf "" > out
        print substr($0, 3) > sprintf("%s/%03d.cmd", dir, n)
        close(sprintf("%s/%03d.cmd", dir, n))
        next
    }
    inside && cmd { print > out }
' "$src/README.md"

failures=0
count=0
for cmdfile in "$work"/*.cmd; do
    count=$((count + 1))
    command=$(cat "$cmdfile")
    expected=${cmdfile%.cmd}.out
    # ./build/engram is the binary under test.
    line=${command//.\/build\/engram/\"$engram\"}
    status=0
    actual=$(cd "$work" && bash -c "$line" 2>&1) || status=$?
    case "$command" in
    *" check broken.engram"*) want_status=1 ;;
    *) want_status=0 ;;
    esac
    if [ "$status" -ne "$want_status" ]; then
        echo "README: '$command' exited with $status, not $want_status:" >&2
        echo "$actual" >&2
        failures=$((failures + 1))
        continue
    fi
    if [ -s "$expected" ]; then
        if [[ $command == *--plot* ]] && ! command -v gnuplot > /dev/null; then
            continue
        fi
        if [ "$actual" != "$(cat "$expected")" ]; then
            echo "README: '$command' printed something else:" >&2
            diff <(cat "$expected") <(echo "$actual") >&2 || true
            failures=$((failures + 1))
        fi
    fi
done
[ "$count" -ge 5 ] || { echo "README: only $count commands found" >&2; exit 1; }
echo "README: $count commands run, $failures failed"
[ "$failures" -eq 0 ]
