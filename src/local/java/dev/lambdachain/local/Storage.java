package dev.lambdachain.local;

import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.store.dynamodb.DynamoDbConnection;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Where a local node keeps its table: a Dynoxide server of its own (in memory, or in a data
 * directory), or any DynamoDB endpoint shared with other processes. Always through the same AWS SDK
 * v2 client over HTTP as in AWS.
 */
public final class Storage implements AutoCloseable {
    private final DynamoDbConnection dynamo;
    private final DynoxideServer engine;
    private final String description;

    private Storage(DynamoDbConnection dynamo, DynoxideServer engine, String description) {
        this.dynamo = dynamo;
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
        return new Storage(DynamoDbConnection.open(engine.endpoint().toString()), engine,
                "Dynoxide at " + engine.endpoint() + ", " + where);
    }

    /** DynamoDB in AWS_REGION, credentials from the default chain, as a Lambda function would use it. */
    static Storage aws() {
        return new Storage(DynamoDbConnection.open(null), null, "DynamoDB in " + System.getenv("AWS_REGION"));
    }

    static Storage endpoint(URI endpoint) {
        return new Storage(DynamoDbConnection.open(endpoint.toString()), null, "DynamoDB at " + endpoint);
    }

    /**
     * The node on this storage, its log and metric lines both on stderr (stdout is the runner's:
     * {@code invoke} prints the response there, {@code serve} its address); its table is created
     * first if missing (safe when many start at once).
     */
    Node node(NodeConfig config) {
        return node(config, System.err, System.err);
    }

    /** The node on this storage, writing its log lines to {@code log} and its metric lines to {@code metrics}. */
    Node node(NodeConfig config, PrintStream log, PrintStream metrics) {
        dynamo.createTableIfMissing(config.tableName());
        return new Node(config, dynamo, Clock.systemUTC(), log, metrics);
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        dynamo.close();
        if (engine != null) {
            engine.close();
        }
    }
}
