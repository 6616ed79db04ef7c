package dev.lambdachain.node;

import dev.lambdachain.consensus.Consensus;
import dev.lambdachain.consensus.PeerAddress;
import dev.lambdachain.consensus.PeerClient;
import dev.lambdachain.core.BlockValidator;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.dynamodb.DynamoDbConnection;

import java.time.Clock;

/**
 * Everything one process needs, built once from configuration, a DynamoDB connection and a clock:
 * the store and the services on it (which see only the {@link ChainStore} interface). Building does no I/O; {@link #prepareChain()} is the
 * explicit step that writes or checks the genesis block. Holds no chain facts: every answer
 * comes from DynamoDB.
 */
public final class Node {
    private static volatile Node shared;

    private final NodeConfig config;
    private final Clock clock;
    private final ChainStore store;
    private final BlockValidator validator;
    private final Payments payments;
    private final Mining mining;
    private final ChainQueries queries;
    private final ChainAudit audit;
    private final PeerRegistry peers;
    private final Consensus consensus;
    private final Relay relay;
    private final Announcements announcements;
    private volatile boolean prepared;

    /** A node on the system clock. */
    public Node(NodeConfig config, DynamoDbConnection dynamo) {
        this(config, dynamo, Clock.systemUTC());
    }

    /** A node whose every reading of the time (timestamps, leases, deadlines) comes from {@code clock}. */
    public Node(NodeConfig config, DynamoDbConnection dynamo, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.store = dynamo.chainStore(config.tableName(), clock, config.mempoolShards(),
                config.chain().genesis().hash());
        this.validator = new BlockValidator(config.chain());
        NodeParts parts = new NodeParts(config, store, validator, clock);
        PeerAddress guard = new PeerAddress(config.allowLoopbackPeers(), config.allowPrivatePeers());
        this.relay = new Relay(config, store, guard);
        this.payments = new Payments(parts, relay);
        this.mining = new Mining(parts, relay);
        this.queries = new ChainQueries(store);
        this.audit = new ChainAudit(parts);
        this.peers = new PeerRegistry(parts);
        this.consensus = new Consensus(store, validator, new PeerClient(guard, config.peerTimeout(), clock, validator.genesisHash()),
                config.leaseDuration(), clock);
        this.announcements = new Announcements(store, consensus, guard, relay, clock);
    }

    /**
     * Writes the genesis block if this node may ({@code INITIALIZES_CHAIN}) and the table has no
     * chain, and checks the table's genesis against this node's. Once per process; safe to call
     * from every function of it and from many processes at once.
     *
     * @throws IllegalStateException when the table holds a chain with another genesis
     */
    public void prepareChain() {
        if (prepared) {
            return;
        }
        if (config.initializesChain()) {
            store.initialise().run(config.chain().genesis());
        } else {
            store.initialise().check(config.chain().genesis());
        }
        prepared = true;
    }

    /** The process-wide node of a Lambda container, configured from its environment. */
    public static Node shared() {
        Node node = shared;
        if (node == null) {
            synchronized (Node.class) {
                node = shared;
                if (node == null) {
                    NodeConfig config = NodeConfig.fromEnvironment();
                    String endpoint = System.getenv("DYNAMODB_ENDPOINT");
                    DynamoDbConnection dynamo = DynamoDbConnection.open(endpoint);
                    if (endpoint != null && !endpoint.isBlank()) {
                        // `sam local` against a local Dynoxide server: nothing deployed the table
                        dynamo.createTableIfMissing(config.tableName());
                    }
                    node = new Node(config, dynamo);
                    SnapStartPriming.register(node);
                    shared = node;
                }
            }
        }
        return node;
    }

    public NodeConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public BlockValidator validator() {
        return validator;
    }

    public Payments payments() {
        return payments;
    }

    public Mining mining() {
        return mining;
    }

    public ChainQueries queries() {
        return queries;
    }

    public ChainAudit audit() {
        return audit;
    }

    public PeerRegistry peers() {
        return peers;
    }

    public Consensus consensus() {
        return consensus;
    }

    /** Offers accepted transactions and new heads to the peers (docs/RELAY.md). */
    public Relay relay() {
        return relay;
    }

    /** Hears the peers' head announcements (docs/RELAY.md). */
    public Announcements announcements() {
        return announcements;
    }
}
