package dev.lambdachain.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Balances and confirmed transaction ids as of some block, as block validation sees them.
 * {@link #on(Lookup)} layers the effects of further blocks over any source: a full replay in
 * memory, or the store as of a fork point.
 */
public final class Ledger {

    /** Where the balances below the layer come from. */
    public interface Lookup {
        Amount balance(String address);

        boolean isConfirmed(Hash transactionId);
    }

    private final Lookup base;
    private final Map<String, Amount> balances = new HashMap<>();
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
        return new Ledger(new Lookup() {
            @Override
            public Amount balance(String address) {
                return Amount.ZERO;
            }

            @Override
            public boolean isConfirmed(Hash transactionId) {
                return false;
            }
        });
    }

    public Amount balance(String address) {
        Amount changed = balances.get(address);
        return changed != null ? changed : base.balance(address);
    }

    public boolean isConfirmed(Hash transactionId) {
        return confirmed.contains(transactionId)
                || !unconfirmed.contains(transactionId) && base.isConfirmed(transactionId);
    }

    /** The balances this layer changed: after a replay from genesis, every address ever paid. */
    public Map<String, Amount> changedBalances() {
        return java.util.Collections.unmodifiableMap(balances);
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
        }
    }

    /** Net change per address a block makes: credits minus debits, coinbase included. */
    public static Map<String, Long> changes(Block block) {
        Map<String, Long> delta = new HashMap<>();
        for (Transaction tx : block.transactions()) {
            if (!tx.isCoinbase()) {
                delta.merge(tx.sender(), -tx.amount().units(), Math::addExact);
            }
            delta.merge(tx.recipient(), tx.amount().units(), Math::addExact);
        }
        return delta;
    }
}
