package dev.lambdachain.local;

import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.store.TableSetup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where a local node keeps its table: DynamoDB Local inside this JVM (in memory, or in a data
 * directory), or any DynamoDB endpoint shared with other processes.
 */
final class Storage implements AutoCloseable {
    /**
     * DynamoDB Local keeps one database per access key and region, so every local client must
     * present the same dummy key to see the same tables.
     */
    private static final AwsBasicCredentials LOCAL_CREDENTIALS = AwsBasicCredentials.create("local", "local");

    private final DynamoDbClient client;
    private final AutoCloseable owner;
    private final String description;

    private Storage(DynamoDbClient client, AutoCloseable owner, String description) {
        this.client = client;
        this.owner = owner;
        this.description = description;
    }

    static Storage open(Options options) {
        if (options.sharedDynamodb()) {
            return options.dynamodb() == null ? aws() : endpoint(options.dynamodb());
        }
        if (options.data() != null) {
            return persistent(options.data());
        }
        return inMemory();
    }

    static Storage inMemory() {
        EmbeddedDynamo engine = EmbeddedDynamo.inMemory();
        return new Storage(engine.client(), engine, "embedded DynamoDB Local in memory (gone when stopped)");
    }

    static Storage persistent(Path dataDir) {
        EmbeddedDynamo engine = EmbeddedDynamo.persistent(dataDir);
        return new Storage(engine.client(), engine, "embedded DynamoDB Local persisted in " + dataDir.toAbsolutePath());
    }

    /** DynamoDB in AWS_REGION, credentials from the default chain, as a Lambda function would use it. */
    static Storage aws() {
        DynamoDbClient client = Node.dynamoFromEnvironment();
        return new Storage(client, client, "DynamoDB in " + System.getenv("AWS_REGION"));
    }

    /** Real AWS endpoints use the default credential chain; anything else gets the dummy local key. */
    static Storage endpoint(URI endpoint) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .endpointOverride(endpoint)
                .region(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")));
        String host = endpoint.getHost() == null ? "" : endpoint.getHost();
        if (!host.endsWith(".amazonaws.com") && !host.endsWith(".amazonaws.com.cn")) {
            builder.credentialsProvider(StaticCredentialsProvider.create(LOCAL_CREDENTIALS));
        }
        DynamoDbClient client = builder.build();
        return new Storage(client, client, "DynamoDB at " + endpoint);
    }

    /** The node on this storage; its table is created first if missing (safe when many start at once). */
    Node node(NodeConfig config) {
        TableSetup.createIfMissing(client, config.tableName());
        return new Node(config, client);
    }

    String description() {
        return description;
    }

    @Override
    public void close() throws Exception {
        owner.close();
    }
}
