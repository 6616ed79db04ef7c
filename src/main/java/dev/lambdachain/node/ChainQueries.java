package dev.lambdachain.node;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.ChainSlice;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.Page;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.NotFoundException;

import java.util.List;
import java.util.Optional;

/**
 * Every read the API serves, each of constant cost in the chain's length (invariant 5): the
 * head, a page of blocks, a block by height or hash, a balance, a page of wallets, a page of an
 * address's history, a transaction's status, the oldest pending transactions, the mempool size
 * (counted up to a cap) and the peers.
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

    /** The main-chain block at {@code height}, if the chain is that long. */
    public Optional<Block> block(long height) {
        return store.blocks().block(height);
    }

    /** The main-chain block with this hash, if it is on the main chain. */
    public Optional<Block> block(Hash hash) {
        return store.blocks().block(hash);
    }

    /**
     * Confirmed transactions of {@code address}, newest first; {@code before} is the previous
     * page's cursor (null for the first page).
     *
     * @throws InvalidValueException when {@code before} is not a cursor this node handed out
     */
    public Page<TransactionRecord> history(String address, String before, int limit) {
        if (before != null && !store.history().isCursor(before)) {
            throw new InvalidValueException("'before' must be the 'next' cursor of a previous history page");
        }
        return store.history().page(address, before, limit);
    }

    /** The {@code limit} oldest pending transactions, the order mining takes them. */
    public List<TransactionRecord> mempool(int limit) {
        return store.mempool().oldest(limit);
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
