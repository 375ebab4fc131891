#!/usr/bin/env bash
# Compile time of a user's translation unit (issue 13: "Compile time of `#include <mqtt5.hpp>` plus one encode and
# decode is reported, and is not worse"): #include <mqtt5.hpp>, one mqtt5::encode of a PUBLISH and one
# mqtt5::decode(span) into the variant of all packets (which instantiates every packet's decoder), compiled to an
# object file (-c) with -O2 and with -O0. Each figure is the median of RUNS compiles (default 3): wall time, CPU
# time (user + sys, steadier than wall time on a shared host) and peak memory (maximum resident set size), all
# from /usr/bin/time -v (Debian package: time).
#   bash bench/compile_time.sh            (CXX=clang++ to measure another compiler, RUNS=5 for more runs)
# Output: one "flags wall_s cpu_s peak_MiB" line per optimisation level.
#   bash bench/compile_time.sh --instructions [INCLUDE_DIR]
# Instead: the instructions the compiler executes for the same translation unit (the compiler proper and the
# assembler, counted by valgrind's cachegrind without cache simulation), one "flags instructions" line per level.
# Deterministic where time is not (a shared 2-vCPU host under load), so it decides between two versions of the
# headers (INCLUDE_DIR, default this checkout's include/); about 60 s at -O0 and 120 s at -O2 on this host.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cxx=${CXX:-g++}
runs=${RUNS:-3}
instructions=0
include_dir="$root/include"
if [[ "${1:-}" == --instructions ]]; then
  instructions=1
  include_dir=$(cd "${2:-$root/include}" && pwd)
  command -v valgrind >/dev/null || { echo "compile_time.sh: valgrind not found (Debian: apt-get install valgrind)" >&2; exit 2; }
else
  [[ -x /usr/bin/time ]] || { echo "compile_time.sh: /usr/bin/time not found (Debian: apt-get install time)" >&2; exit 2; }
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/tu.cpp" <<'EOF'
#include <mqtt5.hpp>

#include <array>
#include <cstddef>

int main(int argc, char**) {
    const std::array<std::byte, 4> puback{std::byte{0x40}, std::byte{0x02}, std::byte{0x00}, std::byte{0x2a}};
    const auto decoded = mqtt5::decode(std::span<const std::byte>(puback));
    const std::array<std::byte, 2> payload{std::byte{0x01}, std::byte(argc)};
    const mqtt5::publish p{.topic = "t/1", .payload = payload};
    std::array<std::byte, 64> out{};
    const auto encoded = mqtt5::encode(p, std::span<std::byte>(out));
    return decoded && encoded ? 0 : 1;
}
EOF

echo "# $("$cxx" --version | head -1); TU: #include <mqtt5.hpp> + encode(publish) + decode(span) into the variant, -c;"
if ((instructions)); then
  echo "# instructions executed by the compiler and the assembler (cachegrind), headers from $include_dir: flags instructions"
  for level in -O2 -O0; do
    valgrind --tool=cachegrind --cache-sim=no --trace-children=yes --cachegrind-out-file="$tmp/cg.%p" \
      "$cxx" -std=c++20 "$level" -DNDEBUG -I"$include_dir" -c "$tmp/tu.cpp" -o "$tmp/tu.o" 2>"$tmp/cg.log"
    # One "I refs" line per process (the driver, cc1plus, as): their sum.
    echo "$level $(awk '/I[ ]+refs:/ { gsub(",", "", $4); s += $4 } END { printf "%.0f", s }' "$tmp/cg.log")"
  done
  exit 0
fi
echo "# median of $runs: flags wall_s cpu_s peak_MiB"
for level in -O2 -O0; do
  for ((i = 0; i < runs; ++i)); do
    /usr/bin/time -v -o "$tmp/time" "$cxx" -std=c++20 "$level" -DNDEBUG -I"$root/include" -c "$tmp/tu.cpp" -o "$tmp/tu.o"
    awk -F': ' '
      /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
      /User time/ { cpu += $2 } /System time/ { cpu += $2 }
      /Maximum resident set size/ { mem = $2 / 1024 }
      END { printf "%.2f %.2f %.1f\n", wall, cpu, mem }' "$tmp/time" >>"$tmp/runs$level"
  done
  # The median of each column on its own.
  median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
  echo "$level $(cut -d' ' -f1 "$tmp/runs$level" | median) $(cut -d' ' -f2 "$tmp/runs$level" | median) $(cut -d' ' -f3 "$tmp/runs$level" | median)"
done
