package dev.lambdachain.store;

import dev.lambdachain.core.Transaction;

import java.util.List;

/**
 * Takes a pending transaction that can no longer be confirmed out of the mempool, releasing its
 * reservation and, when signed, its place in the sender's next sequence.
 */
public final class RejectTransaction {
    private final Table table;

    RejectTransaction(Table table) {
        this.table = table;
    }

    /** Rejects {@code tx} with {@code reason}; nothing happens if it is no longer pending. */
    public void run(Transaction tx, String reason) {
        try {
            table.transactor().commit(List.of(TransactionCodec.reject(table.name(), tx, reason),
                    AccountCodec.change(table.name(), tx.sender(), 0, -tx.amount().units(), null, 0,
                            tx.isSigned() ? -1 : 0)));
        } catch (Transactor.Cancelled e) {
            // confirmed or rejected meanwhile by another miner: nothing left to release
        }
    }
}
