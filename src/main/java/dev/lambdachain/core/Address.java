package dev.lambdachain.core;

import org.apache.commons.codec.binary.Base58;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * A key address: where coins sent to an Ed25519 key go, derived from the key and guarded by a
 * checksum so that a mistyped address is refused instead of burning coins.
 *
 * <p>Format (Base58Check as in Bitcoin, with the whole SHA-256 instead of RIPEMD-160):
 * <pre>
 *   payload  = 0x4c || SHA-256(raw 32-byte public key)                   33 bytes
 *   checksum = first 4 bytes of SHA-256(SHA-256(payload))
 *   address  = Base58(payload || checksum)                               always 51 characters, always starting with '3'
 * </pre>
 * Base58 uses Bitcoin's alphabet {@code 1-9 A-H J-N P-Z a-k m-z} (no 0, O, I, l). The version
 * byte 0x4c lies inside the range of leading bytes whose 37-byte payloads all encode to 51
 * characters starting with '3', so the first character and the length are fixed.
 *
 * <p>Classification against named accounts ({@code [A-Za-z0-9_-]{1,64}}, e.g. "alice", valid
 * in dev mode): a string that starts with '3' and is at least 32 characters long is a key
 * address, and must then parse exactly ({@link #looksLikeKeyAddress}); every other string is a
 * named account. So a key address with a dropped, extra or mistyped character is refused
 * with a reason rather than read as a new named account.
 */
public final class Address {
    /** The version byte: the network prefix of every key address. */
    public static final byte VERSION = 0x4c;
    /** The first character of every key address, fixed by {@link #VERSION}. */
    public static final char PREFIX = '3';
    /** Characters in every key address. */
    public static final int LENGTH = 51;
    /** From this length on, a string starting with {@link #PREFIX} is read as a key address. */
    public static final int KEY_SHAPED_MIN_LENGTH = 32;

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final int HASH_LENGTH = 32;
    private static final int CHECKSUM_LENGTH = 4;
    private static final int PAYLOAD_LENGTH = 1 + HASH_LENGTH;
    /** Thread-safe: every encode and decode call works on its own context. */
    private static final Base58 BASE58 = new Base58();

    private final String text;
    private final byte[] keyHash;

    private Address(String text, byte[] keyHash) {
        this.text = text;
        this.keyHash = keyHash;
    }

    /** The address of a public key. */
    public static Address fromPublicKey(Ed25519PublicKey key) {
        byte[] keyHash = Hash.of(key.bytes()).bytes();
        byte[] payload = new byte[PAYLOAD_LENGTH];
        payload[0] = VERSION;
        System.arraycopy(keyHash, 0, payload, 1, HASH_LENGTH);
        byte[] full = Arrays.copyOf(payload, PAYLOAD_LENGTH + CHECKSUM_LENGTH);
        System.arraycopy(checksum(payload), 0, full, PAYLOAD_LENGTH, CHECKSUM_LENGTH);
        return new Address(BASE58.encodeToString(full), keyHash);
    }

    /**
     * Parses a key address.
     *
     * @param field names the input in error messages ("recipient", "--to", ...)
     * @throws InvalidValueException naming what is wrong: missing, wrong first character, a
     *                       character Base58 does not use (with its position), wrong length,
     *                       checksum mismatch (a mistyped character), or another version byte
     */
    public static Address parse(String text, String field) {
        if (text == null || text.isEmpty()) {
            throw new InvalidValueException(field + " is required");
        }
        if (text.charAt(0) != PREFIX) {
            throw new InvalidValueException(field + " is not a key address: a key address starts with '" + PREFIX
                    + "', this one with '" + text.charAt(0) + "'");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (ALPHABET.indexOf(c) < 0) {
                throw new InvalidValueException(field + " has the character '" + c + "' at position " + (i + 1)
                        + ", which a key address cannot contain (Base58 has no 0, O, I, l or symbols)");
            }
        }
        if (text.length() != LENGTH) {
            throw new InvalidValueException(field + " has " + text.length() + " characters; a key address has exactly "
                    + LENGTH + " (a character is missing or extra)");
        }
        byte[] full = BASE58.decode(text);
        if (full.length != PAYLOAD_LENGTH + CHECKSUM_LENGTH) {
            throw new InvalidValueException(field + " decodes to " + full.length + " bytes, a key address to "
                    + (PAYLOAD_LENGTH + CHECKSUM_LENGTH));
        }
        byte[] payload = Arrays.copyOf(full, PAYLOAD_LENGTH);
        if (!Arrays.equals(checksum(payload), 0, CHECKSUM_LENGTH, full, PAYLOAD_LENGTH, full.length)) {
            throw new InvalidValueException(field + " fails its checksum: a character is mistyped");
        }
        if (payload[0] != VERSION) {
            throw new InvalidValueException(field + " has the version byte 0x" + String.format("%02x", payload[0] & 0xff)
                    + "; lambdachain key addresses have 0x" + String.format("%02x", VERSION)
                    + " (an address of another network or format)");
        }
        return new Address(text, Arrays.copyOfRange(payload, 1, PAYLOAD_LENGTH));
    }

    /**
     * The classification rule: true when {@code text} is meant as a key address (starts with
     * '3' and has at least 32 characters), so it must be {@link #parse parsed}; false when it
     * can only be a named account. Says nothing about validity.
     */
    public static boolean looksLikeKeyAddress(String text) {
        return text != null && text.length() >= KEY_SHAPED_MIN_LENGTH && text.charAt(0) == PREFIX;
    }

    /**
     * Reads an account string by the classification rule: a key-shaped string
     * ({@link #looksLikeKeyAddress}) must be a valid key address and is returned; any other must
     * be a named account of 1 to 64 {@code [A-Za-z0-9_-]} and gives empty. Whether named
     * accounts are allowed at all is the chain's signature mode, not decided here.
     *
     * @throws InvalidValueException naming {@code field} when the string is neither
     */
    public static Optional<Address> parseAccount(String text, String field) {
        if (text == null || text.isEmpty()) {
            throw new InvalidValueException(field + " is required");
        }
        if (looksLikeKeyAddress(text)) {
            return Optional.of(parse(text, field));
        }
        if (!Transaction.isValidAddress(text)) {
            throw new InvalidValueException(field + " must be a key address or a named account of 1 to 64 letters,"
                    + " digits, '_' or '-'");
        }
        return Optional.empty();
    }

    /** Whether this is the address of {@code key}. */
    public boolean matches(Ed25519PublicKey key) {
        return MessageDigest.isEqual(keyHash, Hash.of(key.bytes()).bytes());
    }

    /** The 51-character Base58 text. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    private static byte[] checksum(byte[] payload) {
        MessageDigest sha256 = Hash.sha256();
        return Arrays.copyOf(sha256.digest(sha256.digest(payload)), CHECKSUM_LENGTH);
    }
}
