package dev.lambdachain.store;

import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.core.Transaction;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes the head block off the main chain in one transaction: its item goes, the head moves to
 * its parent, its transactions return to the mempool (and leave the address-history indexes,
 * keeping their sequences: each sender's confirmed sequence goes back, its next sequence stays, as
 * they are pending again), its coinbase goes, and every balance it touched is restored.
 */
public final class UndoBlock {
    private final Table table;

    UndoBlock(Table table) {
        this.table = table;
    }

    /**
     * @param parent hash of the block below {@code head}
     * @throws StaleViewException when the head or one of its transactions changed meanwhile
     */
    public void run(Block head, Hash parent) {
        String name = table.name();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(BlockCodec.delete(name, head));
        writes.add(HeadCodec.move(name, head.height(), head.hash(), head.height() - 1, parent));
        long now = table.clock().millis();
        for (Transaction tx : head.transactions()) {
            writes.add(tx.isCoinbase() ? TransactionCodec.deleteCoinbase(name, tx)
                    : TransactionCodec.returnToMempool(name, tx, now, table.shards()));
        }
        Map<String, Long> returnedSequences = new HashMap<>();
        head.transactions().stream().filter(Transaction::isSigned)
                .forEach(tx -> returnedSequences.merge(tx.sender(), 1L, Long::sum));
        // Credits leave; debits come back as pending outgoing, so `available` is unchanged for them.
        Ledger.flows(head).forEach((address, flow) -> writes.add(
                AccountCodec.change(name, address, Math.negateExact(flow.net()), flow.debit(), null,
                        -returnedSequences.getOrDefault(address, 0L), 0)));
        try {
            table.transactor().commit(writes);
        } catch (Transactor.Cancelled e) {
            throw new StaleViewException("block " + head.height() + " changed while it was being undone: "
                    + e.getMessage());
        }
    }
}
