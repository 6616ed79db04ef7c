package dev.lambdachain.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The transactions after a block's coinbase as far as they have been judged: their ids, what each
 * sender spends in them and the sequence each signed sender takes next. The
 * {@link TransactionRule}s judge the next transaction against it, in a block being validated and
 * in one being assembled alike.
 */
public final class BlockBody {
    private final ChainParams params;
    private final long timestamp;
    private final Ledger ledger;
    private final Set<Hash> ids = new HashSet<>();
    private final Map<String, Amount> spent = new HashMap<>();
    private final Map<String, Long> sequences = new HashMap<>();

    /**
     * An empty body of a block dated {@code timestamp} (epoch ms) on the chain of {@code params},
     * over {@code ledger}: balances, sequences and confirmed ids as of its parent (the rules of
     * {@link TransactionRule.Scope#BLOCK} never read it).
     */
    public BlockBody(ChainParams params, long timestamp, Ledger ledger) {
        this.params = params;
        this.timestamp = timestamp;
        this.ledger = ledger;
    }

    public ChainParams params() {
        return params;
    }

    /** The block's timestamp, epoch milliseconds. */
    public long timestamp() {
        return timestamp;
    }

    public Ledger ledger() {
        return ledger;
    }

    public boolean contains(Hash transactionId) {
        return ids.contains(transactionId);
    }

    /** The sequence {@code sender}'s next signed transaction in this block must carry. */
    public long nextSequence(String sender) {
        Long taken = sequences.get(sender);
        return taken != null ? taken : ledger.nextSequence(sender);
    }

    /** What {@code tx}'s sender spends in this body with {@code tx} added; empty when that overflows a long. */
    public Optional<Amount> spendingWith(Transaction tx) {
        try {
            return Optional.of(spent.getOrDefault(tx.sender(), Amount.ZERO).plus(tx.amount()));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** Adds {@code tx}, which the rules let stand here: the next transaction is judged after it. */
    public void add(Transaction tx) {
        ids.add(tx.id());
        // an overflowing sum is refused by SPENDING_WITHIN_RANGE where spending is judged at all
        spendingWith(tx).ifPresent(outgoing -> spent.put(tx.sender(), outgoing));
        if (tx.isSigned()) {
            sequences.put(tx.sender(), tx.sequence() + 1);
        }
    }
}
