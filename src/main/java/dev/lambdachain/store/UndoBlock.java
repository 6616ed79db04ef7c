package dev.lambdachain.store;

import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.core.Transaction;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Takes the head block off the main chain in one transaction: its item goes, the head moves to
 * its parent, its transactions return to the mempool and every balance it touched is restored.
 */
public final class UndoBlock {
    private final Table table;

    UndoBlock(Table table) {
        this.table = table;
    }

    /**
     * @param parent     the block below {@code head} as a head: where the head moves back to
     * @param acceptedAt when each of its transactions was first accepted here (epoch ms): it returns
     *                   to the mempool at that place in the arrival order, not behind everything else
     * @throws StaleViewException when the head or one of its transactions changed meanwhile
     */
    public void run(Block head, Head parent, Map<Hash, Long> acceptedAt) {
        String name = table.name();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(BlockCodec.delete(name, head));
        writes.add(HeadCodec.move(name, head.height(), head.hash(), parent));
        long now = table.clock().millis();
        for (Transaction tx : head.transactions()) {
            if (!tx.isCoinbase()) {
                writes.add(TransactionCodec.returnToMempool(name, tx, acceptedAt.getOrDefault(tx.id(), now),
                        table.shards()));
            }
        }
        // Credits leave; debits come back as pending outgoing, so `available` is unchanged for them.
        Ledger.flows(head).forEach((address, flow) -> writes.add(
                AccountCodec.change(name, address, Math.negateExact(flow.net()), flow.debit(), null)));
        try {
            table.transactor().commit(writes);
        } catch (Transactor.Cancelled e) {
            throw new StaleViewException("block " + head.height() + " changed while it was being undone: "
                    + e.getMessage());
        }
    }
}
