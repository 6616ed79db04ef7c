package dev.lambdachain.core;

/**
 * An address's money in units: confirmed {@code balance}, the sum of its pending outgoing
 * transactions, and {@code available = balance - pendingOut}, which a new transaction may spend.
 * {@code available} is negative only for a moment after a chain swap returned more spending to
 * the mempool than the new chain pays; block assembly then rejects the excess.
 */
public record Account(String address, long balance, long pendingOut, long available) {
    public static Account empty(String address) {
        return new Account(address, 0, 0, 0);
    }
}
