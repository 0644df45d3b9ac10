#!/usr/bin/env bash
# Every call form the reference shows must be writable: each signature
# `key = f(...)` that `engram help KIND` prints, and each call written in
# backticks in docs/*.md whose function the reference knows, is checked in
# its block kind. Placeholders (pattern, file, ...) may be refused as values;
# the call itself must parse, and its argument names and their order must be
# accepted.
# usage: test_docs_calls.sh ENGRAM SOURCE_DIR
set -euo pipefail
engram=${1:?usage: test_docs_calls.sh ENGRAM SOURCE_DIR}
src=${2:?usage: test_docs_calls.sh ENGRAM SOURCE_DIR}
py=/usr/bin/python3
[ -x "$py" ] || { echo "no $py: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kinds=$("$engram" help | sed -n 's/^help topics:.*each block kind: *//p')
[ -n "$kinds" ] || { echo "no block kinds in 'engram help'" >&2; echo "0 passed, 1 failed"; exit 1; }
for kind in $kinds; do
    "$engram" help "$kind" > "$work/help.$kind"
done
# One line per call form: "KIND:KEY ...<TAB>CALL<TAB>where it is shown".
"$py" - "$work" "$src" $kinds > "$work/calls" <<'PY'
import glob, os, re, sys
work, src, kinds = sys.argv[1], sys.argv[2], sys.argv[3:]
sig = re.compile(r'^  ([a-z_][a-z0-9_]*) = ([a-z_][a-z0-9_]*)\((.*?)\): ')
where = {}   # function -> every (kind, key) whose signature shows it
seen = set()

def split_args(args):
    """The top-level arguments of a call's text."""
    out, depth, cur, quoted = [], 0, "", False
    for ch in args:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "([":
            depth += 1
        elif not quoted and ch in ")]":
            depth -= 1
        if ch == "," and depth == 0 and not quoted:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out

def as_call(fn, args):
    """A signature as a call: an optional argument shown as [name] is written
    as name, and a required argument listed after defaulted ones is given by
    name, as a signature means it."""
    parts, named = [], False
    for a in split_args(args):
        m = re.fullmatch(r'\[([a-z_][a-z0-9_]*)\]', a)
        if m:
            a = m.group(1)
        if re.fullmatch(r'[a-z_][a-z0-9_]*\s*=.*', a, re.S):
            named = True
        elif named and re.fullmatch(r'[a-z_][a-z0-9_]*', a):
            a = f"{a} = {a}"
        parts.append(a)
    return f"{fn}({', '.join(parts)})"

def emit(places, call, origin):
    key = (tuple(places), call)
    if key in seen:
        return
    seen.add(key)
    print("\t".join([" ".join(f"{k}:{e}" for k, e in places), call, origin]))

for kind in kinds:
    for line in open(os.path.join(work, "help." + kind), encoding="utf-8"):
        m = sig.match(line)
        if m:
            key, fn, args = m.groups()
            where.setdefault(fn, []).append((kind, key))
            emit([(kind, key)], as_call(fn, args), f"engram help {kind}")
span = re.compile(r'`(?:([a-z_][a-z0-9_]*) = )?([a-z_][a-z0-9_]*)\(([^`]*)\)`')
for doc in sorted(glob.glob(os.path.join(src, "docs", "*.md"))):
    for n, line in enumerate(open(doc, encoding="utf-8"), 1):
        for m in span.finditer(line):
            key, fn, args = m.groups()
            # Elisions (f(...)) and functions the reference does not know
            # (C functions, mathematics) are not calls of the language.
            if fn not in where or "..." in args or "\u2026" in args or args.count("(") != args.count(")"):
                continue
            places = [p for p in where[fn] if key is None or p[1] == key] or where[fn]
            emit(places, as_call(fn, args), f"docs/{os.path.basename(doc)}:{n}")
PY
passed=0
failed=0
while IFS=$'\t' read -r places call origin; do
    # A call shown without its key passes where any key that takes it accepts it.
    bad=
    for place in $places; do
        printf '%s probe {\n  %s = %s\n}\n' "${place%%:*}" "${place#*:}" "$call" > "$work/probe.engram"
        err=$("$engram" check "$work/probe.engram" 2>&1 >/dev/null) || true
        # Messages about the call's form, never about a placeholder's value.
        bad=$(printf '%s\n' "$err" | grep -E 'error: (syntax error|unexpected character|unknown argument|positional argument after named|duplicate argument|too many arguments|unknown function|expected)' || true)
        [ -z "$bad" ] && break
    done
    if [ -n "$bad" ]; then
        echo "$origin: '$call' cannot be written (tried $places):" >&2
        echo "$bad" >&2
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
done < "$work/calls"
if [ "$passed" -lt 30 ]; then
    echo "only $passed call forms found: the extraction is broken" >&2
    failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
