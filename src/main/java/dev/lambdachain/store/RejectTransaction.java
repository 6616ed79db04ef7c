package dev.lambdachain.store;

import dev.lambdachain.core.Transaction;

import java.util.List;

/** Takes a pending transaction that can no longer be paid out of the mempool, releasing its reservation. */
public final class RejectTransaction {
    private final String table;
    private final Transactor transactor;

    RejectTransaction(String table, Transactor transactor) {
        this.table = table;
        this.transactor = transactor;
    }

    /** Rejects {@code tx} with {@code reason}; nothing happens if it is no longer pending. */
    public void run(Transaction tx, String reason) {
        try {
            transactor.commit(List.of(TransactionCodec.reject(table, tx, reason),
                    AccountCodec.change(table, tx.sender(), 0, -tx.amount().units(), null)));
        } catch (Transactor.Cancelled e) {
            // confirmed or rejected meanwhile by another miner: nothing left to release
        }
    }
}
