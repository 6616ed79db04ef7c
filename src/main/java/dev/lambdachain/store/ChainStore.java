package dev.lambdachain.store;

import dev.lambdachain.core.Hash;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.function.IntConsumer;

/**
 * The chain's DynamoDB table (layout in docs/DYNAMODB.md), assembled from its layers: reads per
 * item kind, one command per atomic change, and the lease. Building it does no I/O. Every change
 * that must be atomic is one TransactWriteItems whose conditions, not any lock in this process,
 * decide who wins.
 */
public final class ChainStore {
    private final Blocks blocks;
    private final Transactions transactions;
    private final Mempool mempool;
    private final History history;
    private final Accounts accounts;
    private final Peers peers;
    private final MiningLease lease;
    private final InitialiseChain initialise;
    private final AppendBlock append;
    private final ReorganiseChain reorganise;
    private final AcceptTransaction accept;
    private final RejectTransaction reject;
    private final RegisterPeers registerPeers;
    private final RemovePeers removePeers;
    private final PeerPenalties peerPenalties;

    /**
     * @param mempoolShards how many index partitions the mempool is spread over; every process
     *                      on one table must use the same number (docs/DYNAMODB.md)
     * @param network       the genesis hash of the chain: the bytes (and so the ids) of its
     *                      signed transactions include it
     */
    public ChainStore(DynamoDbClient db, String table, Clock clock, int mempoolShards, Hash network) {
        this(db, table, clock, mempoolShards, network, writes -> { });
    }

    /**
     * As above, telling {@code afterSwapWrite} the count after each write of a chain swap: a test
     * throws from it to stop a swap midway, as a crash would.
     */
    public ChainStore(DynamoDbClient db, String table, Clock clock, int mempoolShards, Hash network,
                      IntConsumer afterSwapWrite) {
        if (mempoolShards < 1) {
            throw new IllegalArgumentException("the mempool needs at least one shard, got " + mempoolShards);
        }
        Table parts = Table.of(db, table, clock, mempoolShards, network);
        ViewReads reads = new ViewReads(parts.pager(), network);
        this.blocks = new Blocks(reads);
        this.transactions = new Transactions(reads);
        this.mempool = new Mempool(parts, transactions);
        this.history = new History(reads);
        this.accounts = new Accounts(reads);
        this.peers = new Peers(parts.pager());
        this.lease = new MiningLease(parts);
        this.initialise = new InitialiseChain(parts);
        this.append = new AppendBlock(parts);
        this.reorganise = new ReorganiseChain(parts, blocks, transactions, afterSwapWrite);
        this.accept = new AcceptTransaction(parts);
        this.reject = new RejectTransaction(parts);
        this.registerPeers = new RegisterPeers(parts);
        this.removePeers = new RemovePeers(parts);
        this.peerPenalties = new PeerPenalties(parts);
    }

    public Blocks blocks() {
        return blocks;
    }

    public Transactions transactions() {
        return transactions;
    }

    public Mempool mempool() {
        return mempool;
    }

    public History history() {
        return history;
    }

    public Accounts accounts() {
        return accounts;
    }

    public Peers peers() {
        return peers;
    }

    public MiningLease lease() {
        return lease;
    }

    public InitialiseChain initialise() {
        return initialise;
    }

    public AppendBlock append() {
        return append;
    }

    public ReorganiseChain reorganise() {
        return reorganise;
    }

    public AcceptTransaction accept() {
        return accept;
    }

    public RejectTransaction reject() {
        return reject;
    }

    public RegisterPeers registerPeers() {
        return registerPeers;
    }

    public RemovePeers removePeers() {
        return removePeers;
    }

    public PeerPenalties peerPenalties() {
        return peerPenalties;
    }
}
