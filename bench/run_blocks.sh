#!/usr/bin/env bash
# End to end, `engram run -o` on models of many recall blocks (each writes two
# .npy files and a plot script): wall and CPU seconds and peak memory at each
# size, and the time ratio of each size to the previous one, which stays near
# 2 when every stage is linear in the number of blocks.
# usage: bench/run_blocks.sh [BUILD_DIR] [SIZES...]   (defaults: build, 25000 50000 100000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(25000 50000 100000)
engram=$build/engram
[ -x "$engram" ] || { echo "run_blocks.sh: $engram not found; build first" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# model N: N recall blocks of one small Hopfield network.
model() {
    printf 'memories M {\n  generate = random(count = 2, size = 8)\n  seed = 1\n}\n'
    printf 'network hop {\n  units = 8\n  state = bipolar\n  rule = hebb\n  store = M\n}\n'
    for i in $(seq 1 "$1"); do
        printf 'recall r%d {\n  network = hop\n  cue = M[0]\n  steps = 5\n}\n' "$i"
    done
}

printf '%8s %9s %9s %10s %7s\n' blocks wall_s cpu_s peak_MB ratio
previous=
for n in "${sizes[@]}"; do
    model "$n" > "$tmp/m.engram"
    rm -rf "$tmp/out"
    /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$engram" run "$tmp/m.engram" -o "$tmp/out" > /dev/null
    read -r wall user sys peak < "$tmp/time"
    ratio=$([ -n "$previous" ] && awk -v a="$wall" -v b="$previous" 'BEGIN { printf "%.2f", a / b }' || echo -)
    printf '%8d %9.2f %9.2f %10.1f %7s\n' "$n" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
        "$(awk -v k="$peak" 'BEGIN { print k / 1024 }')" "$ratio"
    previous=$wall
done
