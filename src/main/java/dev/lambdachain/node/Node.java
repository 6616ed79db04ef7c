package dev.lambdachain.node;

import dev.lambdachain.consensus.Consensus;
import dev.lambdachain.consensus.PeerAddress;
import dev.lambdachain.consensus.PeerClient;
import dev.lambdachain.core.BlockValidator;
import dev.lambdachain.log.Log;
import dev.lambdachain.metrics.NodeMetrics;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.dynamodb.DynamoDbConnection;

import java.io.PrintStream;
import java.time.Clock;
import java.util.UUID;

/**
 * Everything one process needs, built once from configuration, a DynamoDB connection, a clock and
 * the streams its log and metrics write to: the store and the services on it (which see only the
 * {@link ChainStore} interface), and the process's one {@link Log} and {@link NodeMetrics}, which
 * the services and handlers are handed. Building does no I/O; {@link #prepareChain()} is the
 * explicit step that writes or checks the genesis block. Holds no chain facts: every answer
 * comes from DynamoDB.
 */
public final class Node {
    private static volatile Node shared;

    private final NodeConfig config;
    private final Clock clock;
    private final Log log;
    private final NodeMetrics metrics;
    private final ChainStore store;
    private final BlockValidator validator;
    private final Payments payments;
    private final Mining mining;
    private final ChainQueries queries;
    private final ChainAudit audit;
    private final PeerRegistry peers;
    private final Consensus consensus;
    private final PeerUpkeep peerUpkeep;
    private final String instance = UUID.randomUUID().toString();
    private final Relay relay;
    private final Announcements announcements;
    private volatile boolean prepared;

    /** A node on the system clock, logging to stderr and writing metrics to stdout as in Lambda. */
    public Node(NodeConfig config, DynamoDbConnection dynamo) {
        this(config, dynamo, Clock.systemUTC());
    }

    /** A node on {@code clock}, logging to stderr and writing metrics to stdout as in Lambda. */
    public Node(NodeConfig config, DynamoDbConnection dynamo, Clock clock) {
        this(config, dynamo, clock, System.err, System.out);
    }

    /**
     * A node whose every reading of the time (timestamps, leases, deadlines, log and metric lines)
     * comes from {@code clock}, writing its log lines (at or above {@link NodeConfig#logLevel()}) to
     * {@code logStream} and its metric lines to {@code metricsStream}.
     */
    public Node(NodeConfig config, DynamoDbConnection dynamo, Clock clock, PrintStream logStream,
                PrintStream metricsStream) {
        this.config = config;
        this.clock = clock;
        this.log = new Log(logStream, clock, config.logLevel());
        this.metrics = new NodeMetrics(metricsStream, clock);
        this.store = dynamo.chainStore(config.tableName(), clock, config.mempoolShards(),
                config.chain().genesis().hash());
        this.validator = new BlockValidator(config.chain());
        NodeParts parts = new NodeParts(config, store, validator, clock, log, metrics);
        PeerAddress guard = new PeerAddress(config.allowLoopbackPeers(), config.allowPrivatePeers());
        PeerClient client = new PeerClient(guard, config.peerTimeout(), clock, validator.genesisHash(),
                validator.params().maxTransactionsPerBlock());
        this.relay = new Relay(parts, client);
        this.payments = new Payments(parts, relay);
        this.mining = new Mining(parts, relay);
        this.queries = new ChainQueries(store);
        this.audit = new ChainAudit(parts);
        this.peers = new PeerRegistry(parts, guard);
        this.consensus = new Consensus(store, validator, client, config.leaseDuration(), clock, log, metrics);
        this.peerUpkeep = new PeerUpkeep(parts, client, guard, instance);
        this.announcements = new Announcements(parts, consensus, guard, relay);
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

    /** The process's log: every line of this node and its functions goes through it. */
    public Log log() {
        return log;
    }

    /** The process's metrics, holding its cold-start flag. */
    public NodeMetrics metrics() {
        return metrics;
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

    /**
     * A random id of this process, new at each start, shown in /info: a node that meets its own
     * at an address a peer lists knows that address is itself ({@link PeerUpkeep}).
     */
    public String instance() {
        return instance;
    }

    /** What each resolve does to the peer list after it: drops dead peers, learns their peers' peers. */
    public PeerUpkeep peerUpkeep() {
        return peerUpkeep;
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
