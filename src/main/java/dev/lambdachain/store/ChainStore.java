package dev.lambdachain.store;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainSlice;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.Page;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.core.TransactionRecord;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The chain's state as the node sees it, in the domain's terms: the head, blocks, transactions
 * and the mempool, accounts, peers and the mining lease. Reads return values ({@link Optional}
 * where something may be absent); each change is one call that becomes visible all at once or
 * not at all, however many writes the implementation needs for it. Failures are
 * {@link dev.lambdachain.core.ChainStateException}s: {@link ConflictException},
 * {@link InsufficientFundsException}, {@link SequenceException}, {@link StaleViewException},
 * {@link NotFoundException}, and from any call {@link StoreUnavailableException} (try again),
 * {@link CorruptItemException} and {@link StoreFaultException} (faults to log). No type of a
 * storage engine crosses this interface.
 *
 * <p>One implementation today: {@code store.dynamodb} (docs/DYNAMODB.md). Shaped after Besu's
 * {@code BlockchainStorage} (getters returning {@code Optional}) and the Powertools DAO pattern
 * (an interface with one DynamoDB implementation whose client is built once per process).
 */
public interface ChainStore {

    /** The main chain: its head and its blocks. */
    Blocks blocks();

    /** Where transactions stand. */
    Transactions transactions();

    /** The pending transactions. */
    Mempool mempool();

    /** An address's confirmed transactions. */
    History history();

    /** Balances and sequences. */
    Accounts accounts();

    /** The registered peers and their standing. */
    Peers peers();

    /** The right to mine or swap the chain, one holder at a time across every process. */
    MiningLease lease();

    /** Writes or checks the genesis block. */
    InitialiseChain initialise();

    /** Appends a mined or received block. */
    AppendBlock append();

    /** Replaces the main chain above a fork with a verified branch. */
    ReorganiseChain reorganise();

    /** Puts a new transaction into the mempool. */
    AcceptTransaction accept();

    /** Takes a pending transaction out of the mempool for good. */
    RejectTransaction reject();

    /** Adds peers, within a cap. */
    RegisterPeers registerPeers();

    /** Removes peers. */
    RemovePeers removePeers();

    /** Remembers and forgets a peer's invalid chains. */
    PeerPenalties peerPenalties();

    /** Counts a peer's resolves in a row without an answer. */
    PeerMisses peerMisses();

    /**
     * Reads of the main chain, each answer from one state of it: no answer mixes two chains, even
     * while a swap or an append is being committed.
     */
    interface Blocks {
        /**
         * The head of the main chain.
         *
         * @throws StoreUnavailableException when no writer has created the genesis block yet
         */
        Head head();

        /** The main-chain block at {@code height}; empty above the head. */
        Optional<Block> block(long height);

        /** The main-chain block with this hash; empty when none (or one no longer on the main chain). */
        Optional<Block> block(Hash hash);

        /** The cumulative work of the main chain up to and with the block at {@code height}; empty above the head. */
        Optional<ChainWork> work(long height);

        /** Up to {@code limit} main-chain blocks from {@code from} upwards, in height order. */
        List<Block> blocks(long from, int limit);

        /** The head and up to {@code limit} blocks from {@code from}, from one state of the chain. */
        ChainSlice slice(long from, int limit);

        /** The head and its block, from one state of the chain. */
        ChainSlice top();

        /**
         * The same blocks as {@link #blocks}, still in their stored form, for a caller that decodes
         * many in parallel and reports one that does not decode as a bad block at its height.
         */
        List<StoredBlock> stored(long from, int limit);
    }

    /** A block as stored, decoded on demand. */
    @FunctionalInterface
    interface StoredBlock {
        /** @throws InvalidValueException when the stored form is not a block this node reads */
        Block decode();
    }

    /** Reads of transactions, each following one state of the chain. */
    interface Transactions {
        /** Where the transaction with this id stands; empty when this node never saw it. */
        Optional<TransactionRecord> transaction(Hash id);

        /** Records of many transactions at once; unknown ids are absent from the map. */
        Map<Hash, TransactionRecord> transactions(Collection<Hash> ids);

