package dev.lambdachain.store;

import dev.lambdachain.core.ChainStateException;

/** A signed transaction whose sequence is not its sender's next one: a replay, a reuse or a gap. */
public final class SequenceException extends ChainStateException {
    public SequenceException(String sender, long sequence, long expected) {
        super(Reason.CONFLICT, "sequence " + sequence + " of " + sender + " is "
                + (sequence < expected ? "already taken (a replay or a reused sequence)" : "ahead of its next one (a skipped sequence)")
                + ": expected sequence " + expected + " (GET /balance/" + sender + " gives next_sequence)", null);
    }
}
