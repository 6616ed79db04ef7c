package dev.lambdachain.node;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.ChainSlice;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.Page;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.NotFoundException;

import java.util.List;

/**
 * Every read the API serves, each of constant cost in the chain's length (invariant 5): the
 * head, a page of blocks, a balance, a page of wallets, a transaction's status, the mempool
 * size (counted up to a cap) and the peers.
 */
public final class ChainQueries {
    private final ChainStore store;

    ChainQueries(ChainStore store) {
        this.store = store;
    }

    /** @throws dev.lambdachain.store.StoreUnavailableException before the genesis block is written */
    public Head head() {
        return store.blocks().head();
    }

    /**
     * The head and up to {@code limit} main-chain blocks from height {@code from}, oldest first
     * (none above the head), read from one view of the chain: never a mix of two.
     */
    public ChainSlice blocks(long from, int limit) {
        return store.blocks().slice(from, limit);
    }

    /** The head and its block, read together. */
    public ChainSlice top() {
        return store.blocks().top();
    }

    public Account account(String address) {
        return store.accounts().account(address);
    }

    /** Accounts in address order; {@code after} is the previous page's cursor (null for the first). */
    public Page<Account> wallets(String after, int limit) {
        return store.accounts().page(after, limit);
    }

    /** @throws NotFoundException when this node has never seen the transaction */
    public TransactionRecord transaction(Hash id) {
        return store.transactions().transaction(id)
                .orElseThrow(() -> new NotFoundException("no transaction " + id + " on this node"));
    }

    /** Pending transactions, counted no further than {@code cap}. */
    public long mempoolSize(int cap) {
        return store.mempool().size(cap);
    }

    public List<String> peers() {
        return store.peers().all();
    }
}
