#!/usr/bin/env python3
"""Runs every command block of README.md in order, as a newcomer would paste them, and compares
the outputs the README states.

Usage: python3 scripts/readme-check.py [--here] [--quick] [--keep] [--block-timeout S]

  (default)  clones the repository's committed HEAD into a fresh temporary directory and runs there
  --here     runs in this checkout instead, on README.md as it is now (its a.key, data dirs, ... stay)
  --quick    leaves out the blocks marked `slow` (the whole test suite)
  --keep     keeps the temporary clone and its logs
  --block-timeout S   how long one block may run (default 1200 s: the first build waits in it)

The rules the README follows (README.md, "Checking this README", says the same):

* A command block is a fenced block whose info string starts with bash, sh or shell. Other fenced
  blocks (JSON, queries, pictures) are not run.
* Each command block runs in its own `bash` (so each block must be pasteable on its own: it sets its
  own variables), in the checkout's root, one block after another. A command whose exit status is
  not 0 fails the check.
* A command's stated output is a comment `# => TEXT` at the end of its line, or on comment lines
  right after it (several such lines are joined). The command's standard output must match TEXT,
  whitespace aside (JSON may be compact or pretty-printed, a long output may wrap over several
  `# =>` lines), where `...` in TEXT stands for any text (ids, hashes, timestamps: what varies from
  run to run). Other comments are not checked.
* An HTML comment on the line before a block's fence marks it:
    <!-- readme-check: skip REASON -->   not run (blocks that need an AWS account, SAM CLI or Docker)
    <!-- readme-check: slow -->          run unless --quick (the whole test suite)
    <!-- readme-check: background -->    the block keeps its terminal (a node in the foreground): it
                                         is started in the background with its output in a log,
                                         and stopped (as Ctrl-C) when the next background block
                                         starts or when the check ends
* Whatever the blocks leave running (`... &`) is stopped at the end: every block runs in a process
  group of its own.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

FENCE = re.compile(r"^(`{3,})\s*([^`\s]*)")
MARKER = re.compile(r"^<!--\s*readme-check:\s*(skip|slow|background)\b\s*(.*?)\s*-->\s*$")
COMMAND_LANGUAGES = {"bash", "sh", "shell"}
EXPECT = re.compile(r"(?:^|\s)# =>\s?(.*)$")
SEPARATOR = "@@readme-check@@"


class Block:
    def __init__(self, line, language, lines, marker, reason):
        self.line = line          # 1-based line number of the opening fence
        self.language = language
        self.lines = lines
        self.marker = marker      # None, "skip", "slow" or "background"
        self.reason = reason


def blocks_of(readme):
    """Every fenced block of the README with the readme-check marker on the line before its fence."""
    found = []
    lines = readme.splitlines()
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence, language = match.group(1), match.group(2).lower()
        previous = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
        mark = MARKER.match(previous.strip())
        body = []
        j = i + 1
        while j < len(lines) and not lines[j].startswith(fence):
            body.append(lines[j])
            j += 1
        found.append(Block(i + 1, language, body, mark.group(1) if mark else None, mark.group(2) if mark else ""))
        i = j + 1
    return found


def complete(text):
    """Whether `text` is one or more complete shell commands (bash -n parses it)."""
    if text.rstrip().endswith("\\"):
        return False
    return subprocess.run(["bash", "-n"], input=text, text=True, capture_output=True).returncode == 0


class Command:
    def __init__(self, text, first_line):
        self.text = text
        self.first_line = first_line
        self.expected = []


def commands_of(block):
    """The block's commands, each the smallest run of lines bash parses, with their `# =>` outputs."""
    commands = []
    pending = []
    start = 0
    for offset, line in enumerate(block.lines):
        number = block.line + 1 + offset
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            expectation = EXPECT.match(stripped)
            if expectation and commands and stripped.startswith("# =>"):
                commands[-1].expected.append(expectation.group(1))
            continue
        if not pending:
            start = number
        pending.append(line)
        text = "\n".join(pending)
        if complete(text):
            command = Command(text, start)
            for part in pending:
                expectation = EXPECT.search(part)
                if expectation:
                    command.expected.append(expectation.group(1))
            commands.append(command)
            pending = []
    if pending:
        raise SystemExit(f"README.md:{start}: this command does not parse as shell:\n" + "\n".join(pending))
    return commands


def squeeze(text):
    return " ".join(text.split())


def matches(expected, actual):
    """`actual` against the stated output: whitespace does not count, `...` is any text."""
    pattern = ".*?".join(re.escape("".join(part.split())) for part in expected.split("..."))
    return re.fullmatch(pattern, "".join(actual.split()), re.DOTALL) is not None


def group_alive(process):
    """Whether a process of the group still runs (zombies aside: an orphan that exited may wait long
    for a parent to reap it, and it holds nothing)."""
    process.poll()  # reaps the group's leader once it has exited
    if os.path.isdir("/proc"):
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z" and int(fields[2]) == process.pid:
                return True
        return False
    try:
        os.killpg(process.pid, 0)
        return True
    except ProcessLookupError:
        return False


