package dev.lambdachain.store;

/**
 * An address's money as the store keeps it: confirmed {@code balance}, the sum of its pending
 * outgoing transactions, and {@code available = balance - pendingOut}, which a new transaction
 * may spend (kept as its own attribute because DynamoDB conditions cannot subtract).
 */
public record Account(String address, long balance, long pendingOut, long available) {
    public static Account empty(String address) {
        return new Account(address, 0, 0, 0);
    }
}
