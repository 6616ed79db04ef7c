package dev.lambdachain.node;

import dev.lambdachain.core.NodeException;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.store.ChainTable;

/** Accepts transactions into the mempool: rules first, then the store's atomic balance check. */
public final class Payments {
    private final ChainTable table;

    Payments(ChainTable table) {
        this.table = table;
    }

    public Transaction submit(Transaction tx) {
        if (tx.isCoinbase()) {
            throw NodeException.invalid("'" + Transaction.COINBASE + "' is reserved for block rewards and cannot send");
        }
        if (Transaction.COINBASE.equals(tx.recipient())) {
            throw NodeException.invalid("'" + Transaction.COINBASE + "' is reserved for block rewards and cannot receive");
        }
        table.accept(tx, System.currentTimeMillis());
        return tx;
    }
}
