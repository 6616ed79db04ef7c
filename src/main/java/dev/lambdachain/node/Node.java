package dev.lambdachain.node;

import dev.lambdachain.consensus.Consensus;
import dev.lambdachain.consensus.PeerAddress;
import dev.lambdachain.consensus.PeerClient;
import dev.lambdachain.core.BlockValidator;
import dev.lambdachain.store.ChainTable;
import dev.lambdachain.store.MiningLease;
import dev.lambdachain.store.TableSetup;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.net.URI;

/**
 * Everything one process needs, built once: configuration, the DynamoDB client, the table and
 * the services on it. Holds no chain facts: every answer comes from DynamoDB.
 */
public final class Node {
    private static volatile Node shared;

    private final NodeConfig config;
    private final ChainTable table;
    private final BlockValidator validator;
    private final Payments payments;
    private final Mining mining;
    private final PeerAddress peerAddress;
    private final Consensus consensus;

    public Node(NodeConfig config, DynamoDbClient dynamo) {
        this.config = config;
        this.table = new ChainTable(dynamo, config.tableName());
        this.validator = new BlockValidator(config.chain());
        if (config.initializesChain()) {
            table.initialize(config.chain().genesis());
        } else {
            table.checkGenesis(config.chain().genesis());
        }
        this.payments = new Payments(table);
        MiningLease lease = new MiningLease(table);
        this.mining = new Mining(config, table, lease, validator);
        this.peerAddress = new PeerAddress(config.allowLoopbackPeers(), config.allowPrivatePeers());
        this.consensus = new Consensus(table, lease, validator, new PeerClient(peerAddress, config.peerTimeout()),
                config.leaseDuration());
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

    public ChainTable table() {
        return table;
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

    public PeerAddress peerAddress() {
        return peerAddress;
    }

    public Consensus consensus() {
        return consensus;
    }
}
