#!/usr/bin/env bash
# Rewrites the expected diagnostics of the golden bad models from the current
# engram: tests/lang/regen_golden.sh BUILD_DIR. Review `git diff` afterwards:
# every message must stay clear and point at the offending token.
set -euo pipefail
build=$(cd "${1:?usage: tests/lang/regen_golden.sh BUILD_DIR}" && pwd)
cd "$(dirname "$0")/.."
for model in lang/bad/*.engram lang/late/*.engram; do
    args=()
    [ -f "${model%.engram}.args" ] && read -ra args < "${model%.engram}.args"
    "$build/engram" check "${args[@]}" "$model" 2> "${model%.engram}.err" && echo "warning: $model checks clean" >&2
done
for generated in long_line nesting_too_deep; do
    (cd "$build/tests" && "$build/engram" check "lang/bad/$generated.engram" 2> "$OLDPWD/lang/generated/$generated.err") || true
done
