package dev.lambdachain.core;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The canonical bytes of a signed transaction, version 2 (docs/PROTOCOL.md): what the sender's
 * Ed25519 key signs and what the transaction id hashes. The signature itself is never part of
 * them, so the id does not change when the signature bytes do (a signer can make several valid
 * signatures of one message, and a relay must not be able to change an id).
 *
 * <p>Layout, integers big-endian, strings as an unsigned 16-bit byte length and UTF-8 (the v1
 * layout of docs/PROTOCOL.md with the version bumped, the genesis hash added after it and the
 * public key as raw bytes):
 * <pre>
 *   version     1 byte   0x02
 *   genesis    32 bytes  hash of block 0 of the network (no replay across networks)
 *   sender     string    key address of public_key
 *   recipient  string    key address, or a named account where the chain allows them
 *   amount      int64    smallest unit, &gt; 0
 *   timestamp   int64    milliseconds since the Unix epoch, &gt;= 0
 *   sequence    int64    per-sender sequence number, &gt;= 0
 *   public_key 32 bytes  raw Ed25519 public key
 * </pre>
 */
public final class TransactionSigning {
    /** The first byte of the v2 encoding (v1, unsigned and coinbase transactions, starts with 0x01). */
    public static final byte VERSION = 0x02;

    private TransactionSigning() {
    }

    /**
     * The bytes to sign.
     *
     * @param genesis   the genesis block hash of the network the transaction is meant for
     * @param sender    must be the address of {@code publicKey}
     * @param recipient a key address ({@link Address#looksLikeKeyAddress} strings must parse) or a
     *                  named account of 1 to 64 {@code [A-Za-z0-9_-]}; must differ from the sender
     * @param amount    smallest units, at least 1
     * @param timestamp milliseconds since the Unix epoch, not negative
     * @param sequence  the sender's sequence number, not negative
     * @param publicKey the sender's key
     * @throws InvalidValueException naming the field that breaks one of these rules
     */
    public static byte[] canonicalBytes(Hash genesis, Address sender, String recipient, long amount,
                                        long timestamp, long sequence, Ed25519PublicKey publicKey) {
        if (genesis == null || sender == null || publicKey == null) {
            throw new InvalidValueException("genesis, sender and public_key are required");
        }
        if (!sender.matches(publicKey)) {
            throw new InvalidValueException("sender " + sender + " is not the address of public_key " + publicKey
                    + " (its address is " + Address.fromPublicKey(publicKey) + ")");
        }
        Address.parseAccount(recipient, "recipient");
        if (recipient.equals(sender.text())) {
            throw new InvalidValueException("sender and recipient must differ (both are '" + recipient + "')");
        }
        if (amount <= 0) {
            throw new InvalidValueException("amount must be a positive whole number of units, got " + amount);
        }
        if (timestamp < 0) {
            throw new InvalidValueException("timestamp must not be negative, got " + timestamp);
        }
        if (sequence < 0) {
            throw new InvalidValueException("sequence must not be negative, got " + sequence);
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(VERSION);
            out.write(genesis.bytes());
            writeString(out, sender.text());
            writeString(out, recipient);
            out.writeLong(amount);
            out.writeLong(timestamp);
            out.writeLong(sequence);
            out.write(publicKey.bytes());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return buffer.toByteArray();
    }

    /** The transaction id: SHA-256 of the canonical bytes (never of the signature). */
    public static Hash id(byte[] canonicalBytes) {
        return Hash.of(canonicalBytes);
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeShort(utf8.length);
        out.write(utf8);
    }
}
