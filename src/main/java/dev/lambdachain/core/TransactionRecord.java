package dev.lambdachain.core;

/**
 * A transaction with where it stands: pending in the mempool, confirmed at {@code height}
 * (-1 otherwise), or rejected with a {@code reason}; {@code acceptedAt} is epoch milliseconds.
 */
public record TransactionRecord(Transaction transaction, Status status, long height, String reason,
                                long acceptedAt) {

    /** Where a transaction stands. */
    public enum Status { PENDING, CONFIRMED, REJECTED }
}
