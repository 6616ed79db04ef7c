package dev.lambdachain.core;

import org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * An Ed25519 public key: the 32-byte point encoding of RFC 8032 section 5.1.2, written as 64
 * hex digits in JSON. Every instance is a canonical encoding of a curve point that is not of
 * small order, so no signature can be forged under it without its seed.
 *
 * <p>Refused: the eight small-order points ({@link #SMALL_ORDER}), under which anyone can make
 * a "signature" that verifies for every message; encodings that do not decode (RFC 8032
 * section 5.1.3: y at or above p, no square root for x, x = 0 with the sign bit set), which
 * also covers every non-canonical encoding of a small-order point.
 */
public final class Ed25519PublicKey extends ByteValue {
    /**
     * The canonical encodings of the eight points of order 1, 2, 4 and 8 on edwards25519 (the
     * whole torsion subgroup). Source: libsodium's blocklist in
     * {@code crypto_core/ed25519/ref10/ed25519_ref10.c} ({@code ge25519_has_small_order}) and
     * Chalkias, Garillot, Nikolaenko, "Taming the many EdDSAs" (2020), section on small-order
     * keys. {@code Ed25519Test} recomputes each point's order from the curve equation.
     */
    public static final List<String> SMALL_ORDER = List.of(
            "0100000000000000000000000000000000000000000000000000000000000000", // order 1 (identity)
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2, (0, -1)
            "0000000000000000000000000000000000000000000000000000000000000000", // order 4, y = 0
            "0000000000000000000000000000000000000000000000000000000000000080", // order 4, y = 0, x odd
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", // order 8, x odd
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"); // order 8, x odd

    private static final HexFormat HEX = HexFormat.of();
    private static final List<byte[]> SMALL_ORDER_BYTES = SMALL_ORDER.stream().map(HEX::parseHex).toList();

    /** Decoded once: every verification under this key needs the point. */
    private final PublicPoint point;

    private Ed25519PublicKey(byte[] bytes, String field) {
        super(requireUsable(bytes, field));
        this.point = decode(bytes, field);
    }

    private static byte[] requireUsable(byte[] bytes, String field) {
        if (bytes.length != Ed25519.PUBLIC_KEY_LENGTH) {
            throw new InvalidValueException(field + " must be 32 bytes (an Ed25519 public key), got " + bytes.length);
        }
        for (byte[] smallOrder : SMALL_ORDER_BYTES) {
            if (Arrays.equals(bytes, smallOrder)) {
                throw new InvalidValueException(field + " is a point of small order on Ed25519, under which anyone"
                        + " could forge signatures; generate a real key (wallet new)");
            }
        }
        return bytes;
    }

    /**
     * A key from its raw 32 bytes (copied).
     *
     * @throws InvalidValueException for another length, a small-order point or bytes that are no point
     */
    public static Ed25519PublicKey wrap(byte[] raw) {
        return new Ed25519PublicKey(raw.clone(), "public key");
    }

    /**
     * A key from 64 hex digits (either case).
     *
     * @throws InvalidValueException naming {@code field}: not 64 hex digits, small order, no point
     */
    public static Ed25519PublicKey parse(String hex, String field) {
        if (hex == null) {
            throw new InvalidValueException(field + " is required");
        }
        if (hex.length() != 2 * Ed25519.PUBLIC_KEY_LENGTH) {
            throw new InvalidValueException(field + " must be 64 hex digits (a 32-byte Ed25519 public key), got "
                    + hex.length() + " characters");
        }
        byte[] raw;
        try {
            raw = HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(field + " must be hex digits only");
        }
        return new Ed25519PublicKey(raw, field);
    }

    /** The raw 32 bytes (a copy). */
    public byte[] bytes() {
        return raw().clone();
    }

    /** 64 lower-case hex digits, as in JSON. */
    public String hex() {
        return HEX.formatHex(raw());
    }

    PublicPoint point() {
        return point;
    }

    void copyInto(byte[] target, int offset) {
        System.arraycopy(raw(), 0, target, offset, raw().length);
    }


    @Override
    public String toString() {
        return hex();
    }

    /**
     * Decodes the point now, so a bad key fails here, not in verify. BouncyCastle's "partial"
     * validation refuses what RFC 8032 section 5.1.3 cannot decode, every non-canonical encoding
     * and every point of small order; it skips the full-order check ([L]A = identity), which
     * costs a scalar multiplication per key, so a key with a small-order component is accepted, as
     * before (docs/PROTOCOL.md, "Refused public keys").
     */
    private static PublicPoint decode(byte[] raw, String field) {
        PublicPoint point = org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(raw, 0);
        if (point == null) {
            throw new InvalidValueException(field + " is not an Ed25519 point (RFC 8032 section 5.1.3): y must be"
                    + " below p = 2^255 - 19, x must exist for it, and x = 0 cannot carry the sign bit");
        }
        return point;
    }
}
