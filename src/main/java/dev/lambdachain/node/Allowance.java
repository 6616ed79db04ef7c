package dev.lambdachain.node;

import java.util.function.LongSupplier;

/**
 * How many items of one kind (announcements, refused transactions) the senders may cost this
 * process per second (docs/RELAY.md "Limits"): a token bucket per source address and one for all
 * sources together. The per-source buckets are a fixed table of {@link #SOURCE_SLOTS}, chosen by
 * the address's hash, so memory stays the same whatever number of addresses sends (two addresses
 * in one slot share its allowance). A request without a source address (an event file, a direct
 * invocation: API Gateway and the runner always name one) draws on the shared bucket only.
 * Per process: a Lambda container or the runner; it guards this process's work, it decides
 * nothing about the chain.
 */
public final class Allowance {
    /** The number of per-source buckets. */
    static final int SOURCE_SLOTS = 256;

    private final LongSupplier millis;
    private final Bucket all;
    private final Bucket[] sources = new Bucket[SOURCE_SLOTS];

    /**
     * @param millis    the time now, in milliseconds (the node's clock)
     * @param perSource per second and at once (burst) for one source address
     * @param together  per second and at once (burst) for all sources
     */
    Allowance(LongSupplier millis, Rate perSource, Rate together) {
        this.millis = millis;
        this.all = new Bucket(together);
        for (int i = 0; i < SOURCE_SLOTS; i++) {
            sources[i] = new Bucket(perSource);
        }
    }

    /** A refill rate per second and the most tokens a bucket holds (the burst). */
    record Rate(double perSecond, double burst) {
    }

    /** True when both the source's bucket and the shared one hold a whole token; takes nothing. */
    boolean allows(String source) {
        long now = millis.getAsLong();
        return all.has(now) && (source == null || slot(source).has(now));
    }

    /** Takes a token from the source's bucket and the shared one (they may go below empty: later items repay it). */
    void charge(String source) {
        long now = millis.getAsLong();
        all.take(now);
        if (source != null) {
            slot(source).take(now);
        }
    }

    /** {@link #allows} and, when it does, {@link #charge}. */
    boolean take(String source) {
        if (!allows(source)) {
            return false;
        }
        charge(source);
        return true;
    }

    private Bucket slot(String source) {
        return sources[Math.floorMod(source.hashCode(), SOURCE_SLOTS)];
    }

    /** Tokens refilled continuously at the rate, held up to the burst, owed down to minus the burst. */
    private static final class Bucket {
        private final Rate rate;
        private double tokens;
        private long refilledAt = Long.MIN_VALUE;

        Bucket(Rate rate) {
            this.rate = rate;
            this.tokens = rate.burst();
        }

        synchronized boolean has(long now) {
            refill(now);
            return tokens >= 1;
        }

        synchronized void take(long now) {
            refill(now);
            tokens = Math.max(-rate.burst(), tokens - 1);
        }

        private void refill(long now) {
            if (refilledAt != Long.MIN_VALUE && now > refilledAt) {
                tokens = Math.min(rate.burst(), tokens + (now - refilledAt) * rate.perSecond() / 1000.0);
            }
            refilledAt = Math.max(now, refilledAt);
        }
    }
}
