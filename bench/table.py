#!/usr/bin/env python3
"""Turns Google Benchmark JSON (--benchmark_format=json with repetitions) into the markdown tables of
bench/README.md: median ns/op per packet and operation, the two floors beside them, bytes/s, allocations.
    build/bench/bench/mqtt5_bench --benchmark_repetitions=9 --benchmark_report_aggregates_only=true \
        --benchmark_format=json > /tmp/bench.json && python3 bench/table.py /tmp/bench.json
Given several files (separate runs), each figure is the median of the runs' medians: on a shared host a whole
run, or a phase of it, can be slowed down, and this keeps one such phase from setting a figure.
"""
import json, statistics, sys

per_run = []
for path in sys.argv[1:]:
    runs = json.load(open(path))["benchmarks"]
    per_run.append({b["run_name"]: b for b in runs if b.get("aggregate_name") == "median"})
median = {}
for name in per_run[0]:
    rows = [r[name] for r in per_run if name in r]
    merged = dict(rows[0])
    for key in ("real_time", "bytes_per_second", "allocs"):
        values = [r[key] for r in rows if key in r]
        if values:
            merged[key] = statistics.median(values) if key != "allocs" else max(values)
    median[name] = merged

ops = ["BM_encode", "BM_encoded_size", "BM_decode_typed", "BM_decode_variant", "BM_floor_memcpy", "BM_floor_header_only"]
packets = ["P1_publish_props", "P2_publish_min", "P3_connect", "P4_subscribe", "P5_puback_reason", "P5b_puback_min", "P6_disconnect"]

print("| packet | encode | encoded_size | decode<T> | decode (variant) | floor: memcpy | floor: header only | allocs |")
print("|---|---|---|---|---|---|---|---|")
for p in packets:
    cells, allocs = [], 0.0
    for op in ops:
        b = median.get(f"{op}/{p}")
        cells.append(f"{b['real_time']:.1f} ns" if b else "-")
        if b:
            allocs = max(allocs, b.get("allocs", 0.0))
    print(f"| {p} | " + " | ".join(cells) + f" | {allocs:g} |")

print()
print("| benchmark | median | bytes/s | allocs |")
print("|---|---|---|---|")
for name in ["BM_encode_publish_header/P1_publish_props", "BM_frame_and_decode/S1", "BM_frame_only/S1", "BM_floor_memcpy/S1"]:
    b = median.get(name)
    if not b:
        continue
    t = b["real_time"]
    unit = b.get("time_unit", "ns")
    rate = b.get("bytes_per_second")
    print(f"| {name} | {t:.1f} {unit} | {rate / 1e9:.2f} GB/s |" if rate else f"| {name} | {t:.1f} {unit} | - |", end="")
    print(f" {b.get('allocs', 0):g} |")
