package dev.lambdachain.core;

/**
 * An address's money in units: confirmed {@code balance}, the sum of its pending outgoing
 * transactions, and {@code available = balance - pendingOut}, which a new transaction may spend.
 * {@code available} is negative after a chain swap returned more spending to the mempool than the
 * new chain pays (the API shows 0); block assembly leaves such spends pending while something
 * pending that can be confirmed itself pays the sender, and rejects them with the reason once
 * nothing does.
 *
 * <p>For a key address also its sequences: {@code confirmedSequence}, the one its next
 * confirmed signed transaction must carry, and {@code nextSequence}, that plus its pending signed
 * transactions: the one a new transaction must carry to be accepted.
 */
public record Account(String address, long balance, long pendingOut, long available, long confirmedSequence,
                      long nextSequence) {
    public static Account empty(String address) {
        return new Account(address, 0, 0, 0, 0, 0);
    }
}
