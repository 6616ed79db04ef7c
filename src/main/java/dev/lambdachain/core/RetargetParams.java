package dev.lambdachain.core;

/**
 * How a network's proof-of-work target moves (docs/CONSENSUS.md). {@code interval} 0 means a fixed
 * target: every block's target is {@code start}. Otherwise every {@code interval} blocks the target
 * is scaled by how long the last {@code interval} blocks took against {@code interval *
 * targetBlockMillis}, by at most {@code clampFactor} either way, and never above {@code limit}.
 *
 * <p>{@code start} is the target of genesis and of every block before the first retarget;
 * {@code limit} is the easiest target ever allowed (Bitcoin's {@code powLimit}). With retargeting
 * both must be compact ({@link Target#isCompact}), so that every retarget, rounded through the
 * compact form, is too. Invalid combinations throw {@link IllegalArgumentException}: these are
 * configuration, not input. Source: Bitcoin Core {@code Consensus::Params} (src/consensus/params.h).
 */
public record RetargetParams(Target start, Target limit, int interval, long targetBlockMillis, int clampFactor) {

    public RetargetParams {
        if (start == null || limit == null) {
            throw new IllegalArgumentException("retarget parameters need a start and a limit target");
        }
        if (interval < 0) {
            throw new IllegalArgumentException("retarget interval must be 0 (fixed target) or positive, got " + interval);
        }
        if (interval > 0) {
            if (!start.isCompact() || !limit.isCompact()) {
                throw new IllegalArgumentException("a retargeting network needs compact start and limit targets, got "
                        + start + " and " + limit);
            }
            if (start.value().signum() == 0 || start.compareTo(limit) > 0) {
                throw new IllegalArgumentException("the start target must be above 0 and at most the limit, got "
                        + start + " with limit " + limit);
            }
            if (targetBlockMillis < 1 || clampFactor < 2) {
                throw new IllegalArgumentException("target block time must be positive and the clamp factor at least 2,"
                        + " got " + targetBlockMillis + " ms and " + clampFactor);
            }
            // Fails now rather than overflow in a retarget.
            Math.multiplyExact(Math.multiplyExact((long) interval, targetBlockMillis), (long) clampFactor);
        }
    }

    /** A fixed target, as version 1 headers have: every block at {@code target}. */
    public static RetargetParams fixed(Target target) {
        return new RetargetParams(target, target, 0, 0, 0);
    }

    /**
     * Retargeting every {@code interval} blocks toward {@code targetBlockMillis} per block, by at most
     * {@code clampFactor} per retarget, starting at {@code start}, which is also the easiest target.
     */
    public static RetargetParams every(int interval, long targetBlockMillis, int clampFactor, Target start) {
        return new RetargetParams(start, start, interval, targetBlockMillis, clampFactor);
    }

    public boolean retargets() {
        return interval > 0;
    }

    /** How long one period of {@code interval} blocks should take, in ms. */
    public long timespanMillis() {
        return interval * targetBlockMillis;
    }

    /**
     * True when the block at {@code height} gets a newly computed target: a multiple of the interval,
     * from twice the interval on (the first period, which starts at genesis with its fixed
     * configured timestamp, is not measured).
     */
    public boolean isRetargetHeight(long height) {
        return retargets() && height % interval == 0 && height >= 2L * interval;
    }

    /**
     * For the block at retarget height {@code height}: the height of the block whose timestamp opens
     * the measured period, {@code height - 1 - interval}. The period then spans exactly
     * {@code interval} block times (Bitcoin measures {@code interval - 1}, see docs/CONSENSUS.md).
     */
    public long periodStartHeight(long height) {
        if (!isRetargetHeight(height)) {
            throw new IllegalArgumentException("height " + height + " is not a retarget height");
        }
        return height - 1 - interval;
    }
}
