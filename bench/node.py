#!/usr/bin/env python3
"""A keep-alive client for one local node, used by the benchmark scripts.

As a command:
  node.py wait URL [SECONDS]                 until GET /info answers
  node.py mine-to URL HEIGHT                 GET /mine until the chain is HEIGHT blocks high
  node.py fund URL PREFIX COUNT AMOUNT       genesis pays AMOUNT to PREFIX00..PREFIX{COUNT-1}, mined
  node.py drain URL                          GET /mine until the mempool is empty
  node.py verify URL TAG IDS_DIR IN_FLIGHT   every id in IDS_DIR/*.txt confirmed exactly once (see verify)
  node.py validate URL                       /validate is valid and covered the whole chain
  node.py mine-for URL SECONDS               GET /mine in a loop for SECONDS; prints JSON totals
  node.py post-files URL FILE...             one thread per FILE POSTs its JSON lines in order
Only loopback URLs are accepted.
"""
import glob
import http.client
import json
import os
import sys
import time
import urllib.parse

class Node:
    """One persistent HTTP/1.1 connection to a node on 127.0.0.1."""

    def __init__(self, url, timeout=120):
        parsed = urllib.parse.urlparse(url)
        if parsed.hostname not in ("127.0.0.1", "localhost"):
            raise SystemExit(f"refusing a non-loopback node: {url}")
        self.host, self.port, self.timeout = parsed.hostname, parsed.port, timeout
        self.conn = None

    def call(self, method, path, body=None):
        """(status, parsed JSON body); reconnects once if the connection was dropped."""
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if data is not None else {}
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                raw = response.read()
                return response.status, (json.loads(raw) if raw else None)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt == 2 or method != "GET":
                    raise

    def get(self, path):
        return self.call("GET", path)

    def info(self):
        status, body = self.get("/info")
        if status != 200:
            raise RuntimeError(f"GET /info answered {status}: {body}")
        return body

    def mine(self):
        """One GET /mine; returns the status (200, or 409/503 when the caller should retry)."""
        status, body = self.get("/mine")
        if status not in (200, 409, 503):
            raise RuntimeError(f"GET /mine answered {status}: {body}")
        return status

    def mine_to(self, height):
        mined = 0
        while self.info()["height"] < height:
            if self.mine() == 200:
                mined += 1
        return mined

    def drain(self):
        """Mines until the mempool is empty; returns the number of blocks mined. GET /info is asked
        after every block (its block limit differs between builds); the guard is against a node
        that stops making progress (no block with a transaction in 50 calls in a row), not a
        budget computed from the backlog."""
        info = self.info()
        pending = info["mempool"]
        mined = stalled = 0
        while pending > 0:
            if stalled >= 50:
                raise RuntimeError(f"mempool still holds {pending}{'+' if info.get('mempool_at_least') else ''} "
                                   f"transactions after 50 calls without progress")
            status, body = self.get("/mine")
            if status == 200:
                mined += 1
                count = len(body["block"]["transactions"])
                stalled = 0 if count > 1 else stalled + 1
                info = self.info()
                pending = info["mempool"]
            elif status in (409, 503):
                stalled += 1
            else:
                raise RuntimeError(f"GET /mine answered {status}: {body}")
        return mined

    def pay(self, sender, recipient, amount):
        status, body = self.call("POST", "/transactions/new",
                                 {"sender": sender, "recipient": recipient, "amount": amount})
        if status != 201:
            raise RuntimeError(f"{sender} -> {recipient} {amount}: {status} {body}")
        return body["transaction"]["id"]

    def fund(self, prefix, count, amount, first=0):
        """genesis pays each of PREFIX{first}.. once; mined before returning. Returns the funding ids."""
        ids = [self.pay("genesis", f"{prefix}{i:02d}", amount) for i in range(first, first + count)]
        self.drain()
        return ids

    def blocks(self):
        """Every main-chain block, oldest first, in pages of 500."""
        start = 0
        while start is not None:
            status, body = self.get(f"/chain?from={start}&limit=500")
            if status != 200:
                raise RuntimeError(f"GET /chain?from={start} answered {status}: {body}")
            yield from body["chain"]
            start = body.get("next")

    def valid(self):
        """(True, body) when /validate says valid AND replayed the whole chain: its length must be
        the head's. (It stops early when DynamoDB cuts a page of blocks at 1 MB; see BENCHMARKS.md.)"""
        status, body = self.get("/validate")
        length = self.info()["length"]
        body = dict(body or {}, chain_length=length)
        return status == 200 and body.get("valid") is True and body.get("length") == length, body


    def mine_for(self, seconds):
        """GET /mine until SECONDS have passed (the call under way is finished). Returns the blocks
        mined, the transactions they confirmed (coinbase not counted), the other answers."""
        end = time.time() + seconds
        blocks = confirmed = busy = 0
        while time.time() < end:
            status, body = self.get("/mine")
            if status == 200:
                blocks += 1
                confirmed += len(body["block"]["transactions"]) - 1
            elif status in (409, 503):
                busy += 1
            else:
                raise RuntimeError(f"GET /mine answered {status}: {body}")
        return {"blocks": blocks, "confirmed": confirmed, "busy": busy}


