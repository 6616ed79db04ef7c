/*
 * The protocol's bytes in the browser, exactly as docs/PROTOCOL.md writes them down ("Addresses",
 * "Transaction bytes, version 2"): the page's only copy of the encoding. ExplorerPageIT checks these
 * functions against the Java-pinned vectors (support/SignedVector) and Bitcoin's Base58 vectors.
 */
/** Bytes of an even number of hex digits; throws for anything else. */
export function hexToBytes(hex) {
  if (typeof hex !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(hex)) {
    throw new Error('not an even number of hex digits');
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  }
  return bytes;
}

/** Lower-case hex of {@code bytes}. */
export function bytesToHex(bytes) {
  return Array.from(new Uint8Array(bytes), function (b) { return b.toString(16).padStart(2, '0'); }).join('');
}

export function concat(parts) {
  const total = parts.reduce(function (n, p) { return n + p.length; }, 0);
  const out = new Uint8Array(total);
  let at = 0;
  parts.forEach(function (p) { out.set(p, at); at += p.length; });
  return out;
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Bitcoin's Base58: one '1' per leading zero byte, then the rest as a big number in base 58. */
export function base58(bytes) {
  const digits = []; // base-58 digits of the number so far, least significant first
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += digits[i] * 256;
      digits[i] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let text = '';
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) {
    text += '1';
  }
  for (let i = digits.length - 1; i >= 0; i--) {
    text += BASE58_ALPHABET[digits[i]];
  }
  return text;
}

const ADDRESS_VERSION = 0x4c;

/**
 * The address of a 32-byte Ed25519 public key (PROTOCOL.md "Addresses"): Base58 of
 * payload || checksum, payload = 0x4c || SHA-256(key), checksum = first 4 bytes of
 * SHA-256(SHA-256(payload)); 51 characters starting with '3'.
 */
export async function addressOf(publicKey) {
  if (publicKey.length !== 32) {
    throw new Error('a public key has 32 bytes');
  }
  const payload = concat([new Uint8Array([ADDRESS_VERSION]), await sha256(publicKey)]);
  const checksum = (await sha256(await sha256(payload))).slice(0, 4);
  return base58(concat([payload, checksum]));
}

/** A string as docs/PROTOCOL.md encodes it: unsigned 16-bit byte length, then UTF-8. */
function protocolString(text) {
  const utf8 = new TextEncoder().encode(String(text));
  if (utf8.length > 0xffff) {
    throw new Error('a string of the transaction is too long');
  }
  return concat([new Uint8Array([utf8.length >> 8, utf8.length & 0xff]), utf8]);
}

function int64(value) {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, BigInt(value));
  return bytes;
}

function genesisBytes(genesisHex) {
  const genesis = hexToBytes(genesisHex);
  if (genesis.length !== 32) {
    throw new Error('the genesis hash has 32 bytes');
  }
  return genesis;
}

/**
 * The version-2 bytes of a signed transaction (PROTOCOL.md "Transaction bytes, version 2"):
 * what the key signs and the id hashes. 0x02, the network's genesis hash (32 raw bytes),
 * sender, recipient, amount, timestamp, sequence, the public key as 32 raw bytes.
 */
export function canonicalSigningBytes(tx, genesisHex) {
  const publicKey = hexToBytes(tx.public_key);
  if (publicKey.length !== 32) {
    throw new Error('a public key has 32 bytes');
  }
  return concat([new Uint8Array([2]), genesisBytes(genesisHex), protocolString(tx.sender), protocolString(tx.recipient),
    int64(tx.amount), int64(tx.timestamp), int64(tx.sequence), publicKey]);
}

/** The canonical bytes of any transaction: version 2 when signed, else version 1 (no genesis, empty key). */
function transactionBytes(tx, genesisHex) {
  if (tx.public_key) {
    return canonicalSigningBytes(tx, genesisHex);
  }
  return concat([new Uint8Array([1]), protocolString(tx.sender), protocolString(tx.recipient), int64(tx.amount),
    int64(tx.timestamp), int64(tx.sequence), protocolString('')]);
}

/** The transaction id, as the node computes it: SHA-256 of the canonical bytes, in hex. */
export async function transactionId(tx, genesisHex) {
  return bytesToHex(await sha256(transactionBytes(tx, genesisHex)));
}
