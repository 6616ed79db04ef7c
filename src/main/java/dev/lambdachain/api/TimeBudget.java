package dev.lambdachain.api;

/**
 * How long a long-running route may work: what is left of the Lambda invocation (or
 * {@code withoutContextMillis} where there is no Lambda context: tests, tools), less
 * {@code reserveMillis} kept for finishing the write and the response. Milliseconds.
 */
record TimeBudget(long withoutContextMillis, long reserveMillis) {
    /** Mining: up to 60 s without a Lambda context; 2 s kept for writing the block and the response. */
    static final TimeBudget MINING = new TimeBudget(60_000, 2_000);
    /** Resolving: up to 25 s without a Lambda context; 5 s kept for swapping in what was verified. */
    static final TimeBudget RESOLVING = new TimeBudget(25_000, 5_000);

    long left(Http.Request request) {
        return request.remainingMillis(withoutContextMillis) - reserveMillis;
    }
}
