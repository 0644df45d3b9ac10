# lib_emt.sh: what the EMT test scripts share, sourced with their arguments
# (ENGRAM SOURCE_DIR): E the engram binary, M the models/emt directory, T a
# scratch directory removed on exit, and the helpers below. failures counts
# what fail reported.
set -u
E=$1
S=$2
M=$S/models/emt
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# run FILE.engram: runs models/emt/FILE.engram with --json into $T/FILE.json
# (squashed); later helpers name the run FILE.
run() {
    local name=${1%.engram}
    "$E" run "$M/$1" --json >"$T/$name.raw" 2>"$T/$name.err" || fail "$name exited $?: $(cat "$T/$name.err")"
    tr -d ' \n' <"$T/$name.raw" >"$T/$name.json"
}

# value NAME KEY N: the N-th (from 1) value of "KEY" in $T/NAME.json.
value() {
    grep -o "\"$2\":[^,}]*" "$T/$1.json" | sed -n "${3}p" | cut -d: -f2
}

# check NAME KEY N CONDITION: awk CONDITION on x, the value.
check() {
    local x
    x=$(value "$1" "$2" "$3")
    [ -n "$x" ] && awk -v x="$x" "BEGIN { exit !($4) }" || fail "$1: $2 #$3 = '$x' does not satisfy $4"
}
