package dev.lambdachain.core;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Balances, next sequence numbers of key addresses and confirmed transaction ids as of some
 * block, as block validation sees them.
 * {@link #on(Lookup)} layers the effects of further blocks over any source: a full replay in
 * memory, or the store as of a fork point.
 */
public final class Ledger {

    /** Where the balances below the layer come from. */
    public interface Lookup {
        Amount balance(String address);

        /** The sequence the address's next confirmed signed transaction must carry (0 before its first). */
        long nextSequence(String address);

        boolean isConfirmed(Hash transactionId);

        /**
         * A lookup made of three functions: the balance of an address, its next sequence, whether
         * an id is confirmed.
         */
        static Lookup of(Function<String, Amount> balances, ToLongFunction<String> sequences,
                         Predicate<Hash> confirmed) {
            return new Functions(balances, sequences, confirmed);
        }

        /** This lookup, asking the source below at most once per address and per id. */
        default Lookup memoised() {
            Map<String, Amount> balances = new HashMap<>();
            Map<String, Long> sequences = new HashMap<>();
            Map<Hash, Boolean> confirmed = new HashMap<>();
            return of(address -> balances.computeIfAbsent(address, this::balance),
                    address -> sequences.computeIfAbsent(address, this::nextSequence),
                    id -> confirmed.computeIfAbsent(id, this::isConfirmed));
        }
    }

    private record Functions(Function<String, Amount> balances, ToLongFunction<String> sequences,
                             Predicate<Hash> confirmed) implements Lookup {
        @Override
        public Amount balance(String address) {
            return balances.apply(address);
        }

        @Override
        public long nextSequence(String address) {
            return sequences.applyAsLong(address);
        }

        @Override
        public boolean isConfirmed(Hash transactionId) {
            return confirmed.test(transactionId);
        }
    }

    private final Lookup base;
    private final Map<String, Amount> balances = new HashMap<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private final Set<Hash> confirmed = new HashSet<>();
    private final Set<Hash> unconfirmed = new HashSet<>();

    private Ledger(Lookup base) {
        this.base = base;
    }

    public static Ledger on(Lookup base) {
        return new Ledger(base);
    }

    /** An empty ledger: replay from genesis. */
    public static Ledger empty() {
        return new Ledger(Lookup.of(address -> Amount.ZERO, address -> 0, id -> false));
    }

    public Amount balance(String address) {
        Amount changed = balances.get(address);
        return changed != null ? changed : base.balance(address);
    }

    /** The sequence {@code address}'s next signed transaction must carry to be confirmed. */
    public long nextSequence(String address) {
        Long changed = sequences.get(address);
        return changed != null ? changed : base.nextSequence(address);
    }

    /** The next sequences this layer changed: after a replay from genesis, every key address that sent. */
    public Map<String, Long> changedSequences() {
        return Collections.unmodifiableMap(sequences);
    }

    public boolean isConfirmed(Hash transactionId) {
        return confirmed.contains(transactionId)
                || !unconfirmed.contains(transactionId) && base.isConfirmed(transactionId);
    }

    /** The balances this layer changed: after a replay from genesis, every address ever paid. */
    public Map<String, Amount> changedBalances() {
        return Collections.unmodifiableMap(balances);
    }

    /** Applies a block that has been verified against this ledger. */
    public void apply(Block block) {
        for (Transaction tx : block.transactions()) {
            if (!tx.isCoinbase()) {
                balances.put(tx.sender(), balance(tx.sender()).minus(tx.amount()));
            }
            balances.put(tx.recipient(), balance(tx.recipient()).plus(tx.amount()));
            if (!tx.isCoinbase()) {
                confirmed.add(tx.id());
                unconfirmed.remove(tx.id());
            }
            if (tx.isSigned()) {
                sequences.put(tx.sender(), tx.sequence() + 1);
            }
        }
    }

    /** Takes back a block applied to the balances below: the view as of its parent. */
    public void revert(Block block) {
        List<Transaction> txs = block.transactions();
        for (int i = txs.size() - 1; i >= 0; i--) {
            Transaction tx = txs.get(i);
            balances.put(tx.recipient(), balance(tx.recipient()).minus(tx.amount()));
            if (!tx.isCoinbase()) {
                balances.put(tx.sender(), balance(tx.sender()).plus(tx.amount()));
                confirmed.remove(tx.id());
                unconfirmed.add(tx.id());
            }
            if (tx.isSigned()) {
                sequences.put(tx.sender(), tx.sequence());
            }
        }
    }

    /**
     * What {@code block} moves per address, in block order of first appearance: units credited
     * (coinbase included) and units debited, each summed exactly ({@link ArithmeticException}
     * rather than a wrapped sum).
     */
    public static Map<String, Flow> flows(Block block) {
        Map<String, Flow> flows = new LinkedHashMap<>();
        for (Transaction tx : block.transactions()) {
            flows.merge(tx.recipient(), new Flow(tx.amount().units(), 0), Flow::plus);
            if (!tx.isCoinbase()) {
                flows.merge(tx.sender(), new Flow(0, tx.amount().units()), Flow::plus);
            }
        }
        return flows;
    }

    /** Units into ({@code credit}) and out of ({@code debit}) one address within one block. */
    public record Flow(long credit, long debit) {
        public Flow plus(Flow other) {
            return new Flow(Math.addExact(credit, other.credit), Math.addExact(debit, other.debit));
        }

        /** Credit minus debit: how the confirmed balance changes. */
        public long net() {
            return Math.subtractExact(credit, debit);
        }
    }
}
