package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.store.ChainStore;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts a chain on an empty table: the genesis block, the head and the genesis balances in one
 * transaction, which only the first of many racing processes commits. Checks that a table which
 * has a chain has this genesis.
 */
final class InitialiseChain implements ChainStore.InitialiseChain {
    private final Table table;

    InitialiseChain(Table table) {
        this.table = table;
    }

    @Override
    public void run(Block genesis) {
        if (table.pager().get(HeadCodec.KEY).isEmpty()) {
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(BlockCodec.put(table.name(), genesis, ChainWork.ZERO));
            writes.add(HeadCodec.start(table.name(), genesis.hash()));
            for (int index = 0; index < genesis.transactions().size(); index++) {
                writes.add(TransactionCodec.putCoinbase(table.name(), genesis.transactions().get(index), 0, index,
                        genesis.timestamp()));
            }
            Ledger.flows(genesis).forEach((address, flow) ->
                    writes.add(AccountCodec.change(table.name(), address, AccountChange.ofBalance(flow.net()), null)));
            try {
                table.transactor().commit(writes);
            } catch (Transactor.Cancelled raced) {
                // another process initialised the table first: the check below judges its chain
            }
        }
        check(genesis);
    }

    @Override
    public void check(Block genesis) {
        String stored = table.pager().get(HeadCodec.KEY).map(HeadCodec::genesis).orElse(null);
        if (stored != null && !stored.equals(genesis.hash().hex())) {
            throw new IllegalStateException("table " + table.name() + " holds a chain with genesis " + stored
                    + " but this node's configuration gives genesis " + genesis.hash()
                    + ": use another table or the same chain settings");
        }
    }
}
