package dev.lambdachain.core;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The difficulty adjustment: Bitcoin's known answers, the clamp, the limit, fixed mode and the period's length. */
class RetargetTest {
    private static final Target D4 = Target.fromLeadingZeroHexDigits(4).roundedToCompact();     // 1f00ffff
    private static final Target D2 = Target.fromLeadingZeroHexDigits(2).roundedToCompact();     // 2000ffff
    private static final long MINUTE = 60_000;
    /** 10 blocks of a minute, at most 4x per retarget, starting at difficulty 4, never easier than difficulty 2. */
    private static final RetargetParams PARAMS = new RetargetParams(D4, D2, 10, MINUTE, 4);
    private static final long T0 = 1_700_000_000_000L;

    private static Target afterPeriodOf(long millis) {
        return Retarget.nextTarget(PARAMS, 19, D4, T0, T0 + millis);
    }

    private static BigInteger times(Target target, long numerator, long denominator) {
        return target.value().multiply(BigInteger.valueOf(numerator)).divide(BigInteger.valueOf(denominator));
    }

    @Test
    void bitcoinsKnownRetargetsComeOutBitForBit() {
        // Bitcoin Core src/test/pow_tests.cpp; seconds there, ms here: the ratio is the same.
        RetargetParams bitcoin = new RetargetParams(Target.ofCompact(0x1d00ffff), Target.ofCompact(0x1d00ffff),
                2016, 600_000, 4);
        long[][] vectors = {
            // parent height, period start (s), parent time (s), parent bits, expected bits
            {32255, 1261130161, 1262152739, 0x1d00ffff, 0x1d00d86a},   // get_next_work: no clamp
            {4031, 1231006505, 1233061996, 0x1d00ffff, 0x1d00ffff},    // get_next_work_pow_limit (height 2015 there)
            {68543, 1279008237, 1279297671, 0x1c05a3f4, 0x1c0168fd},   // lower clamp: 4x harder
            {46367, 1263163443, 1269211443, 0x1c387f6f, 0x1d00e1fd},   // upper clamp: 4x easier
        };
        for (long[] v : vectors) {
            Target next = Retarget.nextTarget(bitcoin, v[0], Target.ofCompact((int) v[3]), v[1] * 1000, v[2] * 1000);
            assertEquals(Target.compactHex((int) v[4]), Target.compactHex(next.toCompact()), "parent " + v[0]);
        }
    }

    @Test
    void twiceSlowerBlocksDoubleTheTargetAndTwiceFasterHalveIt() {
        assertEquals(times(D4, 2, 1), afterPeriodOf(20 * MINUTE).value());
        assertEquals(0x1f01fffe, afterPeriodOf(20 * MINUTE).toCompact());
        assertEquals(times(D4, 1, 2), afterPeriodOf(5 * MINUTE).value());
        assertEquals(0x1e7fff80, afterPeriodOf(5 * MINUTE).toCompact());
        assertEquals(D4, afterPeriodOf(10 * MINUTE));
    }

    @Test
    void stepsAreFinerThanOneHexDigit() {
        // 10 % slower: 1.1x easier, where a leading-zero difficulty can only move 16x.
        Target next = afterPeriodOf(11 * MINUTE);
        assertEquals(Target.of(times(D4, 11, 10)).roundedToCompact(), next);
        assertTrue(next.compareTo(D4) > 0);
        assertEquals(0x1f011998, next.toCompact());
    }

    @Test
    void oneRetargetMovesAtMostTheClampFactorEitherWay() {
        assertEquals(times(D4, 4, 1), afterPeriodOf(100 * MINUTE).value());
        assertEquals(times(D4, 1, 4), afterPeriodOf(MINUTE).value());
        assertEquals(times(D4, 1, 4), afterPeriodOf(0).value(), "all blocks at the same millisecond");
        assertEquals(times(D4, 1, 4), Retarget.nextTarget(PARAMS, 19, D4, T0, T0 - MINUTE).value(),
                "a period that ends before it starts");
        assertEquals(times(D4, 4, 1), Retarget.nextTarget(PARAMS, 19, D4, Long.MIN_VALUE, Long.MAX_VALUE).value(),
                "timestamps so far apart their difference overflows");
    }

    @Test
    void theTargetNeverGetsEasierThanTheLimit() {
        Target nearLimit = Target.of(times(D2, 1, 2)).roundedToCompact();
        assertEquals(D2, Retarget.nextTarget(PARAMS, 19, nearLimit, T0, T0 + 40 * MINUTE));
        RetargetParams limitedAtStart = RetargetParams.every(10, MINUTE, 4, D4);
        assertEquals(D4, Retarget.nextTarget(limitedAtStart, 19, D4, T0, T0 + 40 * MINUTE));
    }

