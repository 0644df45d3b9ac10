#!/usr/bin/env bash
# Runs one harness: fuzz/run.sh NAME SECONDS. New inputs go to
# fuzz/corpus-run/NAME (not committed); the seeds in fuzz/corpus/NAME are read
# only. The model harness also starts from every model file of the project
# (models/, tests/lang/). A crash leaves crash-* in build-fuzz/ and a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: fuzz/run.sh NAME SECONDS}
seconds=${2:-60}
[ -x "build-fuzz/fuzz_$name" ] || bash fuzz/build.sh "$name"
mkdir -p "fuzz/corpus-run/$name"
seeds=("../fuzz/corpus/$name")
if [ "$name" = model ]; then
    while IFS= read -r dir; do
        seeds+=("../$dir")
    done < <(find models tests/lang -type d | sort)
fi
dict=()
[ -f "fuzz/corpus/$name.dict" ] && dict=(-dict="../fuzz/corpus/$name.dict")
cd build-fuzz
exec "./fuzz_$name" -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=1024 "${dict[@]}" \
     "../fuzz/corpus-run/$name" "${seeds[@]}"
