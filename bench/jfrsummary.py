#!/usr/bin/env python3
"""Summarises a JFR recording of the node under POST load: where request threads wait and run.

  jfrsummary.py RECORDING.jfr [TOP]

Reads `jfr print --json` of jdk.ThreadPark and jdk.JavaMonitorEnter (time blocked, by the lock and
the first frame outside java.util.concurrent), jdk.SocketRead (time waiting for a peer, by remote
port: the node's Dynoxide engine is another process, reached over loopback HTTP) and of
jdk.ExecutionSample (CPU samples, by the first frame in a layer we can name). Only the JVM is recorded: the engine's own CPU is not in JFR (bench/profile-post.sh
measures it from /proc). Prints Markdown tables.
"""
import collections
import json
import subprocess
import sys

# the first frame (innermost first) that matches a prefix names the layer a sample belongs to
LAYERS = [
    ("software/amazon/awssdk/http/urlconnection", "SDK HTTP client (UrlConnectionHttpClient)"),
    ("sun/net/www/", "JDK HttpURLConnection (the SDK's transport)"),
    ("software/amazon/awssdk/thirdparty/jackson", "SDK JSON (shaded Jackson)"),
    ("software/amazon/awssdk/protocols/json", "SDK JSON marshalling"),
    ("software/amazon/awssdk/auth", "SDK request signing (SigV4)"),
    ("software/amazon/awssdk/http/auth", "SDK request signing (SigV4)"),
    ("software/amazon/awssdk", "AWS SDK: other (pipeline, interceptors, model)"),
    ("sun/security", "JDK crypto (SigV4 HMAC, SHA-256)"),
    ("com/sun/crypto", "JDK crypto (SigV4 HMAC, SHA-256)"),
    ("javax/crypto", "JDK crypto (SigV4 HMAC, SHA-256)"),
    ("com/fasterxml/jackson", "Jackson (our JSON)"),
    ("dev/lambdachain/local", "local runner (API Gateway emulation)"),
    ("dev/lambdachain", "lambdachain handlers and store"),
    ("sun/net/httpserver", "JDK HTTP server (local runner)"),
    ("sun/nio/ch", "JDK sockets"),
    ("java/net", "JDK sockets"),
]


IDLE = ("java/util/concurrent/ThreadPoolExecutor.getTask", "java/util/concurrent/ScheduledThreadPoolExecutor")


SDK = ("software/amazon/awssdk",)


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


def blocked(path, kind, label, span, top):
    by_site = collections.Counter()
    count = collections.Counter()
    lock_of = {}
    idle = 0.0
    for e in events(path, kind):
        stack = frames(e)
        if any(f.startswith(IDLE) for f in stack):
            idle += seconds(e["values"]["duration"])
            continue
        site = first_outside(stack, ("jdk/internal/misc/Unsafe", "java/util/concurrent/"))
        # the site's caller shows which operation wanted the lock
        idx = stack.index(site) if site in stack else 0
        caller = stack[idx + 1] if idx + 1 < len(stack) else ""
        key = (short(site), short(caller) if caller else "")
        by_site[key] += seconds(e["values"]["duration"])
        count[key] += 1
        cls = e["values"].get("parkedClass") or e["values"].get("monitorClass") or {}
        lock_of[key] = cls.get("name", "?").rsplit("/", 1)[-1]
    total = sum(by_site.values())
    print(f"{label} over the profile's threshold) of busy threads: "
          f"{sum(count.values())} events, {total:.1f} thread-seconds over {span:.1f} s of recording "
          f"(idle pool threads waiting for work, {idle:.1f} thread-s, left out)")
    print()
    if not total:
        return
    print("| blocked in | called from | lock class | events | thread-s | share |")
    print("|---|---|---|---:|---:|---:|")
    for key, secs in by_site.most_common(top):
        print(f"| {key[0]} | {key[1]} | {lock_of[key]} | {count[key]} | {secs:.1f} | {100 * secs / total:.0f}% |")
    print()


def socket_reads(path, span, top):
    by_port = collections.Counter()
    count = collections.Counter()
    for e in events(path, "jdk.SocketRead"):
        v = e["values"]
        key = f"{v.get('address') or v.get('host')}:{v.get('port')}"
        by_port[key] += seconds(v["duration"])
        count[key] += 1
    total = sum(by_port.values())
    print(f"Socket reads over the profile's threshold (jdk.SocketRead, 10 ms with settings=profile): "
          f"{sum(count.values())} events, {total:.1f} thread-seconds over {span:.1f} s; by remote port (the "
          f"engine's port is the one the node was started with, the node's own listener shows as port 0)")
    print()
    if not total:
        return
    print("| remote | events | thread-s |")
    print("|---|---:|---:|")
    for key, secs in by_port.most_common(top):
        print(f"| {key} | {count[key]} | {secs:.1f} |")
    print()


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
    for kind, label in (("jdk.ThreadPark", "Thread parks (jdk.ThreadPark"),
                        ("jdk.JavaMonitorEnter", "Contended monitors (jdk.JavaMonitorEnter")):
        blocked(path, kind, label, span, top)
    socket_reads(path, span, top)

    samples = events(path, "jdk.ExecutionSample")
    layers = collections.Counter()
    engine = 0
    tops = collections.Counter()
    running = 0
    for e in samples:
        stack = frames(e)
        if e["type"] == "jdk.NativeMethodSample":
            # a thread in native code: here always blocked (socket reads, the Dynoxide watchdog's
            # waitFor, its log reader's read), not running; JFR cannot tell, so none is counted
            continue
        running += 1
        layers[layer(stack)] += 1
        engine += any(f.startswith(SDK) for f in stack)
        tops[short(stack[0]) if stack else "?"] += 1
    print(f"CPU samples (jdk.ExecutionSample: threads running Java code): {running}")
    print()
    print(f"Samples with the AWS SDK anywhere on the stack (the JVM's cost of one engine call): {engine} "
          f"({100 * engine / max(running, 1):.0f}%); the rest is the runner, the handlers and our JSON.")
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
