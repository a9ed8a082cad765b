"""Reads a JMH JSON result file (and optionally the PyTorch figures) and prints, per workload,
each system's score (the median of its measurement iterations, with their lowest and highest)
and allocation, and Chainrule's speed ratio to every peer (> 1: Chainrule faster), from the
medians. Optionally adds the rows of more JMH files (--extra: benchmarks run apart, such as the
slow peers' P3), writes the rows as CSV or as a Markdown table.

    python3 report.py results/jmh-jdk17.json [results/pytorch.json] [--extra more.json]
        [--csv out.csv] [--markdown out.md]
"""
import argparse
import csv
import json
import os
import re

# benchmark method -> (workload, precision[, reference?[, system]]); a parameter names the system otherwise
METHODS = [
    (r"DigitsBenchmark\.p([12])(Float|Double|Encog|Neuroph|Dl4j)$", lambda m: ("P" + m[1], m[2])),
    (r"MnistShapedBenchmark\.batch(1|32)(Float|Double|Encog|Neuroph|Dl4j)$", lambda m: ("P3 b" + m[1], m[2])),
    (r"TinyInferenceBenchmark\.p4(Float|Double|Encog|Neuroph|Dl4j)(Reference)?$", lambda m: ("P4", m[1], m[2])),
    # the generated batched class with chainrule-vector's products (forks with the Vector API module)
    (r"VectorProductsBenchmark\.p3Batch32(Float)$", lambda m: ("P3 b32", m[1], None, "chainrule-vector")),
    (r"VectorProductsBenchmark\.p2(Float)$", lambda m: ("P2", m[1], None, "chainrule-vector")),
    # the same with the opt-in fused multiply-adds (-Dchainrule.products=fma: other bits than the loops)
    (r"VectorProductsBenchmark\.p3Batch32(Float)Fused$", lambda m: ("P3 b32", m[1], None, "chainrule-vector-fma")),
]
# the Java peers, all double
JAVA_PEERS = {"Encog": "encog", "Neuroph": "neuroph", "Dl4j": "dl4j"}
# the ratio columns, in order: label -> the peer's (system, precision)
RATIO_PEERS = {"ref": None, "encog": ("encog", "double"), "neuroph": ("neuroph", "double"),
               "dl4j": ("dl4j", "double"), "torch": ("pytorch", "float")}
TORCH_KEYS = {"P1": "P1", "P2": "P2", "P3 b1": "P3b1", "P3 b32": "P3b32", "P4": "P4"}


def classify(entry):
    name = entry["benchmark"]
    params = entry.get("params", {})
    for pattern, parts in METHODS:
        m = re.search(pattern, name)
        if m:
            found = parts(m)
            workload, kind = found[0], found[1]
            if kind in JAVA_PEERS:
                return workload, "double", JAVA_PEERS[kind]
            if len(found) > 3:
                return workload, kind.lower(), found[3]
            if len(found) > 2 and found[2]:
                return workload, kind.lower(), "reference"
            system = params.get("system") or "chainrule-" + params["shape"].lower()
            return workload, kind.lower(), system
    return None


def allocation(entry):
    for key, metric in entry.get("secondaryMetrics", {}).items():
        if key.endswith("gc.alloc.rate.norm"):
            return number(metric["score"])
    return float("nan")


