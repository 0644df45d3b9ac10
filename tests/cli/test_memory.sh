#!/usr/bin/env bash
# The memory experiments under models/memory/ reproduce their published
# figures (SCIENCE.md §2-§4), and their results do not depend on the number
# of worker threads.
set -euo pipefail
engram=$1
src=$2
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
models=$src/models/memory

run() { # name model.engram [options...]: the JSON summary into $tmp/name.json
    local name=$1 model=$2
    shift 2
    "$engram" run "$models/$model" --json "$@" > "$tmp/$name.json"
}

# check NAME PYTHON-EXPRESSION MESSAGE: r is the results list of $tmp/NAME.json,
# b(name) the result of one block.
fail=0
check() {
    if ! "$py" - "$tmp/$1.json" "$2" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
r = doc["results"]
def b(name):
    return next(x for x in r if x["block"] == name)
def at(block, key, load):
    i = min(range(len(block["loads"])), key=lambda k: abs(block["loads"][k] - load))
    return block[key][i]
ok = eval(sys.argv[2])
sys.exit(0 if ok else 1)
PY
    then
        echo "FAIL: $3"
        fail=1
    fi
}

# Hebbian capacity at D = 1000 (Amit, Gutfreund & Sompolinsky 1985; McEliece et al. 1987).
run capacity capacity.engram -j 2
check capacity 'all(at(b("hebbian"), "hamming_mean", a) < 0.02 for a in (0.02, 0.06, 0.1, 0.12))' \
    "mean final Hamming distance is not below 2% of D up to load 0.12"
check capacity 'at(b("hebbian"), "hamming_mean", 0.18) > 0.10' "recall has not failed by load 0.18"
check capacity '0.3 <= at(b("hebbian"), "exact_fraction", 0.1) <= 0.7' "exact recall at load 0.1 is not about half"
check capacity 'at(b("hebbian"), "exact_fraction", 0.04) == 1' "exact recall fails at load 0.04"
check capacity '0.08 <= b("hebbian")["knee_exact"] <= 0.12 and 0.12 <= b("hebbian")["knee_error"] <= 0.16' \
    "the knees of the capacity curve are misplaced"
# The same results on one thread.
run capacity1 capacity.engram -j 1
cmp -s "$tmp/capacity.json" "$tmp/capacity1.json" || { echo "FAIL: capacity results differ between 1 and 2 threads"; fail=1; }

# The finite-size face of alpha_c = 0.138 at D = 2000.
run knee knee.engram
check knee 'all(at(b("knee"), "hamming_mean", a) < 0.02 for a in (0.10, 0.11, 0.12, 0.13))' \
    "mean final Hamming distance is not below 2% of D up to load 0.13"
check knee 'at(b("knee"), "hamming_mean", 0.16) > 0.10' "mean final Hamming distance is not above 10% of D by load 0.16"

# Critical capacity: Hebbian N_c about linear in D, F_3 about D^2 (Krotov & Hopfield 2016).
run critical critical.engram -j 2
check critical '0.7 <= b("hebbscaling")["exponent"] <= 1.1' "Hebbian N_c does not grow about linearly in D"
check critical '1.6 <= b("cubicscaling")["exponent"] <= 2.3' "F_3 N_c does not grow about as D^2"
run critical1 critical.engram -j 1
cmp -s "$tmp/critical.json" "$tmp/critical1.json" || { echo "FAIL: critical results differ between 1 and 2 threads"; fail=1; }

# D = 100: the Hebbian rule fails near N = 14, F_3 still recalls N = 100.
run dense dense.engram
check dense '8 <= b("hebb_100")["sizes"][0]["critical"] <= 16' "Hebbian critical N at D = 100 is not near 14"
check dense 'b("cubic_100")["sizes"][0]["critical"] >= 100' "F_3 does not recall 100 episodes at D = 100"
check dense 'b("cubic_recall")["exact_fraction"] == 1 and b("hebb_recall")["exact_fraction"] < 0.1' \
    "F_3 against Hebb at N = D = 100"
check dense 'b("exp_recall")["exact_fraction"] == 1 and b("modern_recall")["exact_fraction"] == 1' \
    "exponential and modern Hopfield recall"

# Pattern structure: all D - 1 Hadamard episodes are fixed points; sparse with
# the covariance rule beats dense random episodes.
run structure structure.engram
check structure 'b("hadamard_fixed")["exact_fraction"] == 1 and b("hadamard_fixed")["recalls"] == 255 and b("hadamard_fixed")["steps_mean"] == 1' \
    "not every Hadamard episode is a fixed point"
