#!/usr/bin/env bash
# Editor support: the bash completion offers the subcommands and help topics,
# and the TextMate grammar is valid JSON.
set -euo pipefail
engram=$1
src=$2
fail=0
bash -n "$src/editor/bash/engram"
PATH=$(dirname "$engram"):$PATH
# shellcheck source=/dev/null
source "$src/editor/bash/engram"
complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=(); _engram; echo "${COMPREPLY[*]}"; }
[[ " $(complete_words engram ch) " == *" check "* ]] || { echo "FAIL: 'engram ch' does not complete to check"; fail=1; }
[[ " $(complete_words engram r) " == *" run "* ]] || { echo "FAIL: 'engram r' does not complete to run"; fail=1; }
[[ " $(complete_words engram help rec) " == *" recall "* ]] || { echo "FAIL: 'engram help rec' does not complete"; fail=1; }
[[ " $(complete_words engram run x --js) " == *" --json "* ]] || { echo "FAIL: run options do not complete"; fail=1; }
if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 -m json.tool "$src/editor/textmate/engram.tmLanguage.json" > /dev/null \
        || { echo "FAIL: the TextMate grammar is not valid JSON"; fail=1; }
fi
exit $fail
