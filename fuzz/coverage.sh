#!/usr/bin/env bash
# Line and branch coverage of include/ from the unit tests plus every fuzz corpus.
#   bash fuzz/coverage.sh [BUILD_DIR]        (default build/coverage)
# Builds with clang -fprofile-instr-generate -fcoverage-mapping, runs the unit tests and each fuzz target's
# replay executable over fuzz/corpus/<target>, merges the profiles with llvm-profdata and prints
# llvm-cov's report for the headers under include/ (and writes an HTML report next to it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${1:-build/coverage}
llvm_bin=$(dirname "$(readlink -f "$(command -v clang++)")")
profdata=${LLVM_PROFDATA:-$llvm_bin/llvm-profdata}
cov=${LLVM_COV:-$llvm_bin/llvm-cov}
flags="-fprofile-instr-generate -fcoverage-mapping"
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" \
  -DMQTT5_BUILD_TESTS=ON -DMQTT5_BUILD_FUZZ=ON -DMQTT5_FUZZ_LIBFUZZER=OFF \
  -DMQTT5_BUILD_EXAMPLES=OFF -DMQTT5_BUILD_BENCH=OFF -DMQTT5_TEST_VARIANTS=OFF >/dev/null
cmake --build "$build" -j 2 --target mqtt5_unit_tests \
  fuzz_decode_any_replay fuzz_roundtrip_replay fuzz_framer_replay fuzz_utf8_replay fuzz_topic_replay
rm -rf "$build/profiles" && mkdir -p "$build/profiles"
LLVM_PROFILE_FILE="$build/profiles/unit.profraw" "$build/tests/mqtt5_unit_tests" --gtest_brief=1 >/dev/null
objects=(-object "$build/tests/mqtt5_unit_tests")
for t in decode_any roundtrip framer utf8 topic; do
  LLVM_PROFILE_FILE="$build/profiles/$t.profraw" "$build/fuzz/fuzz_${t}_replay" "fuzz/corpus/$t" >/dev/null
  objects+=(-object "$build/fuzz/fuzz_${t}_replay")
done
"$profdata" merge -sparse "$build"/profiles/*.profraw -o "$build/profiles/all.profdata"
"$cov" report -instr-profile="$build/profiles/all.profdata" "${objects[@]}" \
  -show-branch-summary -ignore-filename-regex='^(/usr|.*/tests/|.*/fuzz/)' 
"$cov" show -instr-profile="$build/profiles/all.profdata" "${objects[@]}" -format=html \
  -show-branches=count -ignore-filename-regex='^(/usr|.*/tests/|.*/fuzz/)' -output-dir="$build/html" >/dev/null
echo "HTML report: $build/html/index.html"
