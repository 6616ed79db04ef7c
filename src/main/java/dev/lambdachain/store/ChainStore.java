package dev.lambdachain.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

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
    private final Accounts accounts;
    private final Peers peers;
    private final MiningLease lease;
    private final InitialiseChain initialise;
    private final AppendBlock append;
    private final UndoBlock undo;
    private final AcceptTransaction accept;
    private final RejectTransaction reject;
    private final RegisterPeers registerPeers;

    /**
     * @param mempoolShards how many index partitions the mempool is spread over; every process
     *                      on one table must use the same number (docs/DYNAMODB.md)
     */
    public ChainStore(DynamoDbClient db, String table, Clock clock, int mempoolShards) {
        if (mempoolShards < 1) {
            throw new IllegalArgumentException("the mempool needs at least one shard, got " + mempoolShards);
        }
        Pager pager = new Pager(db, table);
        Transactor transactor = new Transactor(db);
        this.blocks = new Blocks(pager);
        this.transactions = new Transactions(pager);
        this.mempool = new Mempool(pager, transactions, mempoolShards);
        this.accounts = new Accounts(pager);
        this.peers = new Peers(pager);
        this.lease = new MiningLease(db, table, clock);
        this.initialise = new InitialiseChain(table, transactor, blocks);
        this.append = new AppendBlock(table, transactor, clock);
        this.undo = new UndoBlock(table, transactor, clock, mempoolShards);
        this.accept = new AcceptTransaction(table, transactor, mempoolShards);
        this.reject = new RejectTransaction(table, transactor);
        this.registerPeers = new RegisterPeers(table, transactor, peers);
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

    public UndoBlock undo() {
        return undo;
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
}
