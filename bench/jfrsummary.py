#!/usr/bin/env python3
"""Summarises a JFR recording of the node under POST load: where request threads wait and run.

  jfrsummary.py RECORDING.jfr [TOP]

Reads `jfr print --json` of jdk.ThreadPark (time parked, by the lock and the first frame
outside java.util.concurrent) and of jdk.ExecutionSample + jdk.NativeMethodSample (CPU samples,
by the first frame in a library we can name). Prints Markdown tables.
"""
import collections
import json
import subprocess
import sys

# first matching prefix names the layer a sample belongs to
LAYERS = [
    ("com/amazonaws/services/dynamodbv2/local/shared/access/sqlite", "DynamoDB Local: SQLite access"),
    ("com/almworks/sqlite4java", "sqlite4java (native SQLite)"),
    ("com/amazonaws/services/dynamodbv2/local", "DynamoDB Local: request handling"),
    ("org/eclipse/jetty", "Jetty (DynamoDB Local's HTTP server)"),
    ("software/amazon/awssdk", "AWS SDK client"),
    ("com/fasterxml/jackson", "Jackson"),
    ("dev/lambdachain", "lambdachain"),
    ("sun/net/httpserver", "JDK HTTP server (local runner)"),
]


IDLE = ("java/util/concurrent/ThreadPoolExecutor.getTask", "java/util/concurrent/ScheduledThreadPoolExecutor")


ENGINE = ("com/amazonaws/services/dynamodbv2/local", "com/almworks/sqlite4java")


def events(path, names):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", names, path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frames(event):
    trace = event["values"].get("stackTrace") or {"frames": []}
    return [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in trace["frames"]]


def seconds(iso):  # "PT0.213504926S"
    return float(iso[2:-1]) if iso.startswith("PT") and iso.endswith("S") else 0.0


def first_outside(stack, skip):
    return next((f for f in stack if not f.startswith(skip)), stack[-1] if stack else "?")


def layer(stack):
    """The deepest-in-call (first in stack) frame that belongs to a named layer."""
    for frame in stack:
        for prefix, name in LAYERS:
            if frame.startswith(prefix):
                return name
    return "JDK / other"


def short(frame):
    cls, _, method = frame.rpartition(".")
    return cls.rsplit("/", 1)[-1] + "." + method


def main(path, top):
    loads = events(path, "jdk.CPULoad")
    span = 0.0
    if loads:
        stamps = sorted(e["values"]["startTime"] for e in loads)
        span = len(loads)  # one jdk.CPULoad a second in the profile settings
        user = sum(e["values"]["jvmUser"] for e in loads) / len(loads)
        system = sum(e["values"]["jvmSystem"] for e in loads) / len(loads)
        machine = sum(e["values"]["machineTotal"] for e in loads) / len(loads)
        print(f"CPU (jdk.CPULoad, mean of {len(loads)} one-second samples, share of all cores): node JVM "
              f"{100 * (user + system):.0f}% (user {100 * user:.0f}%, system {100 * system:.0f}%), "
              f"whole machine {100 * machine:.0f}%")
        print()
    parks = events(path, "jdk.ThreadPark")
    by_site = collections.Counter()
    count = collections.Counter()
    lock_of = {}
    idle = 0.0
    for e in parks:
        stack = frames(e)
        if any(f.startswith(IDLE) for f in stack):
            idle += seconds(e["values"]["duration"])
            continue
        site = first_outside(stack, ("jdk/internal/misc/Unsafe", "java/util/concurrent/"))
        # the site's caller shows which DynamoDB Local operation wanted the lock
        idx = stack.index(site) if site in stack else 0
        caller = stack[idx + 1] if idx + 1 < len(stack) else ""
        key = (short(site), short(caller) if caller else "")
        by_site[key] += seconds(e["values"]["duration"])
        count[key] += 1
        lock_of[key] = (e["values"].get("parkedClass") or {}).get("name", "?").rsplit("/", 1)[-1]
    total = sum(by_site.values())
    print(f"Thread parks (jdk.ThreadPark over the profile's 10 ms threshold) of busy threads: "
          f"{sum(count.values())} events, {total:.1f} thread-seconds parked over {span:.1f} s of recording "
          f"(idle pool threads waiting for work, {idle:.1f} thread-s, left out)")
    print()
    print("| parked in | called from | lock class | events | thread-s | share |")
    print("|---|---|---|---:|---:|---:|")
    for key, secs in by_site.most_common(top):
        print(f"| {key[0]} | {key[1]} | {lock_of[key]} | {count[key]} | {secs:.1f} | {100 * secs / total:.0f}% |")
    print()

    samples = events(path, "jdk.ExecutionSample,jdk.NativeMethodSample")
    layers = collections.Counter()
    engine = 0
    tops = collections.Counter()
    running = 0
    for e in samples:
        stack = frames(e)
        if e["type"] == "jdk.NativeMethodSample" and stack and stack[0].startswith(
                ("sun/nio/ch/", "java/net/", "jdk/internal/misc/Unsafe.park", "sun/nio/fs")):
            continue  # a thread blocked in a socket or park, not running
        running += 1
        layers[layer(stack)] += 1
        engine += any(f.startswith(ENGINE) for f in stack)
        tops[short(stack[0]) if stack else "?"] += 1
    print(f"CPU samples (jdk.ExecutionSample + jdk.NativeMethodSample, socket waits left out): {running}")
    print()
    print(f"Samples with DynamoDB Local (or SQLite) anywhere on the stack: {engine} "
          f"({100 * engine / max(running, 1):.0f}%); the rest is the runner, handlers, SDK client and JSON.")
    print()
    print("| layer (innermost named frame) | samples | share |")
    print("|---|---:|---:|")
    for name, n in layers.most_common():
        print(f"| {name} | {n} | {100 * n / max(running, 1):.0f}% |")
    print()
    print("| top frame | samples |")
    print("|---|---:|")
    for name, n in tops.most_common(top):
        print(f"| {name} | {n} |")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 8)
