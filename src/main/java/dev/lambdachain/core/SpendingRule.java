package dev.lambdachain.core;

import java.util.HashMap;
import java.util.Map;

/**
 * The body rule that needs the chain below a block: no transaction confirmed twice (a replay), each
 * signed sender's sequences in order from its next one, and no sender spending more in the block
 * than its confirmed balance. One {@link VerificationException} names the first transaction that fails.
 */
final class SpendingRule {
    private SpendingRule() {
    }

    static void check(Block block, Ledger ledger) {
        Map<String, Amount> spent = new HashMap<>();
        Map<String, Long> sequences = new HashMap<>();
        for (Transaction tx : block.transactions().subList(1, block.transactions().size())) {
            if (ledger.isConfirmed(tx.id())) {
                throw new VerificationException(block.height(), "transaction " + tx.id() + " is already confirmed");
            }
            if (tx.isSigned()) {
                long expected = sequences.computeIfAbsent(tx.sender(), ledger::nextSequence);
                if (tx.sequence() != expected) {
                    throw new VerificationException(block.height(), "transaction " + tx.id() + " from " + tx.sender()
                            + " has sequence " + tx.sequence() + ", expected sequence " + expected
                            + (tx.sequence() < expected ? " (a replay or a reused sequence)" : " (a skipped sequence)"));
                }
                sequences.put(tx.sender(), expected + 1);
            }
            Amount outgoing;
            try {
                outgoing = spent.getOrDefault(tx.sender(), Amount.ZERO).plus(tx.amount());
            } catch (ArithmeticException e) {
                throw new VerificationException(block.height(), "transaction " + tx.id()
                        + " makes " + tx.sender() + "'s spending in this block overflow");
            }
            Amount available = ledger.balance(tx.sender());
            if (available.isLessThan(outgoing)) {
                throw new VerificationException(block.height(), "transaction " + tx.id() + " overspends: "
                        + tx.sender() + " has " + available + ", block spends " + outgoing);
            }
            spent.put(tx.sender(), outgoing);
        }
    }
}
