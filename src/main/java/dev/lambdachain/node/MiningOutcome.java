package dev.lambdachain.node;

import dev.lambdachain.metrics.CountedOutcome;

/**
 * How one mining call ended: the value of the {@code MiningOutcome} metric and the outcome in
 * words. {@link #MINED}'s words are /mine's message and the two try-again outcomes' are the
 * 503's error; a lost race or a busy lease answers 409 with the store's own words, which name the
 * height or the lease holder.
 */
public enum MiningOutcome implements CountedOutcome {
    MINED("mined", "New block mined"),
    LOST_RACE("lost-race", "another block took the height first"),
    LEASE_BUSY("lease-busy", "another miner or a chain swap holds the mining lease"),
    OUT_OF_TIME("out-of-time", "no proof of work found within the time budget; nothing was lost, try again"),
    MEMPOOL_CHANGED("mempool-changed", "the mempool kept changing under the block; try again"),
    FAILED("failed", "mining stopped on a fault of this node");

    private final String metric;
    private final String text;

    MiningOutcome(String metric, String text) {
        this.metric = metric;
        this.text = text;
    }

    @Override
    public String metric() {
        return metric;
    }

    public String text() {
        return text;
    }
}
