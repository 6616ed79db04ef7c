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

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where a local node keeps its table: a Dynoxide server of its own (in memory, or in a data
 * directory), or any DynamoDB endpoint shared with other processes. Always through the same AWS SDK
 * v2 client over HTTP as in AWS.
 */
public final class Storage implements AutoCloseable {
    /** Local engines accept any key; real AWS endpoints get the default credential chain instead. */
    private static final AwsBasicCredentials LOCAL_CREDENTIALS = AwsBasicCredentials.create("local", "local");

    private final DynamoDbClient client;
    private final DynoxideServer engine;
    private final String description;

    private Storage(DynamoDbClient client, DynoxideServer engine, String description) {
        this.client = client;
        this.engine = engine;
        this.description = description;
    }

    static Storage open(Options options) throws IOException, DynoxideBinary.NotFoundException {
        if (options.sharedDynamodb()) {
            return options.dynamodb() == null ? aws() : endpoint(options.dynamodb());
        }
        return ownEngine(DynoxideBinary.locate(options.dynoxide(), DynoxideBinary.defaultProjectDirs()), options.data());
    }

    /**
     * A Dynoxide server of this process on a free loopback port, stopped by {@link #close()}.
     *
     * @param dataDir null for in memory, else the directory holding the database file
     */
    static Storage ownEngine(Path binary, Path dataDir) throws IOException {
        DynoxideServer engine = DynoxideServer.start(binary, "127.0.0.1", 0, dataDir, line -> { });
        String where = dataDir == null ? "in memory (gone when stopped)"
                : "persisted in " + dataDir.resolve(DynoxideServer.DATA_FILE).toAbsolutePath();
        return new Storage(client(engine.endpoint()), engine, "Dynoxide at " + engine.endpoint() + ", " + where);
    }

    /** DynamoDB in AWS_REGION, credentials from the default chain, as a Lambda function would use it. */
    static Storage aws() {
        return new Storage(Node.dynamoFromEnvironment(), null, "DynamoDB in " + System.getenv("AWS_REGION"));
    }

    static Storage endpoint(URI endpoint) {
        return new Storage(client(endpoint), null, "DynamoDB at " + endpoint);
    }

    /**
     * An SDK client on {@code endpoint}: region from AWS_REGION (else us-east-1); dummy credentials
     * unless the host is an {@code amazonaws.com} endpoint, where the default credential chain applies.
     */
    public static DynamoDbClient client(URI endpoint) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .endpointOverride(endpoint)
                .region(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")));
        String host = endpoint.getHost() == null ? "" : endpoint.getHost();
        if (!host.endsWith(".amazonaws.com") && !host.endsWith(".amazonaws.com.cn")) {
            builder.credentialsProvider(StaticCredentialsProvider.create(LOCAL_CREDENTIALS));
        }
        return builder.build();
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
    public void close() {
        client.close();
        if (engine != null) {
            engine.close();
        }
    }
}
