package dev.lambdachain.store;

import dev.lambdachain.core.Transaction;

/** A transaction with where it stands: pending in the mempool, confirmed at a height, or rejected. */
public record TransactionRecord(Transaction transaction, Status status, long height, String reason,
                                long acceptedAt) {

    /** Where a transaction stands. */
    public enum Status { PENDING, CONFIRMED, REJECTED }
}
