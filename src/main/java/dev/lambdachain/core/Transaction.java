package dev.lambdachain.core;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A transfer of {@code amount} from {@code sender} to {@code recipient}.
 *
 * <p>Two kinds (docs/PROTOCOL.md "Transaction"). A <em>signed</em> transaction comes from a key
 * address and carries its public key, the sender's sequence number and an Ed25519 signature; its
 * id hashes the version-2 bytes of {@link TransactionSigning}, which include the genesis hash of
 * its network. An <em>unsigned</em> one (a named account on a dev chain, or a coinbase) leaves
 * key and signature null and hashes the version-1 bytes. Neither id covers the signature, so a
 * re-signed copy is the same transaction. Building one checks its form; whether the signature
 * verifies is {@link #hasValidSignature()}, asked by the rules that need it.
 */
public final class Transaction {

    /** The sender of every coinbase (block reward and genesis supply); no one can spend from it. */
    public static final String COINBASE = "coinbase";
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final byte VERSION = 1;

    private final String sender;
    private final String recipient;
    private final Amount amount;
    private final long timestamp;
    private final long sequence;
    private final Ed25519PublicKey publicKey;
    private final String signature;
    /** The v2 bytes a signed transaction's signature covers; null for an unsigned one. */
    private final byte[] signedBytes;
    /** Computed once: validation, Merkle roots and the store all ask for it, often several times. */
    private final Hash id;

    /**
     * An unsigned transaction (a named account's transfer or a coinbase): {@code publicKey} and
     * {@code signature} must be null; a signed one needs its network, see the other constructor.
     */
    public Transaction(String sender, String recipient, Amount amount, long timestamp, long sequence,
                       String publicKey, String signature) {
        this(null, sender, recipient, amount, timestamp, sequence, publicKey, signature);
    }

    /**
     * A transaction as a reader finds it: signed when {@code publicKey} is given (then
     * {@code network}, the genesis hash of the chain that reads it, enters its bytes and id),
     * unsigned otherwise.
     *
     * @throws InvalidValueException naming the field that is malformed: an address (a mistyped key
     *         address fails its checksum), a refused public key (small order, not a point), a
     *         sender that is not the key's address, a key address sending unsigned, a signature
     *         without a key or of the wrong length
     */
    public Transaction(Hash network, String sender, String recipient, Amount amount, long timestamp, long sequence,
                       String publicKey, String signature) {
        if (sender == null) {
            throw new InvalidValueException("sender is required");
        }
        Address.parseAccount(recipient, "recipient");
        if (sender.equals(recipient)) {
            throw new InvalidValueException("sender and recipient must differ (both are '" + sender + "')");
        }
        if (amount == null || amount.units() <= 0) {
            throw new InvalidValueException("amount must be a positive whole number of units");
        }
        if (timestamp < 0) {
            throw new InvalidValueException("timestamp must not be negative");
        }
        if (sequence < 0) {
            throw new InvalidValueException("sequence must not be negative");
        }
        this.sender = sender;
        this.recipient = recipient;
        this.amount = amount;
        this.timestamp = timestamp;
        this.sequence = sequence;
        if (publicKey == null) {
            if (signature != null) {
                throw new InvalidValueException("signature given without public_key: a signed transaction carries both");
            }
            if (Address.parseAccount(sender, "sender").isPresent()) {
                throw new InvalidValueException("sender " + sender + " is a key address: a transfer from it must be "
                        + "signed by its key (public_key, sequence, timestamp, signature; `wallet sign` makes them)");
            }
            this.publicKey = null;
            this.signature = null;
            this.signedBytes = null;
            this.id = Hash.of(canonicalBytes());
        } else {
            if (network == null) {
                throw new IllegalArgumentException("a signed transaction is read for a network (its genesis hash)");
            }
            if (signature == null) {
                throw new InvalidValueException("signature is required with public_key");
            }
            this.publicKey = Ed25519PublicKey.parse(publicKey, "public_key");
            this.signature = HexFormat.of().formatHex(Ed25519.parseSignature(signature, "signature"));
            this.signedBytes = TransactionSigning.canonicalBytes(network, Address.parse(sender, "sender"), recipient,
                    amount.units(), timestamp, sequence, this.publicKey);
            this.id = TransactionSigning.id(signedBytes);
        }
    }

    public String sender() {
        return sender;
    }

    public String recipient() {
        return recipient;
    }

    public Amount amount() {
        return amount;
    }

    public long timestamp() {
        return timestamp;
    }

    public long sequence() {
        return sequence;
    }

    /** The sender's public key as 64 lower-case hex digits; null when unsigned. */
    public String publicKey() {
        return publicKey == null ? null : publicKey.hex();
    }

    /** The signature as 128 lower-case hex digits; null when unsigned. */
    public String signature() {
        return signature;
    }

    public boolean isSigned() {
        return publicKey != null;
    }

    /**
     * Whether the signature verifies under the public key over the v2 bytes (whose genesis is
     * the network this transaction was read for): false for a wrong key's signature, an amount
     * or any field changed after signing, and a transaction signed for another network.
     */
    public boolean hasValidSignature() {
        return isSigned() && Ed25519.verify(publicKey, signedBytes, HexFormat.of().parseHex(signature));
    }

    /** The reward transaction that opens every block (and the genesis supply in block 0). */
    public static Transaction coinbase(String recipient, Amount amount, long height, long timestamp) {
        return new Transaction(COINBASE, recipient, amount, timestamp, height, null, null);
    }

    public boolean isCoinbase() {
        return COINBASE.equals(sender);
    }

    public static boolean isValidAddress(String address) {
        return address != null && ADDRESS.matcher(address).matches();
    }

    /**
     * The bytes the id hashes: version 2 (docs/PROTOCOL.md) for a signed transaction, which its
     * signature signs; version 1 for an unsigned one.
     */
    public byte[] canonicalBytes() {
        if (signedBytes != null) {
            return signedBytes.clone();
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(VERSION);
            writeString(out, sender);
            writeString(out, recipient);
            out.writeLong(amount.units());
            out.writeLong(timestamp);
            out.writeLong(sequence);
            writeString(out, "");
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return buffer.toByteArray();
    }

    public Hash id() {
        return id;
    }

    /** Two transactions are equal when their canonical bytes and signatures are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Transaction other && id.equals(other.id)
                && java.util.Objects.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "Transaction[" + id + " " + sender + " -> " + recipient + " " + amount + "]";
    }

    /** A string as the protocol writes one: its UTF-8 length as an unsigned 16-bit integer, then the bytes. */
    static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeShort(utf8.length);
        out.write(utf8);
    }
}
