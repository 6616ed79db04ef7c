#!/usr/bin/env python3
"""Turns one `wrk --latency` output file into a Markdown table row.

  wrkrow.py row LABEL FILE
  ->  | LABEL | requests/s | p50 ms | p99 ms | non-2xx | 201/s | node JVM CPU | Dynoxide CPU | machine busy | wrk CPU | others' CPU | socket errors |
  wrkrow.py header            ->  the table's header lines
The 201/s column comes from bench/post.lua's ACCEPTED_PER_SEC line, the CPU columns from a
bench/cpu.py "CPU ..." line appended to the file ("-" without them). The node's engine (Dynoxide)
is a separate process, so its CPU has a column of its own.
  wrkrow.py ratio LABEL FILE_100 FILE_5000   ->  the p50 ratio between two runs against the 1.5x target
"""
import re
import sys

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def millis(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * UNITS_MS[unit]


def parse(text):
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
    for pct in ("50", "99"):
        result["p" + pct] = millis(re.search(rf"^\s+{pct}%\s+(\S+)", text, re.M).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    result["non2xx"] = int(non2xx.group(1)) if non2xx else 0
    errors = re.search(r"Socket errors: (.*)", text)
    result["errors"] = errors.group(1).strip() if errors else "none"
    accepted = re.search(r"ACCEPTED_PER_SEC ([\d.]+)", text)
    result["accepted"] = float(accepted.group(1)) if accepted else None
    cpu = re.search(r"CPU node_cores=([\d.]+) jvm_cores=([\d.]+) engine_cores=([\d.]+) machine_busy=(\d+%)"
                    r"(?: client_cores=([\d.]+) others_cores=([\d.]+))?", text)
    (result["node_cores"], result["jvm"], result["engine"], result["busy"], result["client"],
     result["others"]) = tuple(g or "-" for g in cpu.groups()) if cpu else ("-",) * 6
    statuses = re.search(r"STATUSES (.*)", text)
    result["statuses"] = statuses.group(1) if statuses else ""
    return result


def load(path):
    with open(path) as f:
        return parse(f.read())


def ratio(label, short_path, long_path):
    short, long = load(short_path), load(long_path)
    factor = long["p50"] / short["p50"]
    print(f"{label}: p50 {short['p50']:.2f} ms at 100 blocks, {long['p50']:.2f} ms at 5,000 blocks: "
          f"{factor:.2f}x ({'within' if factor <= 1.5 else 'OVER'} the 1.5x target)")


def row(label, path):
    r = load(path)
    accepted = f"{r['accepted']:.0f}" if r["accepted"] is not None else "-"
    print(f"| {label} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['non2xx']} | {accepted} "
          f"| {r['jvm']} | {r['engine']} | {r['busy']} | {r['client']} | {r['others']} | {r['errors']} |")


HEADER = ("| route, chain length | requests/s | p50 ms | p99 ms | non-2xx | accepted (201)/s | node JVM CPU (cores) "
          "| Dynoxide CPU (cores) | machine busy | wrk CPU (cores) | others' CPU (cores) | socket errors |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "header":
        print(HEADER)
    elif len(sys.argv) == 4 and sys.argv[1] == "row":
        row(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "ratio":
        ratio(*sys.argv[2:])
    else:
        raise SystemExit(__doc__)
