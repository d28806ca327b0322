#!/usr/bin/env python3
"""Turns package-benchmark's text output (default format, scaled columns) into one markdown table:
one row per case, p50 ns/op and p50 allocations/op for each side (ours, swift-otel, noop-api).

    swift package --scratch-path .build benchmark --no-progress | tee run.log
    python3 scripts/results-table.py run.log
"""
import re
import sys
from collections import OrderedDict

text = open(sys.argv[1], encoding="utf-8").read() if len(sys.argv) > 1 else sys.stdin.read()
rows = OrderedDict()  # case -> side -> metrics
name = None
for line in text.splitlines():
    stripped = line.strip()
    if re.fullmatch(r"[\w.]+/[\w-]+", stripped):
        name = stripped
        continue
    if name and stripped.startswith("│"):
        cells = [c.strip() for c in stripped.strip("│").split("│")]
        if len(cells) < 9 or cells[0] == "Metric":
            continue
        label, p50, p0, p90 = cells[0], cells[3], cells[1], cells[5]
        case, side = name.split("/", 1)
        entry = rows.setdefault(case, OrderedDict()).setdefault(side, {})
        if label.startswith("Time (wall clock)"):
            entry["ns"] = (p0, p50, p90)
        elif label.startswith("Malloc (total)"):
            entry["malloc"] = p50
        elif label.startswith("dropped"):
            entry["dropped"] = p50

def fmt(entry):
    if not entry:
        return "–", "–"
    p0, p50, p90 = entry.get("ns", ("?", "?", "?"))
    extra = f" (drop {entry['dropped']}‰)" if entry.get("dropped", "0") != "0" else ""
    return f"{p50} ({p0}–{p90}){extra}", entry.get("malloc", "?")

print("| case | ours ns/op p50 (p0–p90) | ours allocs/op | swift-otel ns/op p50 (p0–p90) | swift-otel allocs/op | noop-api ns/op p50 |")
print("|---|---:|---:|---:|---:|---:|")
for case, sides in rows.items():
    ours = fmt(sides.get("ours"))
    theirs = fmt(sides.get("swift-otel"))
    noop = sides.get("noop-api", {}).get("ns", ("", "–", ""))[1]
    print(f"| {case} | {ours[0]} | {ours[1]} | {theirs[0]} | {theirs[1]} | {noop} |")