def post_files(url, files):
    """One thread per file, each POSTing its lines (JSON bodies) in order on its own connection, as
    one sender's wallet would (a signed sender's sequences must arrive in order). Returns
    (statuses counted, seconds, accepted ids)."""
    import threading
    counts, ids, lock = {}, [], threading.Lock()

    def run(name):
        node = Node(url)
        with open(name) as f:
            for line in f:
                status, body = node.call("POST", "/transactions/new", json.loads(line))
                with lock:
                    counts[status] = counts.get(status, 0) + 1
                    if status == 201:
                        ids.append(body["transaction"]["id"])
    started = time.time()
    threads = [threading.Thread(target=run, args=(name,)) for name in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counts, time.time() - started, ids


def read_ids(ids_dir):
    ids = []
    for name in sorted(glob.glob(os.path.join(ids_dir, "*.txt"))):
        with open(name) as f:
            ids.extend(line.strip() for line in f if line.strip())
    return ids


def verify(node, tag, ids_dir, in_flight):
    """Every transaction wrk saw accepted (its ids in IDS_DIR) is in the chain exactly once; the
    chain holds no other transaction to a TAG- recipient except at most IN_FLIGHT that were still
    in flight when wrk stopped (wrk drops those responses unread)."""
    accepted = read_ids(ids_dir)
    seen = {}
    tagged = set()
    blocks = 0
    for block in node.blocks():
        blocks += 1
        for tx in block["transactions"]:
            seen[tx["id"]] = seen.get(tx["id"], 0) + 1
            if tx["recipient"].startswith(tag + "-"):
                tagged.add(tx["id"])
    duplicates = sum(1 for n in seen.values() if n > 1)
    missing = [i for i in accepted if seen.get(i, 0) == 0]
    repeated_accepts = len(accepted) - len(set(accepted))
    unanswered = len(tagged - set(accepted))
    ok = not missing and duplicates == 0 and repeated_accepts == 0 and unanswered <= in_flight
    print(f"verify {tag}: blocks {blocks}, accepted (201 ids) {len(accepted)}, in chain {len(tagged)}, "
          f"missing {len(missing)}, confirmed twice {duplicates}, id answered twice {repeated_accepts}, "
          f"in chain but unanswered at wrk's cut-off {unanswered} (allowed <= {in_flight}): "
          f"{'PASS' if ok else 'FAIL'}")
    return ok


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    command, node = argv[1], Node(argv[2])
    if command == "wait":
        deadline = time.time() + (float(argv[3]) if len(argv) > 3 else 60)
        while True:
            try:
                node.info()
                return 0
            except (OSError, http.client.HTTPException):
                node.conn = None
                if time.time() > deadline:
                    raise SystemExit(f"node {argv[2]} did not answer")
                time.sleep(0.2)
    if command == "mine-to":
        print(f"mined {node.mine_to(int(argv[3]))} blocks; height {node.info()['height']}")
    elif command == "fund":
        node.fund(argv[3], int(argv[4]), int(argv[5]))
        print(f"funded {argv[4]} accounts {argv[3]}00.. with {argv[5]} each; height {node.info()['height']}")
    elif command == "drain":
        t = time.time()
        print(f"drained the mempool in {node.drain()} blocks, {time.time() - t:.1f} s; "
              f"height {node.info()['height']}")
    elif command == "validate":
        ok, body = node.valid()
        print(f"validate: /validate {body}: {'PASS' if ok else 'FAIL'}")
        return 0 if ok else 1
    elif command == "mine-for":
        print(json.dumps(node.mine_for(float(argv[3]))))
    elif command == "post-files":
        counts, seconds, ids = post_files(argv[2], argv[3:])
        print(json.dumps({"statuses": counts, "seconds": round(seconds, 2), "accepted": len(ids)}))
    elif command == "verify":
        return 0 if verify(node, argv[3], argv[4], int(argv[5])) else 1
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
