/*
 * Ed25519 keys and signatures with WebCrypto (docs/PROTOCOL.md "Keys and signatures" and "Wallet key
 * files"): keys made or read in the page, signing in the page; nothing here sends a key anywhere.
 * WebCrypto exists only in secure contexts (https, or localhost).
 */
import { addressOf, bytesToHex, canonicalSigningBytes, concat, hexToBytes } from './protocol.js';

/** base64url (JWK) to bytes. */
function base64UrlToBytes(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, function (c) { return c.charCodeAt(0); });
}

/** PKCS#8 wrapping of a 32-byte Ed25519 seed (RFC 8410): a fixed 16-byte prefix. */
const PKCS8_ED25519_PREFIX = hexToBytes('302e020100300506032b657004220420');
const KEY_FILE_KIND = 'lambdachain-ed25519-key';

/** A WebCrypto private key with its public key, seed and address (hex and text). */
async function keyOf(privateKey) {
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  const publicKey = base64UrlToBytes(jwk.x);
  return {
    privateKey: privateKey, publicKey: bytesToHex(publicKey), seed: bytesToHex(base64UrlToBytes(jwk.d)),
    address: await addressOf(publicKey)
  };
}

async function keyFromSeed(seedHex) {
  const seed = hexToBytes(seedHex);
  if (seed.length !== 32) {
    throw new Error('a seed has 32 bytes');
  }
  return keyOf(await crypto.subtle.importKey('pkcs8', concat([PKCS8_ED25519_PREFIX, seed]), { name: 'Ed25519' }, true, ['sign']));
}

export async function generateKey() {
  return keyOf((await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])).privateKey);
}

/**
 * The key of a key file as `wallet new` writes it ({"kind","seed","public_key","address"}), refused,
 * as the wallet refuses it, when its public key or address is not the one of its seed.
 */
export async function readKeyFile(text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error('it is not JSON, as a key file of `wallet new` is');
  }
  if (!json || typeof json !== 'object' || json.kind !== KEY_FILE_KIND) {
    throw new Error('it is not a key file (kind must be ' + KEY_FILE_KIND + ')');
  }
  if (typeof json.seed !== 'string' || !/^[0-9a-fA-F]{64}$/.test(json.seed)) {
    throw new Error('its seed must be 64 hex digits');
  }
  const key = await keyFromSeed(json.seed);
  if (typeof json.public_key !== 'string' || json.public_key.toLowerCase() !== key.publicKey) {
    throw new Error('its public_key is not the public key of its seed (a damaged or edited file)');
  }
  if (json.address !== key.address) {
    throw new Error('its address is not the address of its seed (a damaged or edited file)');
  }
  return key;
}

/** The key file of {@code key} in the format of `wallet new`, so the command line wallet reads it too. */
export function keyFileText(key) {
  return JSON.stringify({ kind: KEY_FILE_KIND, seed: key.seed, public_key: key.publicKey, address: key.address }, null, 2) + '\n';
}

/** A transfer signed by {@code key} for the network {@code genesisHex}: the body of POST /transactions/new. */
export async function signTransfer(key, genesisHex, recipient, amount, timestamp, sequence) {
  const tx = { sender: key.address, recipient: recipient, amount: amount, timestamp: timestamp, sequence: sequence, public_key: key.publicKey };
  tx.signature = bytesToHex(await crypto.subtle.sign({ name: 'Ed25519' }, key.privateKey, canonicalSigningBytes(tx, genesisHex)));
  return tx;
}
