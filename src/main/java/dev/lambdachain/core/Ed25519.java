package dev.lambdachain.core;

import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;
import java.util.HexFormat;

/**
 * Ed25519 (RFC 8032, section 5.1) through the JDK's own provider, with no other library:
 * signature verification, signature parsing, and the fixed DER prefixes that turn raw
 * 32-byte keys into JDK keys.
 *
 * <p>A raw public key becomes an X.509 {@code SubjectPublicKeyInfo} by prefixing the 12 bytes
 * {@code 302a300506032b6570032100}; a 32-byte seed (RFC 8032's "private key") becomes a
 * PKCS#8 {@code PrivateKeyInfo} by prefixing the 16 bytes
 * {@code 302e020100300506032b657004220420} (both from RFC 8410, OID 1.3.101.112).
 */
public final class Ed25519 {
    /** Bytes of a raw public key: the encoded point A (RFC 8032, section 5.1.5). */
    public static final int PUBLIC_KEY_LENGTH = 32;
    /** Bytes of a seed, RFC 8032's 32-byte "private key" (section 5.1.5). */
    public static final int SEED_LENGTH = 32;
    /** Bytes of a signature: R (32) followed by S (32), RFC 8032 section 5.1.6. */
    public static final int SIGNATURE_LENGTH = 64;

    static final String ALGORITHM = "Ed25519";
    static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    private Ed25519() {
    }

    /**
     * Whether {@code signature} is a valid Ed25519 signature of {@code message} under
     * {@code publicKey} (RFC 8032, section 5.1.7, as the JDK implements it: S must be below
     * the group order L, R must decode to a point).
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
        try {
            Signature verifier = newSignature();
            verifier.initVerify(publicKey.jdkKey());
            verifier.update(message);
            return verifier.verify(signature);
        } catch (SignatureException | InvalidKeyException e) {
            // The JDK throws instead of answering false for S >= L and for an R that is no point.
            return false;
        }
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

    static Signature newSignature() {
        try {
            return Signature.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK since 15 has Ed25519", e);
        }
    }

    static KeyFactory keyFactory() {
        try {
            return KeyFactory.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK since 15 has Ed25519", e);
        }
    }

    static byte[] concat(byte[] prefix, byte[] body) {
        byte[] out = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }
}
