package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Transaction;
import dev.lambdachain.store.ChainStore;

import java.util.List;

/**
 * Takes a pending transaction that can no longer be confirmed out of the mempool, releasing its
 * reservation and, when signed, its place in the sender's next sequence, in one transaction.
 */
final class RejectTransaction implements ChainStore.RejectTransaction {
    private final Table table;

    RejectTransaction(Table table) {
        this.table = table;
    }

    @Override
    public void run(Transaction tx, String reason) {
        try {
            table.transactor().commit(List.of(TransactionCodec.reject(table.name(), tx, reason),
                    AccountCodec.change(table.name(), tx.sender(), new AccountChange(0, -tx.amount().units(), 0,
                            tx.isSigned() ? -1 : 0), null)));
        } catch (Transactor.Cancelled e) {
            // confirmed or rejected meanwhile by another miner: nothing left to release
        }
    }
}
