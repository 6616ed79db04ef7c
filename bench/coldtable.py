#!/usr/bin/env python3
"""Markdown tables for bench/coldstart.sh.

  coldtable.py HYPERFINE.json VARIANTS.tsv CLASSES_DIR LIB_DIR

VARIANTS.tsv: name, command, classes loaded from the dynamic archive, peak RSS runs (KB, spaced),
in the order hyperfine ran them. CLASSES_DIR + LIB_DIR are what `sam build` packages.
"""
import io
import json
import os
import statistics
import sys
import zipfile


def tree_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def zipped_bytes(classes, lib):
    """Size of the artifact as a deflated zip (classes at the root, jars under lib/), the form
    Lambda limits to 50 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for root, prefix in ((classes, ""), (lib, "lib/")):
            for d, _, files in os.walk(root):
                for f in sorted(files):
                    path = os.path.join(d, f)
                    z.write(path, prefix + os.path.relpath(path, root))
    return buffer.tell()


def main(hyperfine_json, variants_tsv, classes, lib):
    with open(hyperfine_json) as f:
        results = json.load(f)["results"]
    with open(variants_tsv) as f:
        variants = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    plain = results[0]["mean"]
    print("| variant | command | mean ± σ (s) | min … max (s) | vs own engine, plain | user CPU (s) | peak RSS (MB, median) | classes from AppCDS |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for (name, command, archived, rss), r in zip(variants, results):
        rss_mb = statistics.median(int(x) for x in rss.split()) / 1024
        shown = command.replace(os.getcwd() + "/", "").strip()
        print(f"| {name} | `{shown}` | {r['mean']:.2f} ± {r['stddev']:.2f} | {r['min']:.2f} … {r['max']:.2f} "
              f"| {r['mean'] / plain:.2f}× | {r['user']:.2f} | {rss_mb:.0f} | {archived if archived != '0' else '-'} |")
    print()
    jars = [f for f in os.listdir(lib) if f.endswith(".jar")]
    class_bytes, lib_bytes = tree_bytes(classes), tree_bytes(lib)
    total = class_bytes + lib_bytes
    print("| Lambda artifact (what `sam build` packages) | bytes | MB |")
    print("|---|---:|---:|")
    print(f"| target/classes | {class_bytes:,} | {class_bytes / 1e6:.2f} |")
    print(f"| runtime dependencies: {len(jars)} jars | {lib_bytes:,} | {lib_bytes / 1e6:.2f} |")
    print(f"| total, unzipped | {total:,} | {total / 1e6:.2f} |")
    zipped = zipped_bytes(classes, lib)
    print(f"| total, as a deflated zip | {zipped:,} | {zipped / 1e6:.2f} |")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