check structure 'b("sparse_c")["sizes"][0]["critical"] > 1.5 * b("random_c")["sizes"][0]["critical"]' \
    "sparse episodes with the covariance rule do not beat dense ones"

# Recall against damage: exact at small damage, lost at 50%.
run noise noise.engram
check noise 'b("noise")["exact_fraction"][0] == 1 and b("noise")["exact_fraction"][-1] == 0' "noise sweep ends"
check noise '0.3 <= b("noise")["knee_exact"] <= 0.5' "recall does not give out between 30% and 50% damage"

# Synchronous and asynchronous: the same errors below capacity; asynchronous
# runs never cycle.
run update update.engram
check update 'b("synchronous_updates")["exact_fraction"][0] == 1 and b("asynchronous_updates")["exact_fraction"][0] == 1' \
    "recall at load 0.05"
check update 'b("asynchronous_updates")["steps_mean"][-1] < b("synchronous_updates")["steps_mean"][-1]' \
    "asynchronous recall does not settle faster above capacity"

# Modules: splitting the units divides the capacity.
run modules modules.engram
check modules 'b("one_module")["knee_exact"] > b("two_modules")["knee_exact"] > b("four_modules")["knee_exact"]' \
    "more modules do not store less"

# Modules by patterns: each of 4 modules carries a quarter of the load, so the
# knee and N_c move to about 4 times one network's; competing modules pick the
# holder at every load below the knee.
run partition partition.engram
check partition '3 * b("one_network")["knee_exact"] < b("routed")["knee_exact"] < 5 * b("one_network")["knee_exact"]' \
    "routing to 4 modules does not multiply the knee by about 4"
check partition 'abs(b("competing")["knee_exact"] - b("routed")["knee_exact"]) < 0.05' "competing modules lose the knee"
check partition 'b("by_units")["knee_exact"] < b("one_network")["knee_exact"] < b("routed")["knee_exact"]' \
    "the partitions are not ordered units < one network < patterns"
check partition 'b("nc_routed")["sizes"][0]["critical"] >= 3 * b("nc_one")["sizes"][0]["critical"]' "N_c of the routed modules"

# The map of the expanded rule: the plain expanded rule is Hebb; Oja's rule recalls nothing.
run map hebbian-map.engram
check map 'b("c_expanded_plain")["sizes"][0]["critical"] == b("c_activity_product")["sizes"][0]["critical"]' \
    "the expanded rule with c2_corr = 1 differs from hebb"
check map 'b("c_oja")["sizes"][0]["critical"] == 0' "Oja's rule stores episodes"
check map 'b("c_fast_decay")["sizes"][0]["critical"] < b("c_activity_product")["sizes"][0]["critical"]' \
    "weight decay does not cost capacity"

# Other rules: Storkey and projection beat Hebb; the sequence rule steps; hetero-association.
run rules rules.engram
check rules 'b("projection_c")["sizes"][0]["critical"] > b("storkey_c")["sizes"][0]["critical"] > b("hebb_c")["sizes"][0]["critical"]' \
    "projection > Storkey > Hebb"
check rules 'b("sequence_step")["hamming"] == 0' "the sequence rule does not step to the next episode"
check rules 'b("uhn_recall")["exact_fraction"] == 1 and b("minerva_recall")["exact_fraction"] == 1' "UHN and Minerva recall"

# Recall statistics and classification.
run trials recall-trials.engram
check trials 'b("damaged")["recalls"] == 500 and b("damaged")["exact_fraction"] == 1' "damaged recall"
check trials 'sum(b("from_random_states")["classes"].values()) == 200 and b("from_random_states")["classes"]["mixture"] > 0 and b("from_random_states")["classes"]["reversed"] > 0' \
    "random states do not end in mixtures and reversed episodes"

# Every source of episodes reaches the network.
run episodes episodes.engram
check episodes 'all(x.get("exact_fraction", 1) == 1 for x in r) and b("random_recall")["hamming"] == 0 and b("npy_recall")["hamming"] == 0' \
    "episodes from every source are recalled"

# The figures are written with the results.
"$engram" run "$models/noise.engram" -o "$tmp/noise_out" > /dev/null
[ -s "$tmp/noise_out/noise.capacity.npy" ] && [ -s "$tmp/noise_out/noise.capacity.gp" ] ||
    { echo "FAIL: the noise figure is not written"; ls "$tmp/noise_out"; fail=1; }
exit $fail
