package dev.lambdachain.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Known answers for the Ed25519 edge cases of Chalkias, Garillot, Nikolaenko, "Taming the many
 * EdDSAs" (SSR 2020): which signature the protocol accepts, which it refuses and which public
 * key it refuses before any signature is checked. The table in docs/PROTOCOL.md ("Which
 * signatures verify") is this list; its "JDK" column is checked here against the JDK's own
 * provider, which verified signatures before BouncyCastle did.
 *
 * <p>Sources: the paper's twelve vectors as published in novifinancial/ed25519-speccheck
 * ({@code cases.txt}, numbered 0 to 11 as there), and five of C2SP/CCTV's
 * {@code ed25519/ed25519vectors.json} (by their {@code number}) for a small-order R and a
 * non-canonical R with y at or above p, which the paper's vectors do not cover.
 */
class Ed25519EdgeCasesTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] X509_PREFIX = HEX.parseHex("302a300506032b6570032100");
    /** A key with a small-order component (C2SP/CCTV's), used by its vectors below. */
    private static final String MIXED_KEY = "10eb7c3acfb2bed3e0d6ab89bf5a3d6afddd1176ce4812e38d9fd485058fdb1f";

    /** What happens to a signed transaction carrying this key and signature. */
    enum Outcome {
        /** {@link Ed25519PublicKey} refuses the key: the transaction cannot even be read. */
        KEY_REFUSED,
        /** The key is read, {@link Ed25519#verify} answers false. */
        REFUSED,
        /** The key is read, {@link Ed25519#verify} answers true. */
        ACCEPTED
    }

    record Case(String name, String what, byte[] message, String publicKey, String signature, Outcome protocol,
                Outcome jdk) {
        @Override
        public String toString() {
            return name + ": " + what;
        }
    }

    private static Case speccheck(int n, String what, String messageHex, String key, String signature,
                                  Outcome protocol, Outcome jdk) {
        return new Case("speccheck " + n, what, HEX.parseHex(messageHex), key, signature, protocol, jdk);
    }

    private static Case cctv(int n, String what, String message, String signature, Outcome protocol, Outcome jdk) {
        return new Case("CCTV " + n, what, message.getBytes(StandardCharsets.US_ASCII), MIXED_KEY, signature,
                protocol, jdk);
    }

    static final List<Case> CASES = List.of(
            speccheck(0, "S = 0, small-order A, small-order R",
                    "8c93255d71dcab10e8f379c26200f3c7bd5f09d9bc3068d3ef4edeb4853022b6",
                    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
                    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"
                            + "0000000000000000000000000000000000000000000000000000000000000000",
                    Outcome.KEY_REFUSED, Outcome.ACCEPTED),
            speccheck(1, "0 < S < L, small-order A, mixed-order R",
                    "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
                    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
                    "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43"
                            + "a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
                    Outcome.KEY_REFUSED, Outcome.ACCEPTED),
            speccheck(2, "0 < S < L, mixed-order A, small-order R",
                    "aebf3f2601a0c8c5d39cc7d8911642f740b78168218da8471772b35f9d35b9ab",
                    "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
                    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"
                            + "8c4bd45aecaca5b24fb97bc10ac27ac8751a7dfe1baff8b953ec9f5833ca260e",
                    Outcome.ACCEPTED, Outcome.ACCEPTED),
            speccheck(3, "0 < S < L, mixed-order A and R, both equations hold",
                    "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
                    "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
                    "9046a64750444938de19f227bb80485e92b83fdb4b6506c160484c016cc1852f"
                            + "87909e14428a7a1d62e9f22f3d3ad7802db02eb2e688b6c52fcd6648a98bd009",
                    Outcome.ACCEPTED, Outcome.ACCEPTED),
            speccheck(4, "0 < S < L, mixed-order A and R, only the cofactored equation holds",
                    "e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
                    "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
                    "160a1cb0dc9c0258cd0a7d23e94d8fa878bcb1925f2c64246b2dee1796bed512"
                            + "5ec6bc982a269b723e0668e540911a9a6a58921d6925e434ab10aa7940551a09",
                    Outcome.ACCEPTED, Outcome.REFUSED),
            speccheck(5, "0 < S < L, mixed-order A, prime-order R, only the cofactored equation holds",
                    "e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
                    "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
                    "21122a84e0b5fca4052f5b1235c80a537878b38f3142356b2c2384ebad4668b7"
                            + "e40bc836dac0f71076f9abe3a53f9c03c1ceeeddb658d0030494ace586687405",
                    Outcome.ACCEPTED, Outcome.REFUSED),
            speccheck(6, "S > L (S - L would verify)",
                    "85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
                    "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
                    "e96f66be976d82e60150baecff9906684aebb1ef181f67a7189ac78ea23b6c0e"
                            + "547f7690a0e2ddcd04d87dbc3490dc19b3b3052f7ff0538cb68afb369ba3a514",
                    Outcome.REFUSED, Outcome.REFUSED),
            speccheck(7, "S much larger than L (S mod L would verify)",
                    "85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
                    "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
                    "8ce5b96c8f26d0ab6c47958c9e68b937104cd36e13c33566acd2fe8d38aa1942"
                            + "7e71f98a473474f2f13f06f97c20d58cc3f54b8bd0d272f42b695dd7e89a8c22",
                    Outcome.REFUSED, Outcome.REFUSED),
            speccheck(8, "non-canonical R (x = 0 with the sign bit), k over R as sent",
                    "9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41",
                    "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
                    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                            + "03be9678ac102edcd92b0210bb34d7428d12ffc5df5f37e359941266a4e35f0f",
                    Outcome.REFUSED, Outcome.REFUSED),
            speccheck(9, "non-canonical R (x = 0 with the sign bit), k over R re-encoded",
                    "9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41",
                    "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
                    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                            + "ca8c5b64cd208982aa38d4936621a4775aa233aa0505711d8fdcfdaa943d4908",
                    Outcome.REFUSED, Outcome.REFUSED),
            speccheck(10, "non-canonical small-order A (x = 0 with the sign bit), k over A as sent",
                    "e96b7021eb39c1a163b6da4e3093dcd3f21387da4cc4572be588fafae23c155b",
                    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                    "a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dc"
                            + "a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
                    Outcome.KEY_REFUSED, Outcome.KEY_REFUSED),
            speccheck(11, "non-canonical small-order A (x = 0 with the sign bit), k over A re-encoded",
                    "39a591f5321bbe07fd5a23dc2f39d025d74526615746727ceefd6e82ae65c06f",
                    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                    "a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dc"
                            + "a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
                    Outcome.KEY_REFUSED, Outcome.KEY_REFUSED),
            cctv(4, "mixed-order A, small-order R (order 4), only the cofactored equation holds",
                    "ed25519vectors 7",
                    "0000000000000000000000000000000000000000000000000000000000000000"
                            + "5e176f12cfb0d4e6eb6929b19ae4c998ef05c1c2cf628a9b1fa1c21312627108",
                    Outcome.ACCEPTED, Outcome.REFUSED),
            cctv(6, "mixed-order A and R, only the cofactored equation holds",
                    "ed25519vectors 10",
                    "36684ea91032ba5b1dbab2d02f4debc74c3327f2b3802e2e4d371aa42b12b56b"
                            + "c02e2b9e63e385c058bf62b14b3a2b29ccefe8e38ddb536bc3f9865320a3d801",
                    Outcome.ACCEPTED, Outcome.REFUSED),
            cctv(7, "mixed-order A and R, both equations hold",
                    "ed25519vectors",
                    "36684ea91032ba5b1dbab2d02f4debc74c3327f2b3802e2e4d371aa42b12b56b"
                            + "bbfd00bd9c259d8d222d15e67a3d8228585050dbb9b9585be20d8fadc721da03",
                    Outcome.ACCEPTED, Outcome.ACCEPTED),
            cctv(16, "non-canonical R (y = p, a second spelling of y = 0), k over R as sent",
                    "ed25519vectors 6",
                    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
                            + "1cb421dfbd92aa6c30d550bff53c81cf650ace6deb96a8ec22d2fef84dbbe20b",
                    Outcome.REFUSED, Outcome.REFUSED),
            cctv(17, "non-canonical R (y = p, a second spelling of y = 0), both equations would hold",
                    "ed25519vectors 3",
                    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
                            + "ad7a355469b5c87e550469f6b2de409ee723acd584bf35f86b80c384e8ceb702",
                    Outcome.REFUSED, Outcome.REFUSED));

    static Stream<Case> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theProtocolAcceptsOrRefusesEachEdgeCaseAsDocumented(Case c) {
        assertEquals(c.protocol(), ours(c));
    }

    /** BouncyCastle alone refuses every key we refuse, so the key check never lets a forgery through it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bouncyCastleAloneAcceptsExactlyWhatTheProtocolAccepts(Case c) {
        byte[] key = HEX.parseHex(c.publicKey());
        byte[] signature = HEX.parseHex(c.signature());
        assertEquals(c.protocol() == Outcome.ACCEPTED, org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
                signature, 0, key, 0, c.message(), 0, c.message().length));
    }

    /** The "JDK" column of docs/PROTOCOL.md: what the node answered before BouncyCastle. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theJdkProviderAnswersAsTheTableSays(Case c) {
        assertEquals(c.jdk(), jdk(c));
    }

    private static Outcome ours(Case c) {
        Ed25519PublicKey key;
        try {
            key = Ed25519PublicKey.parse(c.publicKey(), "public_key");
        } catch (InvalidValueException refused) {
            return Outcome.KEY_REFUSED;
        }
        return Ed25519.verify(key, c.message(), HEX.parseHex(c.signature())) ? Outcome.ACCEPTED : Outcome.REFUSED;
    }

    /** The JDK's provider; it throws instead of answering false for S >= L and R that does not decode. */
    static Outcome jdk(Case c) {
        Signature verifier;
        try {
            verifier = Signature.getInstance("Ed25519");
            byte[] x509 = new byte[X509_PREFIX.length + Ed25519.PUBLIC_KEY_LENGTH];
            System.arraycopy(X509_PREFIX, 0, x509, 0, X509_PREFIX.length);
            System.arraycopy(HEX.parseHex(c.publicKey()), 0, x509, X509_PREFIX.length, Ed25519.PUBLIC_KEY_LENGTH);
            verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509)));
        } catch (GeneralSecurityException refused) {
            return Outcome.KEY_REFUSED;
        }
        try {
            verifier.update(c.message());
            return verifier.verify(HEX.parseHex(c.signature())) ? Outcome.ACCEPTED : Outcome.REFUSED;
        } catch (GeneralSecurityException refused) {
            return Outcome.REFUSED;
        }
    }
}