    @Test
    void theTargetNeverReachesZero() {
        Target hardest = Target.ofCompact(0x01010000); // 1
        assertEquals(hardest, Retarget.nextTarget(PARAMS, 19, hardest, T0, T0));
    }

    @Test
    void betweenRetargetHeightsTheParentsTargetCarriesOn() {
        Target parent = Target.ofCompact(0x1e7fff80);
        for (long parentHeight : new long[] {0, 1, 8, 9, 10, 18, 20, 28}) {
            assertEquals(parent, Retarget.nextTarget(PARAMS, parentHeight, parent, T0, T0 + 100 * MINUTE),
                    "parent height " + parentHeight);
        }
        assertEquals(times(parent, 4, 1), Retarget.nextTarget(PARAMS, 29, parent, T0, T0 + 100 * MINUTE).value());
    }

    @Test
    void theFirstPeriodFromGenesisIsNotMeasured() {
        assertFalse(PARAMS.isRetargetHeight(0));
        assertFalse(PARAMS.isRetargetHeight(10));
        assertTrue(PARAMS.isRetargetHeight(20));
        assertTrue(PARAMS.isRetargetHeight(30));
        assertFalse(PARAMS.isRetargetHeight(25));
        assertThrows(IllegalArgumentException.class, () -> PARAMS.periodStartHeight(10));
    }

    /**
     * The period ending at the parent spans exactly {@code interval} block times: from the block
     * below the period's first to the parent. Blocks exactly on time leave the target unchanged;
     * Bitcoin's window (interval - 1 block times) would make it 10 % harder here.
     */
    @Test
    void aPeriodOfBlocksExactlyOnTimeKeepsTheTarget() {
        long[] timestamps = new long[30];
        for (int h = 0; h < timestamps.length; h++) {
            timestamps[h] = T0 + h * MINUTE;
        }
        long retargetHeight = 30;
        long start = PARAMS.periodStartHeight(retargetHeight);
        assertEquals(19, start);
        assertEquals(PARAMS.interval() * MINUTE, timestamps[29] - timestamps[(int) start]);
        assertEquals(D4, Retarget.nextTarget(PARAMS, 29, D4, timestamps[(int) start], timestamps[29]));
        Target bitcoinsWindow = Retarget.nextTarget(PARAMS, 29, D4, timestamps[20], timestamps[29]);
        assertEquals(Target.of(times(D4, 9, 10)).roundedToCompact(), bitcoinsWindow);
    }

    @Test
    void withRetargetingOffEveryBlockHasTheFixedTarget() {
        Target fixed = Target.fromLeadingZeroHexDigits(4);
        RetargetParams off = RetargetParams.fixed(fixed);
        assertFalse(off.retargets());
        assertFalse(off.isRetargetHeight(20));
        for (long parentHeight : new long[] {0, 9, 19, 2015, 4031}) {
            assertEquals(fixed, Retarget.nextTarget(off, parentHeight, fixed, T0, T0 + 1000 * MINUTE));
            assertEquals(fixed, Retarget.nextTarget(off, parentHeight, D2, T0, T0 + MINUTE), "ignores a claimed target");
        }
    }

    @Test
    void everyRetargetIsACanonicalCompactValue() {
        Target parent = D4;
        long time = T0;
        for (long millis : new long[] {7 * MINUTE + 1, 13 * MINUTE + 7, 3 * MINUTE + 999, 9 * MINUTE + 1}) {
            Target next = Retarget.nextTarget(PARAMS, 19, parent, time, time + millis);
            assertTrue(next.isCompact(), next.toString());
            assertEquals(next, Target.ofCompact(next.toCompact()));
            parent = next;
            time += millis;
        }
    }

    @Test
    void inconsistentParametersAreRefused() {
        Target exact = Target.fromLeadingZeroHexDigits(4);
        assertThrows(IllegalArgumentException.class, () -> RetargetParams.every(10, MINUTE, 4, exact));
        assertThrows(IllegalArgumentException.class, () -> new RetargetParams(D2, D4, 10, MINUTE, 4));
        assertThrows(IllegalArgumentException.class, () -> RetargetParams.every(10, MINUTE, 1, D4));
        assertThrows(IllegalArgumentException.class, () -> RetargetParams.every(10, 0, 4, D4));
        assertThrows(IllegalArgumentException.class, () -> RetargetParams.every(-1, MINUTE, 4, D4));
        assertThrows(IllegalArgumentException.class, () -> RetargetParams.every(10, MINUTE, 4, Target.ofCompact(0)));
        assertThrows(ArithmeticException.class, () -> RetargetParams.every(Integer.MAX_VALUE, Long.MAX_VALUE / 2, 4, D4));
    }
}
