#!/usr/bin/env bash
# Instructions per call of each canonical encode/decode: callgrind's total Ir at N calls minus at 0 calls, / N;
# then per canonical packet of the connection layer: decode alone, receive() alone, both.
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
# The connection layer: only the measured calls count (the ack or reconnect that keeps the connection in steady
# state runs between them, outside the count); the N=0 run is subtracted all the same.
irm() { valgrind --tool=callgrind --toggle-collect='*session_bench::measured_*' --callgrind-out-file="$tmp/out" \
            "$driver" "$1" "$2" >/dev/null 2>"$tmp/err"
        grep -m1 '^summary:' "$tmp/out" | awk '{print $2}'; }
for p in P1 P2 P3 P4 P5 P5b P6; do
    for mode in decode receive both; do
        op=session_${mode}_$p
        base=$(irm "$op" 0)
        full=$(irm "$op" "$n")
        echo "$op $(( (full - base) / n ))"
    done
done
rm -rf "$tmp"
