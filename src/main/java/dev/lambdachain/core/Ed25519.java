package dev.lambdachain.core;

import java.util.HexFormat;

/**
 * Ed25519 (RFC 8032, section 5.1) through BouncyCastle's {@code org.bouncycastle.math.ec.rfc8032.Ed25519}
 * (bcprov-jdk18on): signature verification and signature parsing. Which signatures verify is a
 * consensus rule, written down case by case in docs/PROTOCOL.md ("Which signatures verify") and
 * pinned by {@code Ed25519EdgeCasesTest}.
 */
public final class Ed25519 {
    /** Bytes of a raw public key: the encoded point A (RFC 8032, section 5.1.5). */
    public static final int PUBLIC_KEY_LENGTH = 32;
    /** Bytes of a seed, RFC 8032's 32-byte "private key" (section 5.1.5). */
    public static final int SEED_LENGTH = 32;
    /** Bytes of a signature: R (32) followed by S (32), RFC 8032 section 5.1.6. */
    public static final int SIGNATURE_LENGTH = 64;

    private Ed25519() {
    }

    /**
     * Whether {@code signature} is a valid Ed25519 signature of {@code message} under
     * {@code publicKey}: S below the group order L, R a canonical point encoding, and the
     * cofactored equation [8][S]B = [8]R + [8][k]A of RFC 8032 section 5.1.7 holding.
     *
     * @param publicKey a key already checked by {@link Ed25519PublicKey} (never of small order)
     * @param message   the signed bytes, any length
     * @param signature the 64 bytes R || S; any other length (or null) gives {@code false}
     * @return true only for a valid signature; never throws for hostile signature bytes
     */
    public static boolean verify(Ed25519PublicKey publicKey, byte[] message, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, publicKey.point(), message, 0,
                message.length);
    }

    /**
     * Parses a signature written as 128 hex digits (either case).
     *
     * @throws InvalidValueException naming {@code field} when the text is not 64 bytes of hex
     */
    public static byte[] parseSignature(String hex, String field) {
        if (hex == null) {
            throw new InvalidValueException(field + " is required");
        }
        if (hex.length() != 2 * SIGNATURE_LENGTH) {
            throw new InvalidValueException(field + " must be " + 2 * SIGNATURE_LENGTH
                    + " hex digits (a 64-byte Ed25519 signature), got " + hex.length() + " characters");
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(field + " must be hex digits only");
        }
    }
}
