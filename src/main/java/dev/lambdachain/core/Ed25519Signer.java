package dev.lambdachain.core;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/**
 * Signs with one Ed25519 key, held as its 32-byte seed (RFC 8032 section 5.1.5's "private
 * key"). Signatures are deterministic: one seed and one message give one signature.
 *
 * <p>The JDK has no public "public key of this seed" call. {@link #fromSeed} therefore runs the
 * JDK's key-pair generator on a random source that yields exactly the seed, and checks that
 * the generated private key is that seed (so a JDK that drew its randomness differently fails
 * loudly instead of producing a wrong key). The RFC 8032 vectors pin the result.
 */
public final class Ed25519Signer {
    private final byte[] seed;
    private final PrivateKey privateKey;
    private final Ed25519PublicKey publicKey;

    private Ed25519Signer(byte[] seed) {
        if (seed.length != Ed25519.SEED_LENGTH) {
            throw new InvalidValueException("an Ed25519 seed has 32 bytes, got " + seed.length);
        }
        this.seed = seed;
        byte[] pkcs8 = Ed25519.concat(Ed25519.PKCS8_PREFIX, seed);
        try {
            this.privateKey = Ed25519.keyFactory().generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            KeyPairGenerator generator = KeyPairGenerator.getInstance(Ed25519.ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new SeedSource(seed));
            KeyPair pair = generator.generateKeyPair();
            if (!Arrays.equals(pair.getPrivate().getEncoded(), pkcs8)) {
                throw new IllegalStateException("the JDK's Ed25519 key generator did not use the given seed");
            }
            this.publicKey = Ed25519PublicKey.wrap(rawPublicKey(pair.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK refused a 32-byte Ed25519 seed", e);
        }
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
        try {
            Signature signer = Ed25519.newSignature();
            signer.initSign(privateKey);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with a valid Ed25519 key cannot fail", e);
        }
    }

    /** Never prints the seed. */
    @Override
    public String toString() {
        return "Ed25519Signer[" + publicKey + "]";
    }

    private static byte[] rawPublicKey(byte[] x509) {
        int prefix = Ed25519.X509_PREFIX.length;
        if (x509.length != prefix + Ed25519.PUBLIC_KEY_LENGTH
                || !Arrays.equals(x509, 0, prefix, Ed25519.X509_PREFIX, 0, prefix)) {
            throw new IllegalStateException("unexpected X.509 encoding of an Ed25519 public key");
        }
        return Arrays.copyOfRange(x509, prefix, x509.length);
    }

    /** A random source that yields the seed once: the JDK's generator draws exactly 32 bytes. */
    private static final class SeedSource extends SecureRandom {
        private final byte[] seed;
        private boolean used;

        SeedSource(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("the JDK's Ed25519 key generator asked for "
                        + bytes.length + " random bytes, expected one draw of " + seed.length);
            }
            used = true;
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
