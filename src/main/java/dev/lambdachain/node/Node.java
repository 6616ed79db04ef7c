package dev.lambdachain.node;

import dev.lambdachain.consensus.Consensus;
import dev.lambdachain.consensus.PeerAddress;
import dev.lambdachain.consensus.PeerClient;
import dev.lambdachain.core.BlockValidator;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.TableSetup;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.net.URI;
import java.time.Clock;

/**
 * Everything one process needs, built once from configuration, a DynamoDB client and a clock:
 * the store and the services on it. Building does no I/O; {@link #prepareChain()} is the
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
    private volatile boolean prepared;

    /** A node on the system clock. */
    public Node(NodeConfig config, DynamoDbClient dynamo) {
        this(config, dynamo, Clock.systemUTC());
    }

    /** A node whose every reading of the time (timestamps, leases, deadlines) comes from {@code clock}. */
    public Node(NodeConfig config, DynamoDbClient dynamo, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.store = new ChainStore(dynamo, config.tableName(), clock, config.mempoolShards(),
                config.chain().genesis().hash());
        this.validator = new BlockValidator(config.chain());
        NodeParts parts = new NodeParts(config, store, validator, clock);
        this.payments = new Payments(parts);
        this.mining = new Mining(parts);
        this.queries = new ChainQueries(store);
        this.audit = new ChainAudit(parts);
        this.peers = new PeerRegistry(parts);
        PeerAddress guard = new PeerAddress(config.allowLoopbackPeers(), config.allowPrivatePeers());
        this.consensus = new Consensus(store, validator, new PeerClient(guard, config.peerTimeout(), clock, validator.genesisHash()),
                config.leaseDuration(), clock);
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
                    DynamoDbClient dynamo = dynamoFromEnvironment();
                    if (!System.getenv().getOrDefault("DYNAMODB_ENDPOINT", "").isBlank()) {
                        // `sam local` against a local Dynoxide server: nothing deployed the table
                        TableSetup.createIfMissing(dynamo, config.tableName());
                    }
                    node = new Node(config, dynamo);
                    SnapStartPriming.register(node);
                    shared = node;
                }
            }
        }
        return node;
    }

    /** One client per process: URL-connection HTTP (fast cold start), region from AWS_REGION. */
    public static DynamoDbClient dynamoFromEnvironment() {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build());
        String region = System.getenv("AWS_REGION");
        if (region != null) {
            builder.region(Region.of(region));
        }
        String endpoint = System.getenv("DYNAMODB_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
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
}
