#!/usr/bin/env python3
"""CPU used by one process and by the whole machine between two snapshots (from /proc).

  cpu.py snapshot PID           prints one line: process ticks, machine busy ticks, machine total ticks, time
  cpu.py since PID "SNAPSHOT" [CLIENT_CPU_SECONDS]
                                prints "CPU node_cores=X machine_busy=Y% others_cores=Z" for the
                                interval; others = machine busy - node - client (the load generator)
  cpu.py quiet MAX_SECONDS [WINDOW]
                                waits (at most MAX_SECONDS) for a WINDOW (2 s) in which the machine is
                                under 25% busy, since other people's work skews every figure
"""
import os
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def snapshot(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    process = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    idle = cpu[3] + cpu[4]  # idle + iowait
    return process, sum(cpu) - idle, sum(cpu), time.monotonic()


def main(argv):
    if len(argv) == 3 and argv[1] == "snapshot":
        print(*snapshot(int(argv[2])))
    elif len(argv) in (4, 5) and argv[1] == "since":
        before = [float(x) for x in argv[3].split()]
        after = snapshot(int(argv[2]))
        wall = after[3] - before[3]
        node_cores = (after[0] - before[0]) / TICKS / wall
        busy = (after[1] - before[1]) / max(after[2] - before[2], 1)
        line = f"CPU node_cores={node_cores:.2f} machine_busy={100 * busy:.0f}%"
        if len(argv) == 5:
            client_cores = float(argv[4]) / wall
            others = busy * os.cpu_count() - node_cores - client_cores
            line += f" client_cores={client_cores:.2f} others_cores={max(others, 0):.2f}"
        print(line)
    elif len(argv) in (3, 4) and argv[1] == "quiet":
        window = float(argv[3]) if len(argv) == 4 else 2.0
        waited = time.monotonic()
        deadline = waited + float(argv[2])
        while True:
            before = snapshot(os.getpid())
            time.sleep(window)
            after = snapshot(os.getpid())
            busy = (after[1] - before[1]) / max(after[2] - before[2], 1)
            if busy < 0.25 or time.monotonic() > deadline:
                break
        print(f"machine busy before the run: {100 * busy:.0f}% of {os.cpu_count()} cores "
              f"({'quiet' if busy < 0.25 else 'NOT quiet, gave up waiting'} after "
              f"{time.monotonic() - waited:.0f} s)", file=sys.stderr)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
