package dev.lambdachain.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A 32-byte SHA-256 digest; immutable, compared byte-wise, written as 64 lower-case hex digits. */
public final class Hash extends ByteValue {
    public static final int LENGTH = 32;
    public static final Hash ZERO = new Hash(new byte[LENGTH]);
    private static final HexFormat HEX = HexFormat.of();

    private Hash(byte[] bytes) {
        super(requireLength(bytes));
    }

    private static byte[] requireLength(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a hash has 32 bytes, got " + bytes.length);
        }
        return bytes;
    }

    public static Hash wrap(byte[] bytes) {
        return new Hash(bytes.clone());
    }

    public static Hash of(byte[] data) {
        return new Hash(sha256().digest(data));
    }

    /** Parses 64 hex digits; throws {@link InvalidValueException} naming the field otherwise. */
    public static Hash parse(String hex, String field) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            throw new InvalidValueException(field + " must be 64 hex digits");
        }
        try {
            return new Hash(HEX.parseHex(hex.toLowerCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(field + " must be 64 hex digits");
        }
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public byte[] bytes() {
        return raw().clone();
    }

    public String hex() {
        return HEX.formatHex(raw());
    }


    @Override
    public String toString() {
        return hex();
    }
}