        /** True when the transaction is confirmed on the main chain. */
        default boolean isConfirmed(Hash id) {
            return transaction(id).map(r -> r.status() == TransactionRecord.Status.CONFIRMED).orElse(false);
        }
    }

    /** Reads of the pending transactions. */
    interface Mempool {
        /** The {@code limit} oldest pending transactions, oldest first (the order mining takes them). */
        List<TransactionRecord> oldest(int limit);

        /** How many transactions are pending, counting no further than {@code cap}. */
        long size(long cap);
    }

    /** An address's confirmed transactions, newest first, a page at a time. */
    interface History {
        /**
         * Up to {@code limit} confirmed transactions sent or received by {@code address}, newest
         * first, older than the cursor {@code before} (null for the newest); the page's cursor is
         * null on the last page.
         *
         * @throws IllegalArgumentException when {@code before} is not a cursor of this store ({@link #isCursor})
         */
        Page<TransactionRecord> page(String address, String before, int limit);

        /** Whether {@code cursor} is one this store hands out (a client may send anything). */
        boolean isCursor(String cursor);
    }

    /** Reads of accounts; an address never paid reads as an empty account. */
    interface Accounts {
        /** The account of {@code address}, as of one state of the chain. */
        Account account(String address);

        /** Many accounts by address, each present in the map (empty when never paid). */
        Map<String, Account> accounts(Collection<String> addresses);

        /** Accounts in address order, {@code limit} at a time; {@code after} is the previous page's cursor. */
        Page<Account> page(String after, int limit);
    }

    /** Reads of the peer list, in URL order. */
    interface Peers {
        /** Every peer with its record of invalid chains. */
        List<PeerStanding> standings();

        /** Every peer's base URL. */
        default List<String> all() {
            return standings().stream().map(PeerStanding::url).toList();
        }
    }

    /**
     * The right to mine or swap the chain, held by one caller at a time across every process for a
     * bounded time: a holder that dies blocks others only until its lease expires. A caller that
     * found it held may queue, so a chain swap is not starved by back-to-back mining. The lease
     * only saves wasted work; the conditions of {@link AppendBlock} and {@link ReorganiseChain}
     * keep the chain correct without it.
     */
    interface MiningLease {
        /** A new holder name for {@code purpose} ("mining", "resolve"): the purpose, this process, a unique suffix. */
        static String holder(String purpose) {
            return purpose + " in process " + ManagementFactory.getRuntimeMXBean().getName() + " #" + UUID.randomUUID();
        }

        /**
         * Takes the lease for {@code holder} for {@code duration}.
         *
         * @throws ConflictException while another holder's lease is live (or another caller is
         *         queued), naming what holds it and when it ends
         */
        void acquire(String holder, Duration duration);

        /**
         * Queues {@code holder} for the lease until {@code waitUntil} (epoch ms): once the current
         * holder releases it or it expires, only {@code holder} may take it until then. False when
         * another caller is queued already.
         */
        boolean queue(String holder, long waitUntil);

        /** Gives the lease back if {@code holder} still has it, keeping anyone queued for it. */
        void release(String holder);
    }

    /** Starts a chain on an empty store and checks the chain a store holds. */
    interface InitialiseChain {
        /**
         * Writes {@code genesis} (block, head, balances) unless the store has a chain, then checks
         * the chain's genesis; of many processes racing, one writes it.
         *
         * @throws IllegalStateException when the store holds a chain with another genesis
         */
        void run(Block genesis);

        /**
         * Refuses a store whose chain starts from another genesis; an empty store passes.
         *
         * @throws IllegalStateException naming both genesis hashes
         */
        void check(Block genesis);
    }

    /**
     * Appends a block on the head: the block, the new head, every transaction's confirmation (a
     * pending one leaves the mempool) and every balance and sequence it changes, all visible at
     * once or not at all, however large the block. One block per height, across processes.
     */
    interface AppendBlock {
        /**
         * @param parent      the head the block was built on (its work plus the block's is the new head's)
         * @param pendingHere ids of the block's transactions that are pending in this mempool
         * @throws ConflictException  when another block took the height first
         * @throws StaleViewException when a transaction or balance changed since the block was assembled
         */
        void run(Block block, Head parent, Set<Hash> pendingHere);
    }

