package dev.lambdachain.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ed25519 through BouncyCastle, held to RFC 8032 section 7.1, and the keys it must refuse. */
class Ed25519Test {
    private static final HexFormat HEX = HexFormat.of();

    static Stream<Rfc8032Vectors.Vector> rfcVectors() {
        return Rfc8032Vectors.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfcVectors")
    void rfc8032VectorsDeriveTheKeySignDeterministicallyAndVerify(Rfc8032Vectors.Vector v) {
        Ed25519Signer signer = Ed25519Signer.fromSeed(v.seed());
        assertEquals(HEX.formatHex(v.publicKey()), signer.publicKey().hex(), "public key of the seed");
        assertEquals(HEX.formatHex(v.signature()), HEX.formatHex(signer.sign(v.message())), "signature");
        assertTrue(Ed25519.verify(Ed25519PublicKey.wrap(v.publicKey()), v.message(), v.signature()));
    }

    @Test
    void theRfcMessagesAreWhatTheRfcSaysTheyAre() throws Exception {
        assertEquals(1023, Rfc8032Vectors.named("TEST 1024").message().length);
        assertArrayEquals(MessageDigest.getInstance("SHA-512").digest("abc".getBytes()),
                Rfc8032Vectors.named("TEST SHA(abc)").message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfcVectors")
    void anyOneBitFlippedInTheSignatureFailsVerification(Rfc8032Vectors.Vector v) {
        Ed25519PublicKey key = Ed25519PublicKey.wrap(v.publicKey());
        for (int bit = 0; bit < 8 * Ed25519.SIGNATURE_LENGTH; bit++) {
            byte[] flipped = v.signature().clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(Ed25519.verify(key, v.message(), flipped), "signature bit " + bit);
        }
    }

    @Test
    void aChangedMessageOrAnotherKeyFailsVerification() {
        Rfc8032Vectors.Vector v = Rfc8032Vectors.named("TEST 3");
        Ed25519PublicKey key = Ed25519PublicKey.wrap(v.publicKey());
        byte[] changed = v.message().clone();
        changed[1] ^= 1;
        assertFalse(Ed25519.verify(key, changed, v.signature()));
        assertFalse(Ed25519.verify(key, Arrays.copyOf(v.message(), 3), v.signature()));
        Ed25519PublicKey other = Ed25519PublicKey.wrap(Rfc8032Vectors.named("TEST 2").publicKey());
        assertFalse(Ed25519.verify(other, v.message(), v.signature()));
    }

    @Test
    void aSignatureOfAnotherLengthIsFalseNotAnException() {
        Rfc8032Vectors.Vector v = Rfc8032Vectors.named("TEST 1");
        Ed25519PublicKey key = Ed25519PublicKey.wrap(v.publicKey());
        assertFalse(Ed25519.verify(key, v.message(), Arrays.copyOf(v.signature(), 63)));
        assertFalse(Ed25519.verify(key, v.message(), Arrays.copyOf(v.signature(), 65)));
        assertFalse(Ed25519.verify(key, v.message(), new byte[0]));
        assertFalse(Ed25519.verify(key, v.message(), null));
    }

    @Test
    void anSAtOrAboveTheGroupOrderIsRefused() {
        // S + L is the same scalar mod L: a verifier that reduced S would accept a second spelling.
        Rfc8032Vectors.Vector v = Rfc8032Vectors.named("TEST 1");
        BigInteger order = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
        byte[] s = Arrays.copyOfRange(v.signature(), 32, 64);
        BigInteger sPlusL = littleEndian(s).add(order);
        byte[] malleated = Arrays.copyOf(v.signature(), 64);
        System.arraycopy(toLittleEndian(sPlusL), 0, malleated, 32, 32);
        assertFalse(Ed25519.verify(Ed25519PublicKey.wrap(v.publicKey()), v.message(), malleated));
    }

    @Test
    void theSmallOrderListIsExactlyTheEightPointsOfTheTorsionSubgroup() {
        Map<Integer, Integer> byOrder = new HashMap<>();
        Set<EdwardsCurve.Point> points = new HashSet<>();
        for (String hex : Ed25519PublicKey.SMALL_ORDER) {
            EdwardsCurve.Point point = EdwardsCurve.decode(HEX.parseHex(hex));
            assertNotNull(point, hex + " decodes");
            int order = EdwardsCurve.smallOrder(point);
            assertTrue(order > 0, hex + " has order 1, 2, 4 or 8");
            byOrder.merge(order, 1, Integer::sum);
            points.add(point);
        }
        // 8 distinct points with [8]P = identity are the whole (cyclic, order 8) torsion subgroup.
        assertEquals(8, points.size());
        assertEquals(Map.of(1, 1, 2, 1, 4, 2, 8, 4), byOrder);
        // and the same arithmetic finds no small order in a real key
        assertEquals(0, EdwardsCurve.smallOrder(EdwardsCurve.decode(Rfc8032Vectors.named("TEST 1").publicKey())));
    }

    @Test
    void everySmallOrderKeyIsRefused() {
        for (String hex : Ed25519PublicKey.SMALL_ORDER) {
            InvalidValueException e = assertThrows(InvalidValueException.class, () -> Ed25519PublicKey.parse(hex, "public_key"), hex);
            assertTrue(e.getMessage().contains("small order"), e.getMessage());
            assertThrows(InvalidValueException.class, () -> Ed25519PublicKey.wrap(HEX.parseHex(hex)), hex);
        }
    }

    @Test
    void aForgeryUnderTheIdentityKeyIsRefusedWithTheKeyWhichTheJdkWouldHaveAccepted() {
        // R = identity, S = 0 satisfies [S]B = R + [k]A when A is the identity, for any message.
        String identity = Ed25519PublicKey.SMALL_ORDER.get(0);
        byte[] forgery = new byte[64];
        forgery[0] = 1;
        byte[] message = "pay the forger 1000000".getBytes();
        Ed25519EdgeCasesTest.Case c = new Ed25519EdgeCasesTest.Case("identity", "forgery under the identity key",
                message, identity, HEX.formatHex(forgery), Ed25519EdgeCasesTest.Outcome.KEY_REFUSED,
                Ed25519EdgeCasesTest.Outcome.ACCEPTED);
        assertEquals(Ed25519EdgeCasesTest.Outcome.ACCEPTED, Ed25519EdgeCasesTest.jdk(c),
                "the JDK's provider verifies it: a library's answer alone is not the rule");
        assertFalse(org.bouncycastle.math.ec.rfc8032.Ed25519.verify(forgery, 0, HEX.parseHex(identity), 0, message, 0,
                message.length), "BouncyCastle refuses small-order keys itself");
        assertThrows(InvalidValueException.class, () -> Ed25519PublicKey.parse(identity, "public_key"));
    }

    @Test
    void encodingsThatAreNoCanonicalPointAreRefused() {
        List<String> undecodable = List.of(
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p (0, non-canonical)
                "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p + 1 (1, non-canonical)
                "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = 2^255 - 1
                "0100000000000000000000000000000000000000000000000000000000000080", // x = 0 with the sign bit
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // x = 0 with the sign bit
                "0200000000000000000000000000000000000000000000000000000000000000"); // y = 2: x^2 has no root
        for (String hex : undecodable) {
            assertNull(EdwardsCurve.decode(HEX.parseHex(hex)), hex + " is no point by RFC 8032 5.1.3");
            InvalidValueException e = assertThrows(InvalidValueException.class, () -> Ed25519PublicKey.parse(hex, "public_key"), hex);
            assertTrue(e.getMessage().startsWith("public_key is not an Ed25519 point"), e.getMessage());
        }
    }

    @Test
    void publicKeyTextIsSixtyFourHexDigits() {
        String good = HEX.formatHex(Rfc8032Vectors.named("TEST 2").publicKey());
        assertEquals(good, Ed25519PublicKey.parse(good.toUpperCase(), "k").hex());
        assertThrows(InvalidValueException.class, () -> Ed25519PublicKey.parse(good.substring(2), "k"));
        assertThrows(InvalidValueException.class, () -> Ed25519PublicKey.parse("zz" + good.substring(2), "k"));
        assertThrows(InvalidValueException.class, () -> Ed25519PublicKey.parse(null, "k"));
        assertThrows(InvalidValueException.class, () -> Ed25519PublicKey.wrap(new byte[31]));
    }

    @Test
    void signatureTextIs128HexDigits() {
        String hex = HEX.formatHex(Rfc8032Vectors.named("TEST 1").signature());
        assertArrayEquals(Rfc8032Vectors.named("TEST 1").signature(), Ed25519.parseSignature(hex, "signature"));
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Ed25519.parseSignature(hex.substring(1), "signature"));
        assertTrue(e.getMessage().contains("128 hex digits"), e.getMessage());
        assertThrows(InvalidValueException.class, () -> Ed25519.parseSignature("g" + hex.substring(1), "signature"));
    }

    @Test
    void generatedKeysSignAndVerifyAndDifferFromEachOther() {
        SecureRandom random = new SecureRandom();
        Ed25519Signer a = Ed25519Signer.generate(random);
        Ed25519Signer b = Ed25519Signer.generate(random);
        assertFalse(a.publicKey().equals(b.publicKey()));
        byte[] message = "transfer".getBytes();
        assertTrue(Ed25519.verify(a.publicKey(), message, a.sign(message)));
        assertFalse(Ed25519.verify(b.publicKey(), message, a.sign(message)));
        assertEquals(a.publicKey(), Ed25519Signer.fromSeed(a.seed()).publicKey());
        assertFalse(a.toString().contains(HEX.formatHex(a.seed())), "toString never shows the seed");
    }

    @Test
    void bouncyCastleRunsFromOurOwnClassesUnsignedNotFromItsSignedJar() {
        // pom.xml unpacks it into target/classes: checking the jar's signature costs a cold start ~0.3 s of CPU
        java.security.CodeSource bouncyCastle = org.bouncycastle.math.ec.rfc8032.Ed25519.class.getProtectionDomain()
                .getCodeSource();
        assertNull(bouncyCastle.getCertificates(), "loaded from a signed jar");
        assertEquals(Ed25519.class.getProtectionDomain().getCodeSource().getLocation(), bouncyCastle.getLocation());
    }

    @Test
    void aSeedMustBe32Bytes() {
        assertThrows(InvalidValueException.class, () -> Ed25519Signer.fromSeed(new byte[31]));
        assertThrows(InvalidValueException.class, () -> Ed25519Signer.fromSeed(new byte[33]));
    }

    private static BigInteger littleEndian(byte[] bytes) {
        byte[] big = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            big[i] = bytes[bytes.length - 1 - i];
        }
        return new BigInteger(1, big);
    }

    private static byte[] toLittleEndian(BigInteger value) {
        byte[] big = value.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < big.length; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }
}
