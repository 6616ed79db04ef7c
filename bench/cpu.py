#!/usr/bin/env python3
"""CPU used by one process and by the whole machine between two snapshots (from /proc).

  cpu.py snapshot PID           prints one line: process ticks, machine busy ticks, machine total ticks, time
  cpu.py since PID "SNAPSHOT"   prints "CPU node_cores=X machine_busy=Y%" for the interval
  cpu.py busy SECONDS           how busy the machine is (other people's work) before a measurement
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
    elif len(argv) == 4 and argv[1] == "since":
        before = [float(x) for x in argv[3].split()]
        after = snapshot(int(argv[2]))
        wall = after[3] - before[3]
        node_cores = (after[0] - before[0]) / TICKS / wall
        busy = (after[1] - before[1]) / max(after[2] - before[2], 1)
        print(f"CPU node_cores={node_cores:.2f} machine_busy={100 * busy:.0f}%")
    elif len(argv) == 3 and argv[1] == "busy":
        before = snapshot(os.getpid())
        time.sleep(float(argv[2]))
        after = snapshot(os.getpid())
        busy = (after[1] - before[1]) / max(after[2] - before[2], 1)
        print(f"machine busy before the run: {100 * busy:.0f}% of {os.cpu_count()} cores over {argv[2]} s "
              f"(load average {open('/proc/loadavg').read().split()[0]})")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
