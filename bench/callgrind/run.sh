#!/usr/bin/env bash
# Instruction counts (callgrind Ir) of the codec's operations over the canonical packets (issue 13).
#
#   bash bench/callgrind/run.sh DRIVER [N]               every operation, then the connection-layer ones
#   bash bench/callgrind/run.sh --codec [DRIVER] [N]     the codec operations only (those baseline.txt holds)
#   bash bench/callgrind/run.sh --check [DRIVER] [N]     compare with baseline.txt: exit 1 if any operation costs
#                                                         more than 3% over its baseline (ctest bench.instructions)
#   bash bench/callgrind/run.sh --update-baseline [DRIVER] [N]   rewrite baseline.txt with the current figures
#   bash bench/callgrind/run.sh --table [BASELINE]       the markdown table of bench/README.md (table.py)
#
# Without DRIVER (or with DRIVER = -), the modes that take one build it first with the fixed flags the
# baseline was made with: $CXX (default g++) -std=c++20 -O2 -DNDEBUG, nothing else, whatever the build type
# of any CMake tree. Output: one "op value" line per operation; value = instructions per call, or per byte
# for S1_per_byte (two decimals).
#
# Codec operations: callgrind counts only the driver's cg_loop::measured_* functions (--toggle-collect), each
# the loop of one operation; per call = (Ir of the operation's loop of N calls - Ir of the empty loop of N
# iterations with the same bookkeeping) / N, so neither the setup nor the loop overhead is charged (driver.cpp).
# The count is exact: N = 2,000 and N = 20,000 give the same figures.
# Connection-layer operations (session_*): only the session_bench::measured_* calls count; (Ir at N - Ir at 0)/N.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
baseline="$here/baseline.txt"
flags=(-std=c++20 -O2 -DNDEBUG)
tolerance=3  # percent

mode=all
case "${1:-}" in
  --codec) mode=codec; shift ;;
  --check) mode=check; shift ;;
  --update-baseline) mode=update; shift ;;
  --table) shift; exec python3 "$here/table.py" "${1:-$baseline}" ;;
  -h|--help|"") sed -n '2,/^set/{/^#/p}' "${BASH_SOURCE[0]}"; [[ -n "${1:-}" ]]; exit ;;
esac
driver=${1:--}
n=${2:-20000}
s1_passes=1

valgrind=${VALGRIND:-valgrind}
for tool in "$valgrind" awk; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found (Debian: apt-get install valgrind)" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cxx=${CXX:-g++}
if [[ "$driver" == - ]]; then
  if [[ "$mode" == all ]]; then echo "run.sh: give the DRIVER to run every operation" >&2; exit 2; fi
  driver="$tmp/driver"
  "$cxx" "${flags[@]}" -I"$root/include" -I"$root/bench" "$here/driver.cpp" -o "$driver"
fi
[[ -x "$driver" ]] || { echo "run.sh: $driver is not an executable" >&2; exit 2; }

# measure OP COUNT PATTERN: Ir inside the functions matching PATTERN; sets `ir` and `units` (what the driver
# says the loop handled: calls, or bytes of S1). A driver that aborts (a refused canonical packet) stops us.
measure() {
  if ! "$valgrind" --tool=callgrind --toggle-collect="$3" --callgrind-out-file="$tmp/out" \
         "$driver" "$1" "$2" >"$tmp/stdout" 2>"$tmp/err"; then
    echo "run.sh: the driver failed on '$1 $2':" >&2
    grep -v '^==' "$tmp/err" >&2 || cat "$tmp/err" >&2
    exit 1
  fi
  ir=$(awk '/^summary:/ {print $2; exit}' "$tmp/out")
  units=$(awk '/^units / {print $2}' "$tmp/stdout")
}

codec_ops=(decode_P1 decode_P2 decode_P3 decode_P4 decode_P5 decode_P5b decode_P6
           decode_any_P1 decode_any_P2 decode_any_P3 decode_any_P4 decode_any_P5 decode_any_P5b decode_any_P6
           encode_P1 encode_P2 encode_P3 encode_P4 encode_P5 encode_P5b encode_P6
           builder_encode_P1 builder_encode_P1_runtime)

