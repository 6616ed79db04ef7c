#!/usr/bin/env python3
"""Concurrency check (issue 8): CALLERS threads for SECONDS against one node, one caller in
MINE_EVERY looping GET /mine and the others POSTing /transactions/new from pre-funded senders
(random sender, random amount 1..20, unique recipient). Half the senders are rich (--fund-rich,
never run dry), half poor (--fund-poor, run dry within seconds, so concurrent spends race for
their last coins and the losers get 422). Then: no 5xx, /validate true over the whole chain, the
mempool mined empty, every 201 confirmed exactly once, nothing else in the chain but coinbases and
the funding, every sender's balance exactly its funding minus what it was accepted to send, supply
conserved.

  concurrency.py URL [--callers 32] [--seconds 30] [--mine-every 8] [--senders 16]
                     [--fund-rich 40000] [--fund-poor 300]
Exits 1 on FAIL.
"""
import argparse
import collections
import http.client
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from node import Node  # noqa: E402
import cpu  # noqa: E402

MAX_AMOUNT = 20


class Tally:
    """Everything the callers saw, behind one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.post = collections.Counter()
        self.mine = collections.Counter()
        self.accepted = {}  # id -> (sender, amount)
        self.errors = []  # 5xx bodies, transport errors: outcomes nobody knows

    def add(self, kind, status, detail=None):
        with self.lock:
            (self.post if kind == "post" else self.mine)[status] += 1
            if status >= 500 or status < 0:
                self.errors.append(f"{kind} {status} {detail}")


def poster(url, index, senders, deadline, tally, seed):
    rng = random.Random(seed)
    node = Node(url, timeout=60)
    n = 0
    while time.monotonic() < deadline:
        n += 1
        sender, amount = rng.choice(senders), rng.randint(1, MAX_AMOUNT)
        body = {"sender": sender, "recipient": f"c{index}-{n}", "amount": amount}
        try:
            status, reply = node.call("POST", "/transactions/new", body)
        except (OSError, http.client.HTTPException) as e:
            tally.add("post", -1, repr(e))  # unknown outcome: the check below cannot pass
            node.conn = None
            continue
        if status == 201:
            with tally.lock:
                tally.accepted[reply["transaction"]["id"]] = (sender, amount)
        tally.add("post", status, reply)


def miner(url, deadline, tally):
    node = Node(url, timeout=60)
    while time.monotonic() < deadline:
        try:
            status, reply = node.get("/mine")
        except (OSError, http.client.HTTPException) as e:
            tally.add("mine", -1, repr(e))
            node.conn = None
            continue
        tally.add("mine", status, reply if status != 200 else None)


def check(name, ok, failures, detail=""):
    print(f"  {'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}")
    if not ok:
        failures.append(name)


def main():
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("url")
    args.add_argument("--callers", type=int, default=32)
    args.add_argument("--seconds", type=float, default=30)
    args.add_argument("--mine-every", type=int, default=8)
    args.add_argument("--senders", type=int, default=16)
    args.add_argument("--fund-rich", type=int, default=40000)
    args.add_argument("--fund-poor", type=int, default=300)
    args.add_argument("--seed", type=int, default=8)
    args.add_argument("--node-pid", type=int, help="to report the node's CPU (JVM + Dynoxide) during the run")
    a = args.parse_args()

    node = Node(a.url)
    info = node.info()
    rich = a.senders // 2
    senders = [f"conc{i:02d}" for i in range(a.senders)]
    funded = {s: (a.fund_rich if i < rich else a.fund_poor) for i, s in enumerate(senders)}
    funding = set(node.fund("conc", rich, a.fund_rich)) | set(node.fund("conc", a.senders - rich, a.fund_poor, rich))
    start_height = node.info()["height"]
    print(f"funded {rich} senders with {a.fund_rich} and {a.senders - rich} with {a.fund_poor} "
          f"(difficulty {info['difficulty']}); height {start_height}; {a.callers} callers for {a.seconds:.0f} s, "
          f"1 in {a.mine_every} mining")

    tally = Tally()
    deadline = time.monotonic() + a.seconds
    threads = []
    for i in range(a.callers):
        if i % a.mine_every == 0:
            t = threading.Thread(target=miner, args=(a.url, deadline, tally))
        else:
            t = threading.Thread(target=poster, args=(a.url, i, senders, deadline, tally, a.seed * 1000 + i))
        threads.append(t)
    cpu_before = cpu.snapshot(a.node_pid or os.getpid())
    client_before = sum(os.times()[:2])
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    duration = time.monotonic() - started
    client_cores = (sum(os.times()[:2]) - client_before) / duration
    # node = its JVM + its Dynoxide engine (a child process); see bench/cpu.py
    cpu_line = cpu.since(a.node_pid, cpu_before, client_cores * duration) if a.node_pid else "CPU node not given"
    after_run = node.info()

    failures = []
    mined = tally.mine[200]
    print(f"duration {duration:.1f} s; POST: {sum(tally.post.values())} calls, accepted (201) {tally.post[201]} "
          f"({tally.post[201] / duration:.0f}/s), 409 {tally.post[409]}, 422 {tally.post[422]}, "
          f"other {sum(n for s, n in tally.post.items() if s not in (201, 409, 422))}; "
          f"GET /mine: {sum(tally.mine.values())} calls, mined blocks (200) {mined}, 409 {tally.mine[409]}, "
          f"other {sum(n for s, n in tally.mine.items() if s not in (200, 409))}; "
          f"mempool after the run {after_run['mempool']}")
    print(f"CPU during the run ({os.cpu_count()} cores; client = this script): {cpu_line}")
    print("checks:")
    check("no 5xx and no transport errors", not tally.errors, failures,
          f"{len(tally.errors)}: {tally.errors[:3]}" if tally.errors else "")
    check("every POST answered 201 or 422", set(tally.post) <= {201, 422}, failures, str(dict(tally.post)))
    check("chain grew by exactly the blocks /mine answered 200 for",
          after_run["height"] == start_height + mined, failures,
          f"height {start_height} -> {after_run['height']}, {mined} blocks mined")
    valid, body = node.valid()
    check("/validate after the run (valid, whole chain)", valid, failures, str(body))
    t = time.monotonic()
    drained = node.drain()
    print(f"  drained the mempool in {drained} blocks ({time.monotonic() - t:.1f} s)")
    valid, body = node.valid()
    check("/validate after draining (valid, whole chain)", valid, failures, str(body))

    seen = collections.Counter()
    coinbases = 0
    for block in node.blocks():
        for tx in block["transactions"]:
            if tx["sender"] == "coinbase":
                coinbases += 1
            else:
                seen[tx["id"]] += 1
    accepted = set(tally.accepted)
    twice = [i for i, n in seen.items() if n > 1]
    missing = accepted - set(seen)
    unexpected = set(seen) - accepted - funding
    check("every accepted transaction confirmed exactly once", not missing and not (set(twice) & accepted),
          failures, f"{len(accepted)} accepted, {len(missing)} missing, {len(set(twice) & accepted)} twice")
    check("no transaction confirmed twice", not twice, failures, f"{len(twice)}" if twice else "")
    check("nothing in the chain but coinbases, funding and accepted transactions", not unexpected, failures,
          f"{len(unexpected)} unexpected" if unexpected else f"{coinbases} coinbases, {len(funding)} funding")
    for missing_id in list(missing)[:3]:
        print(f"    {missing_id}: {node.get('/transactions/' + missing_id)}")

    spent = collections.Counter()
    for sender, amount in tally.accepted.values():
        spent[sender] += amount
    wrong = []
    for sender in senders:
        status, b = node.get(f"/balance/{sender}")
        expected = funded[sender] - spent[sender]
        if status != 200 or b["balance"] != expected or b["pending_outgoing"] != 0 or b["balance"] < 0:
            wrong.append(f"{sender}: {b}, expected balance {expected}")
    check("each sender's balance = funding - accepted spends, nothing pending, none negative", not wrong, failures,
          "; ".join(wrong[:3]) if wrong else
          f"rich spent {sum(spent[s] for s in senders[:rich])} of {a.fund_rich * rich}, "
          f"poor {sum(spent[s] for s in senders[rich:])} of {a.fund_poor * (a.senders - rich)}")
    total, after = 0, ""
    while True:
        status, page = node.get("/wallets?limit=1000" + (f"&after={after}" if after else ""))
        total += sum(w["balance"] for w in page["wallets"])
        if not page.get("next"):
            break
        after = page["next"]
    height = node.info()["height"]
    supply = 1_000_000 + info["reward"] * height
    check("supply conserved (sum of wallets = genesis supply + reward x height)", total == supply, failures,
          f"{total} vs {supply}")
    print(f"RESULT callers={a.callers} seconds={duration:.1f} accepted={tally.post[201]} post409={tally.post[409]} "
          f"post422={tally.post[422]} mine200={mined} mine409={tally.mine[409]} drained_blocks={drained} "
          f"5xx_or_errors={len(tally.errors)}: {'PASS' if not failures else 'FAIL ' + ', '.join(failures)}")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
