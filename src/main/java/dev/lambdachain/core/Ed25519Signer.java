package dev.lambdachain.core;

import java.security.SecureRandom;

/**
 * Signs with one Ed25519 key, held as its 32-byte seed (RFC 8032 section 5.1.5's "private
 * key"), through BouncyCastle's {@code org.bouncycastle.math.ec.rfc8032.Ed25519}. Signatures are
 * deterministic (RFC 8032 section 5.1.6): one seed and one message give one signature, the same
 * bytes any RFC 8032 implementation gives; the RFC's vectors pin them.
 */
public final class Ed25519Signer {
    private final byte[] seed;
    private final Ed25519PublicKey publicKey;

    private Ed25519Signer(byte[] seed) {
        if (seed.length != Ed25519.SEED_LENGTH) {
            throw new InvalidValueException("an Ed25519 seed has 32 bytes, got " + seed.length);
        }
        this.seed = seed;
        byte[] raw = new byte[Ed25519.PUBLIC_KEY_LENGTH];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, raw, 0);
        this.publicKey = Ed25519PublicKey.wrap(raw);
    }

    /**
     * The signer of a 32-byte seed (copied).
     *
     * @throws InvalidValueException when the seed is not 32 bytes, or (vanishingly unlikely) its
     *                       public key is refused by {@link Ed25519PublicKey}
     */
    public static Ed25519Signer fromSeed(byte[] seed) {
        return new Ed25519Signer(seed.clone());
    }

    /** A new key: 32 bytes from {@code random} as the seed. */
    public static Ed25519Signer generate(SecureRandom random) {
        byte[] seed = new byte[Ed25519.SEED_LENGTH];
        random.nextBytes(seed);
        return new Ed25519Signer(seed);
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    /** The 32-byte seed (a copy); only a key file should ever need it. */
    public byte[] seed() {
        return seed.clone();
    }

    /** The 64-byte signature R || S of {@code message} (RFC 8032 section 5.1.6). */
    public byte[] sign(byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_LENGTH];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, publicKey.bytes(), 0, message, 0, message.length,
                signature, 0);
        return signature;
    }

    /** Never prints the seed. */
    @Override
    public String toString() {
        return "Ed25519Signer[" + publicKey + "]";
    }
}