def stop_groups(processes, grace=30):
    """SIGTERM to each process group (as Ctrl-C or closing the terminal would), all at once; SIGKILL
    to the groups still running after `grace` seconds."""
    for process in processes:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace
    for process in processes:
        while group_alive(process) and time.monotonic() < deadline:
            time.sleep(0.2)
        if group_alive(process):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass


def tail(path, lines=30):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


def run_block(block, commands, workdir, logs, timeout):
    """Runs one block's commands in one bash; returns None when all pass, else the failure text."""
    script = []
    for index, command in enumerate(commands):
        script.append(command.text)
        script.append(f"__status=$?; printf '\\n{SEPARATOR} {index} %s\\n' \"$__status\"; "
                      f"[ \"$__status\" -eq 0 ] || exit \"$__status\"")
    out_path = os.path.join(logs, f"block-{block.line}.out")
    err_path = os.path.join(logs, f"block-{block.line}.err")
    with open(out_path, "w") as out, open(err_path, "w") as err:
        process = subprocess.Popen(["bash", "-c", "\n".join(script)], cwd=workdir, stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            stop_groups([process])
            return (f"the block did not finish within {timeout} s\n--- stdout ---\n{tail(out_path)}"
                    f"--- stderr ---\n{tail(err_path)}"), process
    with open(out_path, encoding="utf-8", errors="replace") as f:
        output = f.read()
    parts = re.split(rf"\n{SEPARATOR} (\d+) (\d+)\n", output)
    # parts: [out0, index0, status0, out1, index1, status1, ..., rest]
    for k in range(0, len(parts) - 1, 3):
        index, status, text = int(parts[k + 1]), int(parts[k + 2]), parts[k]
        command = commands[index]
        if status != 0:
            return (f"README.md:{command.first_line}: exit status {status}:\n  {command.text}\n"
                    f"--- its output ---\n{text}\n--- the block's stderr ---\n{tail(err_path)}"), process
        if command.expected:
            expected = " ".join(command.expected)
            if not matches(expected, text):
                return (f"README.md:{command.first_line}: the output differs from the README's\n  {command.text}\n"
                        f"  README:   {squeeze(expected)}\n  actual:   {squeeze(text)}"), process
    ran = (len(parts) - 1) // 3
    if ran < len(commands):
        return (f"README.md:{commands[ran].first_line}: bash ended before this command "
                f"(exit status {process.returncode})\n--- stderr ---\n{tail(err_path)}"), process
    return None, process


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--here", action="store_true")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--block-timeout", type=int, default=1200)
    options = parser.parse_args()

    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                          cwd=os.path.dirname(os.path.abspath(__file__)), check=True).stdout.strip()
    scratch = tempfile.mkdtemp(prefix="readme-check-")
    logs = os.path.join(scratch, "logs")
    os.makedirs(logs)
    if options.here:
        workdir = root
    else:
        workdir = os.path.join(scratch, "lambdachain")
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", root, workdir], check=True)
        head = subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=workdir, capture_output=True,
                              text=True).stdout.strip()
        print(f"fresh clone of {root} at {head} in {workdir}")
    with open(os.path.join(workdir, "README.md"), encoding="utf-8") as f:
        blocks = blocks_of(f.read())

    started = []      # every block's process: their groups are stopped at the end
    foreground = None  # the block that keeps "the first terminal"
    foreground_log = None
    failure = None
    counts = {"ran": 0, "skipped": 0, "outputs": 0}
    try:
        for block in blocks:
            if block.language not in COMMAND_LANGUAGES:
                continue
            where = f"README.md:{block.line}"
            if block.marker == "skip" or (block.marker == "slow" and options.quick):
                reason = block.reason if block.marker == "skip" else "slow, left out by --quick"
                print(f"{where}: skipped ({reason})")
                counts["skipped"] += 1
                continue
            commands = commands_of(block)
            if block.marker == "background":
                if foreground is not None:
                    stop_groups([foreground])
                foreground_log = os.path.join(logs, f"block-{block.line}.log")
                with open(foreground_log, "w") as out:
                    foreground = subprocess.Popen(["bash", "-c", "\n".join(c.text for c in commands)], cwd=workdir,
                                                  stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                                  start_new_session=True)
                started.append(foreground)
                print(f"{where}: started in the background (it keeps its terminal; output in {foreground_log})")
                counts["ran"] += 1
                continue
            began = time.monotonic()
            failure, process = run_block(block, commands, workdir, logs, options.block_timeout)
            started.append(process)
            if failure:
                if foreground_log is not None:
                    failure += f"\n--- the background block's log ---\n{tail(foreground_log)}"
                break
            checked = sum(1 for c in commands if c.expected)
            counts["ran"] += 1
            counts["outputs"] += checked
            print(f"{where}: {len(commands)} commands passed, {checked} stated outputs matched "
                  f"({time.monotonic() - began:.0f} s)")
    finally:
        stop_groups(started)
        if options.keep or failure:
            print(f"kept for a look: {scratch} (logs in {logs})")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    if failure:
        print(f"FAILED {failure}", file=sys.stderr)
        return 1
    print(f"README check passed: {counts['ran']} blocks run, {counts['outputs']} stated outputs matched, "
          f"{counts['skipped']} blocks skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
