#!/usr/bin/env bash
# Instructions per call of each canonical encode/decode: callgrind's total Ir at N calls minus at 0 calls, / N.
#   bash bench/callgrind/run.sh DRIVER [N]
set -euo pipefail
driver=$1
n=${2:-20000}
tmp=$(mktemp -d)
ir() { valgrind --tool=callgrind --callgrind-out-file="$tmp/out" "$driver" "$1" "$2" >/dev/null 2>"$tmp/err"
       grep -m1 '^summary:' "$tmp/out" | awk '{print $2}'; }
for op in decode_P1 decode_P2 decode_P3 decode_P4 decode_P5 decode_P5b decode_P6 decode_any_P1 decode_any_P4 decode_any_P5b \
          encode_P1 encode_P2 encode_P3 encode_P4 encode_P5 encode_P5b encode_P6; do
    base=$(ir "$op" 0)
    full=$(ir "$op" "$n")
    echo "$op $(( (full - base) / n ))"
done
rm -rf "$tmp"
