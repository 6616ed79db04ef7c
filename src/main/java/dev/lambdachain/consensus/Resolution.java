package dev.lambdachain.consensus;

import dev.lambdachain.metrics.CountedOutcome;

/**
 * How one resolve ended for our chain: the value of the {@code ResolveResult} metric and the
 * message of GET /nodes/resolve (a replacement names the peer after it, {@link Consensus.Outcome#message()}).
 */
public enum Resolution implements CountedOutcome {
    REPLACED("replaced", "Our chain was replaced by the heavier valid chain of"),
    KEPT("kept", "Our chain is authoritative");

    private final String metric;
    private final String text;

    Resolution(String metric, String text) {
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
