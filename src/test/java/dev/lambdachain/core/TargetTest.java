package dev.lambdachain.core;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Targets: the compact form as Bitcoin reads it, work, and the same verdicts as leading zero hex digits. */
class TargetTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] bytes(String hex) {
        return HEX.parseHex(hex);
    }

    private static String zeros(int digits) {
        return "0".repeat(digits);
    }

    @Test
    void bitcoinGenesisBitsDecodeToTheKnownTargetAndWork() {
        Target genesis = Target.ofCompact(0x1d00ffff);
        assertEquals("00000000ffff" + zeros(52), genesis.hex());
        assertEquals(0x1d00ffff, genesis.toCompact());
        assertEquals(BigInteger.valueOf(4_295_032_833L), genesis.work());
        assertEquals("1d00ffff = 00000000ffff" + zeros(52), genesis.toString());
        // Bitcoin's genesis block hash, as it is written (most significant byte first), meets its bits.
        assertTrue(genesis.isMetBy(bytes("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f")));
    }

    @Test
    void aHashMeetsATargetWhenAtMostItAsAnUnsignedBigEndianNumber() {
        Target genesis = Target.ofCompact(0x1d00ffff);
        assertTrue(genesis.isMetBy(bytes("00000000ffff" + zeros(52))));
        assertFalse(genesis.isMetBy(bytes("00000000ffff" + zeros(51) + "1")));
        assertTrue(genesis.isMetBy(bytes("00000000fffe" + "f".repeat(52))));
        assertFalse(genesis.isMetBy(bytes("80" + zeros(62))), "the top bit is a value, not a sign");
        assertTrue(genesis.isMetBy(new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> genesis.isMetBy(new byte[31]));
    }

    @Test
    void compactFormsDecodeAndEncodeAsBitcoinCoreDoes() {
        // Pairs from Bitcoin Core's arith_uint256 tests (SetCompact / GetCompact), canonical forms only.
        Object[][] vectors = {
            {0x00000000, "0"}, {0x01120000, "12"}, {0x02008000, "80"}, {0x02123400, "1234"},
            {0x03123456, "123456"}, {0x04123456, "12345600"}, {0x05009234, "92340000"},
            {0x20123456, "123456" + zeros(58)}, {0x2100ffff, "ffff" + zeros(60)},
        };
        for (Object[] vector : vectors) {
            int bits = (Integer) vector[0];
            Target target = Target.ofCompact(bits);
            assertEquals(new BigInteger((String) vector[1], 16), target.value(), Target.compactHex(bits));
            assertEquals(bits, target.toCompact(), Target.compactHex(bits));
            assertTrue(target.isCompact());
        }
    }

    @Test
    void compactFormsThatAreNegativeOverflowingOrNotCanonicalAreRefused() {
        assertRefused(0x04923456, "sign bit");
        assertRefused(0x01fedcba, "sign bit");
        assertRefused(0x00800000, "sign bit");
        assertRefused(0xff123456, "above 2^256");
        assertRefused(0x22010000, "above 2^256");
        assertRefused(0x01003456, "canonical form; the same value is 00000000");
        assertRefused(0x04000080, "canonical form; the same value is 03008000");
        assertRefused(0x1f000001, "canonical form; the same value is 1d010000");
        assertRefused(0x01123456, "canonical form; the same value is 01120000");
    }

    private static void assertRefused(int bits, String reason) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Target.ofCompact(bits), Target.compactHex(bits));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void toCompactRoundsDownToTheLargestCompactValueNotAbove() {
        Random random = new Random(14);
        for (int i = 0; i < 2000; i++) {
            BigInteger value = new BigInteger(1 + random.nextInt(256), random);
            Target target = Target.of(value);
            Target rounded = target.roundedToCompact();
            assertTrue(rounded.compareTo(target) <= 0, value.toString(16));
            assertEquals(rounded.value().equals(value), target.isCompact());
            if (!target.isCompact()) {
                // The next compact value up, mantissa + 1 at the same length, is above the value.
                int bits = rounded.toCompact();
                int size = bits >>> 24;
                assertTrue(size > 3, value.toString(16));
                BigInteger next = BigInteger.valueOf((bits & 0x7fffff) + 1L).shiftLeft(8 * (size - 3));
                assertTrue(next.compareTo(value) > 0, value.toString(16));
            }
        }
    }

    @Test
    void leadingZeroHexDigitTargetsAreTwoToThe256Minus4dMinusOneWithWorkSixteenToTheD() {
        for (int d = 0; d <= 64; d++) {
            Target target = Target.fromLeadingZeroHexDigits(d);
            assertEquals(BigInteger.ONE.shiftLeft(256 - 4 * d).subtract(BigInteger.ONE), target.value(), "d " + d);
            assertEquals(BigInteger.valueOf(16).pow(d), target.work(), "d " + d);
        }
        assertEquals(zeros(4) + "f".repeat(60), Target.fromLeadingZeroHexDigits(4).hex());
        assertThrows(IllegalArgumentException.class, () -> Target.fromLeadingZeroHexDigits(65));
        assertThrows(IllegalArgumentException.class, () -> Target.fromLeadingZeroHexDigits(-1));
    }

    /**
     * For every difficulty, on random hashes with every count of leading zero digits and on the
     * hashes next to each boundary: the target accepts exactly what today's check accepts, on bytes
     * and on the mining loop's words, and what the hex string says.
     */
    @Test
    void leadingZeroHexDigitTargetsAcceptExactlyWhatTodaysCheckAccepts() {
        List<byte[]> hashes = new ArrayList<>();
        Random random = new Random(4);
        for (int i = 0; i < 20_000; i++) {
            byte[] hash = new byte[32];
            random.nextBytes(hash);
            int zeroDigits = random.nextInt(65);
            for (int digit = 0; digit < zeroDigits; digit++) {
                hash[digit / 2] &= (byte) (digit % 2 == 0 ? 0x0F : 0xF0);
            }
            hashes.add(hash);
        }
        for (int d = 0; d <= 64; d++) {
            BigInteger bound = BigInteger.ONE.shiftLeft(256 - 4 * d);
            for (BigInteger near : new BigInteger[] {bound.subtract(BigInteger.ONE), bound, bound.add(BigInteger.ONE),
                    bound.subtract(BigInteger.TWO)}) {
                if (near.signum() >= 0 && near.bitLength() <= 256) {
                    hashes.add(bytesOf(near));
                }
            }
        }
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xFF);
        hashes.add(ones);
        hashes.add(new byte[32]);

        int accepted = 0;
        for (int d = 0; d <= 64; d++) {
            Target target = Target.fromLeadingZeroHexDigits(d);
            for (byte[] hash : hashes) {
                boolean today = ProofOfWork.meets(hash, d);
                String what = "d " + d + " hash " + HEX.formatHex(hash);
                assertEquals(today, target.isMetBy(hash), what);
                assertEquals(today, target.isMetBy(NonceHasher.words(hash)), what);
                assertEquals(today, HEX.formatHex(hash).startsWith(zeros(d)), what);
                accepted += today ? 1 : 0;
            }
        }
        assertTrue(accepted > 100_000, "the sample must exercise acceptance, accepted " + accepted);
    }

    private static byte[] bytesOf(BigInteger value) {
        return HEX.parseHex(String.format("%64s", value.toString(16)).replace(' ', '0'));
    }

    /**
     * Difficulty 4 in compact form: 2^240 - 1 is not compact; the largest compact value below it is
     * 0x1f00ffff = 0x0000ffff00..00. It accepts every hash with 4 leading zero digits except the
     * 2^224 - 1 from 0x0000ffff00..01 to 0x0000ffffff..ff (a share of 2^-16), and its work is 65537.
     */
    @Test
    void difficultyFourRoundsToCompact1f00ffff() {
        Target exact = Target.fromLeadingZeroHexDigits(4);
        Target compact = exact.roundedToCompact();
        assertFalse(exact.isCompact());
        assertEquals(0x1f00ffff, exact.toCompact());
        assertEquals(Target.ofCompact(0x1f00ffff), compact);
        assertEquals("0000ffff" + zeros(56), compact.hex());
        assertEquals(BigInteger.ONE.shiftLeft(224).subtract(BigInteger.ONE), exact.value().subtract(compact.value()));
        assertEquals(BigInteger.valueOf(65_537), compact.work());
        assertEquals(BigInteger.valueOf(65_536), exact.work());

        byte[][] acceptedByBoth = {bytes("0000ffff" + zeros(56)), bytes("0000fffe" + "f".repeat(56)), new byte[32]};
        byte[][] onlyByTheExact = {bytes("0000ffff" + zeros(55) + "1"), bytes("0000" + "f".repeat(60))};
        byte[][] byNeither = {bytes("0001" + zeros(60)), bytes("1" + zeros(63))};
        for (byte[] hash : acceptedByBoth) {
            assertTrue(exact.isMetBy(hash) && compact.isMetBy(hash), HEX.formatHex(hash));
        }
        for (byte[] hash : onlyByTheExact) {
            assertTrue(exact.isMetBy(hash) && !compact.isMetBy(hash), HEX.formatHex(hash));
        }
        for (byte[] hash : byNeither) {
            assertFalse(exact.isMetBy(hash) || compact.isMetBy(hash), HEX.formatHex(hash));
        }
    }

    @Test
    void everyDifficultyHasItsCompactFormPinned() {
        // d -> compact form of the largest compact target not above 2^(256-4d) - 1.
        assertEquals(0x2100ffff, Target.fromLeadingZeroHexDigits(0).toCompact());
        assertEquals(0x200fffff, Target.fromLeadingZeroHexDigits(1).toCompact());
        assertEquals(0x2000ffff, Target.fromLeadingZeroHexDigits(2).toCompact());
        assertEquals(0x1f0fffff, Target.fromLeadingZeroHexDigits(3).toCompact());
        assertEquals(0x1f00ffff, Target.fromLeadingZeroHexDigits(4).toCompact());
        assertEquals(0x1e0fffff, Target.fromLeadingZeroHexDigits(5).toCompact());
        assertEquals(0x1e00ffff, Target.fromLeadingZeroHexDigits(6).toCompact());
        assertEquals(0x1d00ffff, Target.fromLeadingZeroHexDigits(8).toCompact());
        assertEquals(0x030fffff, Target.fromLeadingZeroHexDigits(59).toCompact());
        assertEquals(0x0300ffff, Target.fromLeadingZeroHexDigits(60).toCompact());
        assertEquals(0x010f0000, Target.fromLeadingZeroHexDigits(63).toCompact());
        assertEquals(0x00000000, Target.fromLeadingZeroHexDigits(64).toCompact());
        long[][] works = {{2, 256}, {4, 65_537}, {5, 1_048_577}, {6, 16_777_472}, {8, 4_295_032_833L}};
        for (long[] dw : works) {
            assertEquals(BigInteger.valueOf(dw[1]),
                    Target.fromLeadingZeroHexDigits((int) dw[0]).roundedToCompact().work(), "d " + dw[0]);
        }
        // Compact from 59 on: 2^(256-4d) - 1 has at most 20 bits, which the mantissa holds.
        for (int d = 0; d <= 64; d++) {
            assertEquals(d >= 59, Target.fromLeadingZeroHexDigits(d).isCompact(), "d " + d);
        }
    }

    @Test
    void theWordCheckOfTheMiningLoopAgreesWithTheByteCheckNearTheTarget() {
        Random random = new Random(256);
        for (int i = 0; i < 5000; i++) {
            Target target = Target.of(new BigInteger(1 + random.nextInt(256), random)).roundedToCompact();
            byte[] hash = bytesOf(target.value());
            // Same first words as the target, then a change deeper in: exercises every word of the compare.
            int at = random.nextInt(32);
            hash[at] = (byte) (hash[at] + (random.nextBoolean() ? 1 : -1));
            assertEquals(target.isMetBy(hash), target.isMetBy(NonceHasher.words(hash)), target + " " + HEX.formatHex(hash));
            assertEquals(Arrays.compareUnsigned(hash, bytesOf(target.value())) <= 0, target.isMetBy(hash));
        }
    }

    @Test
    void valuesOutsideTwoFiftySixBitsAreRefused() {
        assertThrows(InvalidValueException.class, () -> Target.of(BigInteger.ONE.shiftLeft(256)));
        assertThrows(InvalidValueException.class, () -> Target.of(BigInteger.valueOf(-1)));
        assertEquals("f".repeat(64), Target.of(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)).hex());
    }

    @Test
    void targetsOrderByValueAndCompareByValue() {
        Target easy = Target.ofCompact(0x1f00ffff);
        Target hard = Target.ofCompact(0x1e7fff80);
        assertTrue(hard.compareTo(easy) < 0);
        assertTrue(easy.compareTo(Target.fromLeadingZeroHexDigits(0)) < 0);
        assertEquals(easy, Target.of(easy.value()));
        assertEquals(easy.hashCode(), Target.of(easy.value()).hashCode());
    }
}
