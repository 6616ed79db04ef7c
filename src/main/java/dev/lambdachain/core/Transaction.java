package dev.lambdachain.core;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A transfer of {@code amount} from {@code sender} to {@code recipient}.
 *
 * <p>{@code publicKey}, {@code sequence} and {@code signature} carry signed transactions
 * (Ed25519, replay protection by per-sender sequence); unsigned "named account" transactions
 * leave the key and signature null and the sequence 0. The id is the SHA-256 of the canonical
 * bytes in docs/PROTOCOL.md, which exclude the signature.
 */
public final class Transaction {

    /** The sender of every coinbase (block reward and genesis supply); no one can spend from it. */
    public static final String COINBASE = "coinbase";
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,256}");
    private static final byte VERSION = 1;

    private final String sender;
    private final String recipient;
    private final Amount amount;
    private final long timestamp;
    private final long sequence;
    private final String publicKey;
    private final String signature;
    /** Computed once: validation, Merkle roots and the store all ask for it, often several times. */
    private final Hash id;

    public Transaction(String sender, String recipient, Amount amount, long timestamp, long sequence,
                       String publicKey, String signature) {
        checkAddress(sender, "sender");
        checkAddress(recipient, "recipient");
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
        checkHex(publicKey, "public_key");
        checkHex(signature, "signature");
        this.sender = sender;
        this.recipient = recipient;
        this.amount = amount;
        this.timestamp = timestamp;
        this.sequence = sequence;
        this.publicKey = publicKey;
        this.signature = signature;
        this.id = Hash.of(canonicalBytes());
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

    public String publicKey() {
        return publicKey;
    }

    public String signature() {
        return signature;
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

    /** The canonical bytes: what the id hashes and what a signature signs. */
    public byte[] canonicalBytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(VERSION);
            writeString(out, sender);
            writeString(out, recipient);
            out.writeLong(amount.units());
            out.writeLong(timestamp);
            out.writeLong(sequence);
            writeString(out, publicKey == null ? "" : publicKey);
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

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeShort(utf8.length);
        out.write(utf8);
    }

    private static void checkAddress(String address, String field) {
        if (address == null) {
            throw new InvalidValueException(field + " is required");
        }
        if (!ADDRESS.matcher(address).matches()) {
            throw new InvalidValueException(field + " must be 1 to 64 letters, digits, '_' or '-'");
        }
    }

    private static void checkHex(String value, String field) {
        if (value != null && !HEX.matcher(value).matches()) {
            throw new InvalidValueException(field + " must be lower-case hex");
        }
    }
}
