package dev.lambdachain.store.dynamodb;

/**
 * A change of one account item, each part a difference added to what is stored: the confirmed
 * {@code balance} and the {@code pendingOut} reservation (units; {@code available} moves by their
 * difference), the confirmed {@code sequence} and the {@code nextSequence} a new transaction
 * must carry (counts of signed transactions). Blocks, rejections and chain swaps write them with
 * {@code ADD} or stage them for a swap ({@link AccountCodec}).
 */
record AccountChange(long balance, long pendingOut, long sequence, long nextSequence) {
    static final AccountChange NONE = new AccountChange(0, 0, 0, 0);

    static AccountChange ofBalance(long units) {
        return new AccountChange(units, 0, 0, 0);
    }

    static AccountChange ofPendingOut(long units) {
        return new AccountChange(0, units, 0, 0);
    }

    static AccountChange ofSequence(long count) {
        return new AccountChange(0, 0, count, 0);
    }

    static AccountChange ofNextSequence(long count) {
        return new AccountChange(0, 0, 0, count);
    }

    /** How {@code available} (balance minus pending outgoing) moves. */
    long available() {
        return Math.subtractExact(balance, pendingOut);
    }

    /** Both changes together. @throws ArithmeticException on overflow */
    AccountChange plus(AccountChange other) {
        return new AccountChange(Math.addExact(balance, other.balance), Math.addExact(pendingOut, other.pendingOut),
                Math.addExact(sequence, other.sequence), Math.addExact(nextSequence, other.nextSequence));
    }
}
