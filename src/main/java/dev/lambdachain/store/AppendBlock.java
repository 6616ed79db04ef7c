package dev.lambdachain.store;

import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.core.Transaction;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Appends a block on top of the head, in one transaction (invariant 3): the block item (the
 * height must be free), the head (must still be the parent), every transaction (pending ones
 * leave the mempool, others must not be confirmed yet) and every balance it touches.
 */
public final class AppendBlock {
    private final String table;
    private final Transactor transactor;
    private final Clock clock;

    AppendBlock(String table, Transactor transactor, Clock clock) {
        this.table = table;
        this.transactor = transactor;
        this.clock = clock;
    }

    /**
     * @param parent      hash of the head the block was built on
     * @param pendingHere ids of the block's transactions that are pending in this mempool
     * @throws ConflictException   when another block took the height first
     * @throws StaleViewException  when a transaction or balance changed since the block was assembled
     */
    public void run(Block block, Hash parent, Set<Hash> pendingHere) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(BlockCodec.put(table, block));
        writes.add(HeadCodec.move(table, block.height() - 1, parent, block.height(), block.hash()));
        Map<String, Long> released = new HashMap<>();
        long now = clock.millis();
        for (Transaction tx : block.transactions()) {
            if (tx.isCoinbase()) {
                continue;
            }
            if (pendingHere.contains(tx.id())) {
                released.merge(tx.sender(), tx.amount().units(), Math::addExact);
                writes.add(TransactionCodec.confirmPending(table, tx, block.height()));
            } else {
                writes.add(TransactionCodec.confirmForeign(table, tx, block.height(), now));
            }
        }
        Ledger.flows(block).forEach((address, flow) -> writes.add(AccountCodec.change(table, address, flow.net(),
                -released.getOrDefault(address, 0L), flow.debit() > 0 ? flow.debit() : null)));
        try {
            transactor.commit(writes);
        } catch (Transactor.Cancelled e) {
            if (e.failed(BlockCodec.key(block.height())) || e.failed(HeadCodec.KEY)) {
                throw new ConflictException("height " + block.height() + " was taken by another block first");
            }
            throw new StaleViewException("the mempool or a balance changed while block " + block.height()
                    + " was assembled: " + e.getMessage());
        }
    }
}
