package dev.lambdachain.core;

import java.math.BigInteger;

/**
 * The difficulty adjustment: the target a block must carry, from its parent's. A pure function of
 * header fields, so every node computes bit-identical targets (docs/CONSENSUS.md has the formula
 * and a worked example). In the style of Bitcoin Core's {@code GetNextWorkRequired} and
 * {@code CalculateNextWorkRequired} (src/pow.cpp) and bitcoinj's {@code Difficulty.adjust}, with
 * one deliberate difference: the measured period spans {@code interval} block times, not
 * {@code interval - 1}.
 */
public final class Retarget {
    private Retarget() {
    }

    /**
     * The target of the block at {@code parentHeight + 1}.
     *
     * <ul>
     *   <li>fixed target ({@code interval} 0): {@code params.start()};</li>
     *   <li>not a retarget height ({@link RetargetParams#isRetargetHeight}): {@code parentTarget};</li>
     *   <li>otherwise {@code parentTarget * actual / timespan}, where {@code timespan = interval *
     *   targetBlockMillis} and {@code actual = parentTimestamp - periodStartTimestamp} clamped to
     *   {@code [timespan / clampFactor, timespan * clampFactor]} (integer division), in exact
     *   arithmetic, capped at {@code params.limit()}, at least 1, then rounded down to a compact
     *   value ({@link Target#roundedToCompact}).</li>
     * </ul>
     *
     * @param periodStartTimestamp ms timestamp of the block at
     *     {@link RetargetParams#periodStartHeight}{@code (parentHeight + 1)} on the parent's branch;
     *     read only at retarget heights
     * @param parentTimestamp ms timestamp of the parent
     */
    public static Target nextTarget(RetargetParams params, long parentHeight, Target parentTarget,
                                    long periodStartTimestamp, long parentTimestamp) {
        if (!params.retargets()) {
            return params.start();
        }
        if (!params.isRetargetHeight(parentHeight + 1)) {
            return parentTarget;
        }
        long timespan = params.timespanMillis();
        long actual = clamp(periodStartTimestamp, parentTimestamp, timespan / params.clampFactor(),
                timespan * params.clampFactor());
        BigInteger next = parentTarget.value().multiply(BigInteger.valueOf(actual))
                .divide(BigInteger.valueOf(timespan))
                .min(params.limit().value())
                // A target of 0 could never be met again: the chain would stop for good.
                .max(BigInteger.ONE);
        return Target.of(next).roundedToCompact();
    }

    /** {@code to - from} within {@code [min, max]}, without overflow whatever the timestamps. */
    private static long clamp(long from, long to, long min, long max) {
        if (to <= from) {
            return min;
        }
        long elapsed = to - from;
        if (elapsed < 0) { // overflowed: further apart than any clamp
            return max;
        }
        return Math.max(min, Math.min(max, elapsed));
    }
}
