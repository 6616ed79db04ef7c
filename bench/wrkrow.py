#!/usr/bin/env python3
"""Turns one `wrk --latency` output file into a Markdown table row.

  wrkrow.py LABEL FILE   ->  | LABEL | requests/s | p50 ms | p99 ms | non-2xx | 201/s | socket errors |
The 201/s column comes from bench/post.lua's STATUSES/ACCEPTED_PER_SEC lines ("-" without them).
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
    statuses = re.search(r"STATUSES (.*)", text)
    result["statuses"] = statuses.group(1) if statuses else ""
    return result


def main(label, path):
    with open(path) as f:
        r = parse(f.read())
    accepted = f"{r['accepted']:.0f}" if r["accepted"] is not None else "-"
    print(f"| {label} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['non2xx']} | {accepted} "
          f"| {r['errors']} |")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