codec() {
  local loops='*cg_loop::measured_*' empty op
  measure empty_call "$n" "$loops"; empty=$ir
  for op in "${codec_ops[@]}"; do
    measure "$op" "$n" "$loops"
    awk -v op="$op" -v ir="$ir" -v e="$empty" -v u="$units" 'BEGIN { printf "%s %.0f\n", op, (ir - e) / u }'
  done
  measure empty_s1 "$s1_passes" "$loops"; empty=$ir
  measure S1_per_byte "$s1_passes" "$loops"
  awk -v ir="$ir" -v e="$empty" -v u="$units" 'BEGIN { printf "S1_per_byte %.2f\n", (ir - e) / u }'
}

sessions() {
  local p m op base
  for p in P1 P2 P3 P4 P5 P5b P6; do
    for m in decode receive both; do
      op=session_${m}_$p
      measure "$op" 0 '*session_bench::measured_*'; base=$ir
      measure "$op" "$n" '*session_bench::measured_*'
      awk -v op="$op" -v ir="$ir" -v b="$base" -v n="$n" 'BEGIN { printf "%s %.0f\n", op, (ir - b) / n }'
    done
  done
}

case "$mode" in
  all) codec; sessions ;;
  codec) codec ;;
  update)
    codec >"$tmp/now"
    {
      echo "# Instructions per call (S1_per_byte: per byte of the stream) of bench/callgrind/driver.cpp under callgrind:"
      echo "# each operation's loop minus an empty loop with the same bookkeeping (see run.sh and driver.cpp)."
      echo "# ctest bench.instructions (label perf) fails when an operation costs more than ${tolerance}% over its line."
      echo "# compiler: $("$cxx" --version | head -1)"
      echo "# flags: ${flags[*]}"
      echo "# $("$valgrind" --version), $(ldd --version | head -1)"
      echo "# source: commit $(git -C "$root" log -1 --format=%h 2>/dev/null || echo unknown), include/ last changed in $(git -C "$root" log -1 --format='%h %cs' -- include 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- include bench/canonical.hpp bench/session_fixture.hpp bench/callgrind/driver.cpp 2>/dev/null || echo ', with uncommitted changes')"
      echo "# regenerate: bash bench/callgrind/run.sh --update-baseline   (builds the driver with these flags; CXX=... to choose g++)"
      echo "# A change that is meant to cost more updates this file and says why in its commit message."
      cat "$tmp/now"
    } >"$baseline"
    echo "run.sh: wrote $baseline"
    cat "$tmp/now" ;;
  check)
    [[ -f "$baseline" ]] || { echo "run.sh: no $baseline" >&2; exit 2; }
    codec >"$tmp/now"
    echo "compiler: $("$cxx" --version | head -1); baseline $(grep -m1 '^# compiler:' "$baseline" | cut -c3-)"
    # Every operation in both lists; fail on one more than tolerance% over its baseline, or missing on one side.
    awk -v tol="$tolerance" '
      NR == FNR { if ($0 !~ /^#/ && NF == 2) base[$1] = $2; next }
      { now[$1] = $2; order[++k] = $1 }
      END {
        printf "%-20s %10s %10s %8s\n", "op", "baseline", "now", "delta"
        bad = 0
        for (i = 1; i <= k; ++i) {
          op = order[i]
          if (!(op in base)) { printf "%-20s %10s %10s   NOT IN BASELINE\n", op, "-", now[op]; bad = 1; continue }
          d = base[op] > 0 ? 100 * (now[op] - base[op]) / base[op] : 0
          verdict = d > tol ? "   FAIL: over " tol "%" : (d < -tol ? "   (faster: update the baseline)" : "")
          if (d > tol) bad = 1
          printf "%-20s %10s %10s %+7.1f%%%s\n", op, base[op], now[op], d, verdict
        }
        for (op in base) if (!(op in now)) { printf "%-20s %10s %10s   NOT MEASURED\n", op, base[op], "-"; bad = 1 }
        if (bad) { print "bench.instructions: FAILED (see bench/callgrind/run.sh; a change meant to cost more runs --update-baseline and says why)"; exit 1 }
        print "bench.instructions: every operation within " tol "% of its baseline"
      }' "$baseline" "$tmp/now" ;;
esac
