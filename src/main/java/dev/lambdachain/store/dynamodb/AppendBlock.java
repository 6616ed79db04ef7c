package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.ConflictException;
import dev.lambdachain.store.StaleViewException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Appends a block on top of the head, in one transaction when it fits one (invariant 3): the block item (the
 * height must be free), the head (must still be the parent), every transaction (pending ones
 * leave the mempool, others must not be confirmed yet; each enters the address-history indexes)
 * and every balance and sequence it touches: a signed transaction moves its sender's confirmed
 * sequence, and one first seen here also its next sequence (a pending one was counted in it when
 * accepted). A block whose writes exceed one DynamoDB transaction ({@link #MAX_WRITES} items) is
 * appended as a one-block chain swap instead ({@link ReorganiseChain#append}: stage, flip the head,
 * fold), equally all at once or not at all for every reader.
 */
final class AppendBlock implements ChainStore.AppendBlock {
    /** DynamoDB's limit of items in one TransactWriteItems. */
    static final int MAX_WRITES = 100;

    private final Table table;
    private final ReorganiseChain staged;

    AppendBlock(Table table, ReorganiseChain staged) {
        this.table = table;
        this.staged = staged;
    }

    @Override
    public void run(Block block, Head parent, Set<Hash> pendingHere) {
        String name = table.name();
        List<TransactWriteItem> writes = new ArrayList<>();
        ChainWork work = parent.work().plus(block.powTarget());
        writes.add(BlockCodec.put(name, block, work));
        writes.add(HeadCodec.move(name, parent.height(), parent.hash(), new Head(block.height(), block.hash(), work)));
        Map<String, Long> released = new HashMap<>();
        Map<String, Long> confirmedSequences = new HashMap<>();
        Map<String, Long> foreignSequences = new HashMap<>();
        long now = table.clock().millis();
        for (int index = 0; index < block.transactions().size(); index++) {
            Transaction tx = block.transactions().get(index);
            if (tx.isCoinbase()) {
                writes.add(TransactionCodec.putCoinbase(name, tx, block.height(), index, now));
                continue;
            }
            boolean pending = pendingHere.contains(tx.id());
            if (pending) {
                released.merge(tx.sender(), tx.amount().units(), Math::addExact);
                writes.add(TransactionCodec.confirmPending(name, tx, block.height(), index));
            } else {
                writes.add(TransactionCodec.confirmForeign(name, tx, block.height(), index, now));
            }
            if (tx.isSigned()) {
                confirmedSequences.merge(tx.sender(), 1L, Long::sum);
                foreignSequences.merge(tx.sender(), pending ? 0L : 1L, Long::sum);
            }
        }
        Ledger.flows(block).forEach((address, flow) -> writes.add(AccountCodec.change(name, address,
                new AccountChange(flow.net(), -released.getOrDefault(address, 0L),
                        confirmedSequences.getOrDefault(address, 0L), foreignSequences.getOrDefault(address, 0L)),
                flow.debit() > 0 ? flow.debit() : null)));
        if (writes.size() > MAX_WRITES) {
            staged.append(block, parent);
            return;
        }
        try {
            table.transactor().commit(writes);
        } catch (Transactor.Cancelled e) {
            if (e.failed(BlockCodec.key(block.height())) || e.failed(HeadCodec.KEY)) {
                throw new ConflictException("height " + block.height() + " was taken by another block first");
            }
            throw new StaleViewException("the mempool or a balance changed while block " + block.height()
                    + " was assembled: " + e.getMessage());
        }
    }
}