def number(value):
    # JMH writes an undefined figure (the error of a single iteration) as the string "NaN"
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def iterations(entry):
    """The median, lowest and highest of a benchmark's measurement iterations (all forks)."""
    raw = sorted(number(v) for fork in entry["primaryMetric"].get("rawData", []) for v in fork)
    if not raw:
        score = number(entry["primaryMetric"]["score"])
        return score, score, score
    n = len(raw)
    median = raw[n // 2] if n % 2 else (raw[n // 2 - 1] + raw[n // 2]) / 2
    return median, raw[0], raw[-1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("jmh")
    parser.add_argument("pytorch", nargs="?")
    parser.add_argument("--extra", action="append", default=[], help="more JMH JSON results to add")
    parser.add_argument("--csv")
    parser.add_argument("--markdown")
    args = parser.parse_args()
    entries = []
    for path in [args.jmh] + args.extra:
        with open(path) as f:
            entries += json.load(f)
    torch = None
    if args.pytorch and os.path.exists(args.pytorch):
        with open(args.pytorch) as f:
            torch = json.load(f)

    rows = []
    for entry in entries:
        key = classify(entry)
        if key:
            metric = entry["primaryMetric"]
            median, low, high = iterations(entry)
            rows.append(dict(workload=key[0], precision=key[1], system=key[2], score=median, low=low, high=high,
                             error=number(metric["scoreError"]), unit=metric["scoreUnit"], alloc=allocation(entry),
                             jvm=entry.get("vmVersion", "")))
    if torch:
        for workload, tk in TORCH_KEYS.items():
            if tk in torch:
                value = torch[tk].get("examples_per_s", torch[tk].get("ns_per_example"))
                unit = "ops/s" if "examples_per_s" in torch[tk] else "ns/op"
                rows.append(dict(workload=workload, precision="float", system="pytorch", score=value,
                                 low=float("nan"), high=float("nan"), error=float("nan"), unit=unit, alloc=float("nan"), jvm="torch " + torch["torch"]))

    def speed(row):
        # examples per second, whatever the unit
        return 1e9 / row["score"] if row["unit"].startswith("ns") else row["score"]

    header = "%-7s %-19s %-6s %14s %10s %-6s %11s %8s %8s %8s %8s %8s" % (
        "work", "system", "prec", "score", "error", "unit", "B/op", "/ref", "/encog", "/neuroph", "/dl4j", "/torch")
    print(header)
    print("-" * len(header))
    out_rows = []
    for workload in ["P1", "P2", "P3 b1", "P3 b32", "P4"]:
        group = [r for r in rows if r["workload"] == workload]
        peers = {(r["system"], r["precision"]): r for r in group if not r["system"].startswith("chainrule")}
        for r in sorted(group, key=lambda r: (not r["system"].startswith("chainrule"), r["system"], r["precision"])):
            ratios = {}
            if r["system"].startswith("chainrule"):
                for label, key in RATIO_PEERS.items():
                    # the reference of the row's own precision
                    peer = peers.get(key or ("reference", r["precision"]))
                    if peer:
                        ratios[label] = speed(r) / speed(peer)
            fmt = lambda k: ("%8.2f" % ratios[k]) if k in ratios else "%8s" % "-"
            print("%-7s %-19s %-6s %14.1f %10.1f %-6s %11.3f %s %s %s %s %s" % (
                workload, r["system"], r["precision"], r["score"], r["error"], r["unit"], r["alloc"],
                *[fmt(k) for k in RATIO_PEERS]))
            out_rows.append(dict(r, **{"ratio_" + k: v for k, v in ratios.items()}))
    if args.markdown:
        write_markdown(args.markdown, out_rows)
    if args.csv:
        fields = ["workload", "system", "precision", "score", "low", "high", "error", "unit", "alloc", "jvm"] + [
            "ratio_" + k for k in RATIO_PEERS]
        with open(args.csv, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            for r in out_rows:
                writer.writerow(r)


def write_markdown(path, rows):
    """One table: median and iteration range, B/op, and the ratios, with thousands separators."""
    def figure(value):
        if value != value:
            return "-"
        return "{:,.0f}".format(value) if value >= 1000 else "{:.1f}".format(value)
    with open(path, "w") as out:
        out.write("| workload | system | precision | median | range | unit | B/op | /ref | /Encog | /Neuroph"
                  " | /DL4J | /PyTorch |\n|" + "---|" * 12 + "\n")
        for r in rows:
            ratio = lambda k: ("%.2f" % r["ratio_" + k]) if "ratio_" + k in r else ""
            spread = "-" if r["low"] != r["low"] else figure(r["low"]) + " - " + figure(r["high"])
            alloc = "-" if r["alloc"] != r["alloc"] else ("%.3f" % r["alloc"] if r["alloc"] < 100 else figure(r["alloc"]))
            out.write("| %s | %s | %s | %s | %s | %s | %s | %s |\n" % (
                r["workload"], r["system"], r["precision"], figure(r["score"]), spread,
                "ex/s" if r["unit"] == "ops/s" else "ns", alloc, " | ".join(ratio(k) for k in RATIO_PEERS)))


if __name__ == "__main__":
    main()
