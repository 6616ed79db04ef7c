#!/usr/bin/env python3
"""Copies the runner (lambdachain.jar + lib/) into DIR with DynamoDB Local's manifest Class-Path
removed, so that AppCDS can archive it.

  cdscopy.py TARGET_DIR DIR

DynamoDBLocal-*.jar's manifest puts "." on the class path (plus DynamoDBLocal_lib/ entries that do
not exist in target/lib). "." is target/lib itself, a non-empty directory, and HotSpot refuses to
dump a CDS archive for a class path holding one ("Cannot have non-empty directory in paths"). No
class is found through those entries, so the copy runs exactly as target/lambdachain.jar does.
"""
import os
import re
import shutil
import sys
import zipfile


def without_class_path(manifest):
    text = manifest.decode("utf-8").replace("\r\n", "\n")
    text = re.sub(r"^Class-Path:.*\n(?: .*\n)*", "", text, flags=re.M)
    return text.replace("\n", "\r\n").encode("utf-8")


def strip(source, target):
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "META-INF/MANIFEST.MF":
                data = without_class_path(data)
            dst.writestr(info, data)


def main(target_dir, out):
    lib = os.path.join(out, "lib")
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(lib)
    shutil.copy2(os.path.join(target_dir, "lambdachain.jar"), out)
    for name in sorted(os.listdir(os.path.join(target_dir, "lib"))):
        source = os.path.join(target_dir, "lib", name)
        if name.startswith("DynamoDBLocal-") and name.endswith(".jar"):
            strip(source, os.path.join(lib, name))
        else:
            shutil.copy2(source, lib)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
