#!/usr/bin/env python3
"""Signed transactions for the benchmarks, made outside the node (docs/PROTOCOL.md "Transaction
bytes, version 2", "Addresses"): Ed25519 through Python's `cryptography`, Base58Check addresses,
the v2 bytes. Checks itself against the protocol's pinned vector before it makes anything.

As a command:
  signed.py check                             the pinned vector (exit 1 if it does not match)
  signed.py address LABEL                     the address of the key whose seed is SHA-256(LABEL)
  signed.py bodies GENESIS SENDER_LABEL FIRST_SEQ COUNT AMOUNT TO_PREFIX TO_COUNT OUT
      COUNT POST bodies from key SHA-256(SENDER_LABEL), sequences FIRST_SEQ.., AMOUNT each, to
      the TO_COUNT keys TO_PREFIX-0, TO_PREFIX-1, ... in turn; one JSON body per line in OUT
Keys are derived from labels so every run (and both builds of a side-by-side run) uses the same.
"""
import hashlib
import json
import struct
import sys
import time

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
VERSION_BYTE = 0x4C


def base58(data):
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = ALPHABET[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def address(public_key):
    payload = bytes([VERSION_BYTE]) + hashlib.sha256(public_key).digest()
    checksum = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return base58(payload + checksum)


class Key:
    def __init__(self, seed):
        self.private = Ed25519PrivateKey.from_private_bytes(seed)
        self.public = self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.address = address(self.public)

    @staticmethod
    def of(label):
        return Key(hashlib.sha256(label.encode()).digest())


def text(s):
    b = s.encode()
    return struct.pack(">H", len(b)) + b


def v2_bytes(genesis, sender, recipient, amount, timestamp, sequence, public_key):
    return (b"\x02" + bytes.fromhex(genesis) + text(sender) + text(recipient)
            + struct.pack(">qqq", amount, timestamp, sequence) + public_key)


def body(key, genesis, recipient, amount, timestamp, sequence):
    message = v2_bytes(genesis, key.address, recipient, amount, timestamp, sequence, key.public)
    return {"sender": key.address, "recipient": recipient, "amount": amount, "timestamp": timestamp,
            "sequence": sequence, "public_key": key.public.hex(), "signature": key.private.sign(message).hex()}


def check():
    """The pinned vector of docs/PROTOCOL.md; raises if this module disagrees with it."""
    key = Key(bytes(range(32)))
    genesis = "6d9ad42a9ab2177197765f8ab3a18d778c16f0309526125acccf238d39812e02"
    recipient = "3ZB73rKyABvdwXtiev9tk7Mu2HzmxzzYFeYinLqozPYjPEbmEB4"
    b = body(key, genesis, recipient, 25, 1700000001000, 0)
    message = v2_bytes(genesis, key.address, recipient, 25, 1700000001000, 0, key.public)
    assert key.address == "3ZPaHLCb7sagPzsEUfmRpCswStGN2UMwbtgvxu5trLVZ8Bz995H", key.address
    assert hashlib.sha256(message).hexdigest() == "53a55b38fed4d3648c8d2d85999f90611c5208345f4e6fa68e3087a9e03365c8"
    assert b["signature"] == ("0bfa1a63a854e63ce0725366309c879e3adf3229555c4614b5130dc4281abc58"
                              "f8c110d4d454e550c66daac60e2823fd0dda54cb3f6d07b0b9bef1253b8cbb01"), b["signature"]


def main(argv):
    check()
    if len(argv) < 2 or argv[1] == "check":
        print("pinned vector: PASS")
    elif argv[1] == "address":
        print(Key.of(argv[2]).address)
    elif argv[1] == "bodies":
        genesis, label, first, count, amount, prefix, recipients, out = argv[2:10]
        key = Key.of(label)
        to = [Key.of(f"{prefix}-{i}").address for i in range(int(recipients))]
        now = int(time.time() * 1000)
        with open(out, "w") as f:
            for i in range(int(count)):
                f.write(json.dumps(body(key, genesis, to[i % len(to)], int(amount), now, int(first) + i),
                                   separators=(",", ":")) + "\n")
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
