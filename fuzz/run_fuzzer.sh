#!/usr/bin/env bash
# run_fuzzer.sh BINARY CORPUS DICT SECONDS MIN_RUNS WORKDIR
# Runs one libFuzzer target on a scratch copy of its seed corpus (the repository's corpus is never
# written), for SECONDS, and fails on a crash, leak, sanitizer report, timeout (any artifact), or fewer
# than MIN_RUNS executions. Prints the execution count either way.
set -uo pipefail
bin=$1 corpus=$2 dict=$3 seconds=$4 min_runs=$5 work=$6
name=$(basename "$bin")
rm -rf "$work"
started=$SECONDS
mkdir -p "$work/corpus" "$work/artifacts"
# -entropic=0: libFuzzer's entropic scheduler spends most of its time updating feature frequencies once a corpus
# holds a thousand inputs with ten thousand features (70% of the roundtrip target's time, measured with perf),
# which cut it to 2,500 executions a second; the classic scheduler keeps ~20,000.
common=(-print_final_stats=1 -dict="$dict" -timeout=10 -rss_limit_mb=2048 -max_len=4096 -entropic=0
        -artifact_prefix="$work/artifacts/")
"$bin" -max_total_time="$seconds" "${common[@]}" "$work/corpus" "$corpus" >"$work/log" 2>&1
status=$?
runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$work/log" | tail -n 1)
runs=${runs:-0}
# At least SECONDS and at least MIN_RUNS: top up the executions from the grown corpus when the time ran out
# first (bounded: at most 4 more rounds of SECONDS).
for round in 1 2 3 4; do
  (( status == 0 && runs < min_runs )) || break
  [[ -z $(ls -A "$work/artifacts") ]] || break
  "$bin" -runs=$((min_runs - runs)) -max_total_time="$seconds" "${common[@]}" "$work/corpus" >"$work/log.$round" 2>&1
  status=$?
  more=$(awk '/stat::number_of_executed_units/ {print $2}' "$work/log.$round" | tail -n 1)
  runs=$((runs + ${more:-0}))
  cat "$work/log.$round" >>"$work/log"
done
cov=$(grep -Eo 'cov: [0-9]+' "$work/log" | tail -n 1)
line="$name: ${runs} executions in $((SECONDS - started)) s (${cov:-cov: ?}), exit ${status}, new corpus entries: $(ls "$work/corpus" | wc -l)"
echo "$line"
# ctest shows a passing test's output only with -V; tests/run.sh opens fd 3 on its own stdout so that the
# execution counts reach the CI log anyway.
{ echo "$line" >&3; } 2>/dev/null || true
if [[ $status -ne 0 ]] || [[ -n $(ls -A "$work/artifacts") ]]; then
  echo "$name: FAILED; last lines of the log ($work/log):"
  tail -n 60 "$work/log"
  ls -l "$work/artifacts"
  exit 1
fi
if (( runs < min_runs )); then
  echo "$name: FAILED: fewer than $min_runs executions"
  exit 1
fi
