#!/usr/bin/env python3
"""Turns package-benchmark's text output (default format, scaled columns) into markdown tables:
one row per case, p50 ns/op and p50 allocations/op for each side (ours, swift-otel, noop-api);
then one row per one-against-two-threads case (its custom metrics, see BenchmarkSupport's
measureScaling).

    swift package --scratch-path .build benchmark --no-progress | tee run.log
    python3 scripts/results-table.py run.log
"""
import re
import sys
from collections import OrderedDict

text = open(sys.argv[1], encoding="utf-8").read() if len(sys.argv) > 1 else sys.stdin.read()
rows = OrderedDict()  # case -> side -> metrics
scaling = OrderedDict()  # "case/side" -> label -> (p50, p100, samples)
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
        if name.split("/", 1)[0].endswith(".threads"):
            # Large values print with a unit suffix on the label: "1 thread (K ops/s) (K)".
            factor = {"(K)": 1_000, "(M)": 1_000_000}.get(label.split()[-1], 1)
            value = lambda cell: int(cell.replace(",", "")) * factor
            base = label.rsplit(" (", 1)[0] if factor != 1 else label
            scaling.setdefault(name, {})[base] = (value(cells[3]), value(cells[7]), cells[8])
            continue
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

if scaling:
    print()
    print("| case | 1 thread, M ops/s | 2 threads, M ops/s | 2 / 1, all samples | no-sharing loop 2 / 1 | 2 / 1 where the loop scales (p100, samples) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, metrics in scaling.items():
        def get(prefix, index=0):
            for label, values in metrics.items():
                if label.startswith(prefix):
                    return values[index]
            return None
        mops = lambda v: "–" if v is None else f"{v / 1000:.1f}"
        ratio = lambda v: "–" if v is None else f"{v / 100:.2f}x"
        clean = get("2 / 1 where")
        clean_text = "–" if clean is None else f"{ratio(clean)} ({ratio(get('2 / 1 where', 1))}, {get('2 / 1 where', 2)})"
        print(f"| {name} | {mops(get('1 thread'))} | {mops(get('2 threads ('))} | {ratio(get('2 threads /'))} "
              f"| {ratio(get('no-sharing'))} | {clean_text} |")
