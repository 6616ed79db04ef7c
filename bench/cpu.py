#!/usr/bin/env python3
"""CPU used by one node (its JVM plus its Dynoxide engine, a child process) and by the whole
machine between two snapshots (from /proc).

  cpu.py snapshot PID           prints one line: JVM ticks, engine ticks (every descendant of PID:
                                the watchdog shell and the dynoxide server it starts), machine busy
                                ticks, machine total ticks, time
  cpu.py since PID "SNAPSHOT" [CLIENT_CPU_SECONDS]
                                prints "CPU node_cores=X jvm_cores=J engine_cores=E machine_busy=Y%
                                client_cores=C others_cores=Z" for the interval; node = JVM + engine,
                                others = machine busy - node - client (the load generator)
  cpu.py quiet MAX_SECONDS [WINDOW]
                                waits (at most MAX_SECONDS) for a WINDOW (2 s) in which the machine is
                                under 25% busy, since other people's work skews every figure
A node started with --dynamodb URL has no engine child: the shared server's CPU then counts as
others' unless its pid is given with ENGINE_PID=... in the environment.
"""
import os
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def ticks(pid):
    """utime + stime of one process (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)


def children(pid):
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return found


def descendants(pid):
    out, todo = [], children(pid)
    while todo:
        child = todo.pop()
        out.append(child)
        todo.extend(children(child))
    return out


def engine_pids(pid):
    extra = [int(p) for p in os.environ.get("ENGINE_PID", "").split() if p]
    return descendants(pid) + extra


def snapshot(pid):
    process = ticks(pid)
    engine = sum(ticks(p) for p in engine_pids(pid))
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    idle = cpu[3] + cpu[4]  # idle + iowait
    return process, engine, sum(cpu) - idle, sum(cpu), time.monotonic()


def since(pid, before, client_seconds=None):
    """The "CPU ..." line for the interval since BEFORE (a snapshot tuple)."""
    after = snapshot(pid)
    wall = after[4] - before[4]
    jvm_cores = (after[0] - before[0]) / TICKS / wall
    engine_cores = (after[1] - before[1]) / TICKS / wall
    node_cores = jvm_cores + engine_cores
    busy = (after[2] - before[2]) / max(after[3] - before[3], 1)
    line = (f"CPU node_cores={node_cores:.2f} jvm_cores={jvm_cores:.2f} engine_cores={engine_cores:.2f} "
            f"machine_busy={100 * busy:.0f}%")
    if client_seconds is not None:
        client_cores = float(client_seconds) / wall
        others = busy * os.cpu_count() - node_cores - client_cores
        line += f" client_cores={client_cores:.2f} others_cores={max(others, 0):.2f}"
    return line


def main(argv):
    if len(argv) == 3 and argv[1] == "snapshot":
        print(*snapshot(int(argv[2])))
    elif len(argv) in (4, 5) and argv[1] == "since":
        before = [float(x) for x in argv[3].split()]
        print(since(int(argv[2]), before, argv[4] if len(argv) == 5 else None))
    elif len(argv) in (3, 4) and argv[1] == "quiet":
        window = float(argv[3]) if len(argv) == 4 else 2.0
        waited = time.monotonic()
        deadline = waited + float(argv[2])
        while True:
            before = snapshot(os.getpid())
            time.sleep(window)
            after = snapshot(os.getpid())
            busy = (after[2] - before[2]) / max(after[3] - before[3], 1)
            if busy < 0.25 or time.monotonic() > deadline:
                break
        print(f"machine busy before the run: {100 * busy:.0f}% of {os.cpu_count()} cores "
              f"({'quiet' if busy < 0.25 else 'NOT quiet, gave up waiting'} after "
              f"{time.monotonic() - waited:.0f} s)", file=sys.stderr)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