    /**
     * Replaces the main chain above a fork point with a verified branch, visible all at once or
     * not at all, however deep the fork: no reader sees the two mixed or a shortened chain. A
     * change stopped after its commit point is finished by the next writer ({@link #finish}).
     */
    interface ReorganiseChain {
        /**
         * Makes {@code incoming} (verified, on the block at {@code fork}) the main chain in place of
         * {@code dropped} (our blocks above {@code fork}, up to {@code from}): the dropped blocks'
         * transactions not in {@code incoming} go back to the mempool, balances and sequences
         * follow. The caller holds the lease.
         *
         * It stops once {@code deadlineMillis} (epoch milliseconds, by the store's clock) has
         * passed, having written at least once: before its commit point with
         * {@link SwapStoppedException}, keeping what it staged, which the next call with the same
         * change (or {@link #finish}) carries on from where it stopped; after it normally, the
         * rest being folded by the next writer (invisible either way).
         *
         * @throws ConflictException    when the head is no longer {@code from}: nothing became visible
         * @throws StaleViewException   when a transaction changed meanwhile: nothing became visible
         * @throws SwapStoppedException when the budget ran out before the commit point: nothing became visible
         */
        void run(Head from, Head fork, List<Block> dropped, List<Block> incoming, long deadlineMillis);

        /** As {@link #run(Head, Head, List, List, long)} without a time budget: to its end, however long. */
        default void run(Head from, Head fork, List<Block> dropped, List<Block> incoming) {
            run(from, fork, dropped, incoming, Long.MAX_VALUE);
        }

        /**
         * Finishes what a writer that stopped after its commit point left, if anything, so the
         * next block is built on a settled chain, and carries on a change that stopped before its
         * commit point once what it adopts is in the store (abandoning it if it no longer fits
         * the chain). No time budget: it runs to the end. The caller holds the lease.
         */
        void finish();
    }

    /**
     * Puts a transaction into the mempool, reserving its amount from the sender's available
     * balance and, when signed, taking the sender's next sequence: of two spends of the same coins
     * or two transactions with one sequence racing in any processes, one wins.
     */
    interface AcceptTransaction {
        /**
         * @param acceptedAt epoch milliseconds; orders the mempool
         * @throws ConflictException          when the same transaction was submitted before
         * @throws SequenceException          when a signed transaction's sequence is not the sender's next one
         * @throws InsufficientFundsException when the sender's available balance is short
         */
        void run(Transaction tx, long acceptedAt);
    }

    /** Takes a pending transaction out of the mempool, releasing its reservation and its sequence. */
    interface RejectTransaction {
        /** Rejects {@code tx} with {@code reason}; nothing happens if it is no longer pending. */
        void run(Transaction tx, String reason);
    }

    /** Adds peers so that concurrent registrations cannot take the list past its cap. */
    interface RegisterPeers {
        /**
         * Registers the {@code urls} not registered yet.
         *
         * @param cap the most peers the store may hold
         * @throws ConflictException when they would take the list past {@code cap}
         */
        void run(List<String> urls, int cap);
    }

    /** Removes peers, keeping the count that caps registration equal to the peers stored. */
    interface RemovePeers {
        /** Removes those of {@code urls} (base URLs) that are registered; the others are no error. */
        void run(List<String> urls);
    }

    /** A peer's standing: its invalid chains in a row and when it may be asked again. Absent peers stay absent. */
    interface PeerPenalties {
        /** Records {@code failures} invalid chains in a row; the peer is not asked before {@code retryAt} (epoch ms). */
        void penalise(String url, long failures, long retryAt);

        /** Forgets a peer's failures once it served a valid chain. */
        void forgive(String url);
    }

    /** A peer's resolves in a row without an answer (unreachable or silent), kept on its item. Absent peers stay absent. */
    interface PeerMisses {
        /** Counts one more resolve without an answer from the peer at {@code url}; returns the count, 0 when it is not registered. */
        long miss(String url);

        /** Sets the count back to none once the peer answered (callers skip peers whose {@link PeerStanding#misses()} is 0). */
        void answered(String url);
    }
}
