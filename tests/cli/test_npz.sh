#!/bin/bash
# test_npz.sh: load("file.npz" | "file.safetensors", key = ...) in models, on archives numpy wrote
# (tests/data/npz/make_fixtures.py): the array named by key is read (S, whose
# eigenvalues are 3 and 1 in closed form); the check refuses a key on a file
# that is not an archive and an extension load() cannot read, located at the
# argument; a missing key, an archive of several arrays without a key and a
# pickled member are data errors (exit 4) naming the archive.
# Usage: test_npz.sh ENGRAM SOURCE_DIR
set -u
E=$1
S=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp "$S"/tests/data/npz/*.npz "$T"/
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# model NAME TEXT: writes $T/NAME.engram
model() { printf '%s\n' "$2" > "$T/$1.engram"; }

model good 'analyze spectrum { matrix = load("stored.npz", key = "S") }'
out=$("$E" run "$T/good.engram" --json) || fail "load with key: exit $?"
squashed=$(echo "$out" | tr -d ' \n')
case "$squashed" in *'"eigenvalues":[[3,0],[1,0]]'*) ;; *) fail "eigenvalues of S: $out" ;; esac

model keyed_npy 'analyze spectrum { matrix = load("W.npy", key = "S") }'
err=$("$E" check "$T/keyed_npy.engram" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "key on .npy: exit $rc, want 1"
case "$err" in *"keyed_npy.engram:1:49: error: 'key' names an array of an .npz or .safetensors file; 'W.npy' is neither"*) ;;
*) fail "key on .npy: $err" ;; esac

model txt 'analyze spectrum { matrix = load("W.bin") }'
err=$("$E" check "$T/txt.engram" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "unknown extension: exit $rc, want 1"
case "$err" in *"txt.engram:1:34: error: cannot tell the format of 'W.bin'"*) ;; *) fail "unknown extension: $err" ;; esac

model missing 'analyze spectrum { matrix = load("deflated.npz", key = "weight_hh_l0") }'
err=$("$E" run "$T/missing.engram" 2>&1); rc=$?
[ $rc -eq 4 ] || fail "missing key: exit $rc, want 4"
case "$err" in *"no array 'weight_hh_l0' in the archive; it holds 'rnn.weight_hh_l0', 'rnn.bias_hh_l0'"*) ;;
*) fail "missing key: $err" ;; esac

model several 'analyze spectrum { matrix = load("stored.npz") }'
err=$("$E" run "$T/several.engram" 2>&1); rc=$?
[ $rc -eq 4 ] || fail "several arrays, no key: exit $rc, want 4"
case "$err" in *"the file holds 5 arrays; name one with key"*) ;; *) fail "several arrays: $err" ;; esac

model pickled 'analyze spectrum { matrix = load("pickled.npz", key = "obj") }'
err=$("$E" run "$T/pickled.engram" 2>&1); rc=$?
[ $rc -eq 4 ] || fail "pickled member: exit $rc, want 4"
case "$err" in *"pickled.npz[obj]: an object array that numpy pickled"*) ;; *) fail "pickled: $err" ;; esac

cp "$S"/tests/data/safetensors/weights.safetensors "$T"/
model st 'analyze spectrum { matrix = load("weights.safetensors", key = "S") }'
out=$("$E" run "$T/st.engram" --json) || fail "safetensors with key: exit $?"
squashed=$(echo "$out" | tr -d ' \n')
case "$squashed" in *'"eigenvalues":[[3,0],[1,0]]'*) ;; *) fail "eigenvalues of the safetensors S: $out" ;; esac

echo "$((7 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
