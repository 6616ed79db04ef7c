package dev.lambdachain.support;

import dev.lambdachain.local.DynoxideBinary;
import dev.lambdachain.local.DynoxideServer;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.store.dynamodb.DynamoDbConnection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Dynoxide server per test class, reached over HTTP by the real AWS SDK client (register it as a
 * static extension field); every {@link #newNode} gets a table of its own, so tests never see each
 * other's chains.
 *
 * <p>Where no Dynoxide binary is installed and no {@code npm} is on the PATH either (SAM's Java build
 * container), the class is skipped with the reason; with npm present, a missing binary fails the
 * class, so CI can never pass by skipping.
 */
public final class LocalDynamo implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private static final AtomicInteger TABLES = new AtomicInteger();

    private DynoxideServer engine;
    private DynamoDbConnection connection;

    /** The Dynoxide executable, or the test is aborted (skipped) where the machine cannot have one. */
    public static Path binary() {
        try {
            return DynoxideBinary.locate(null, List.of(projectDir()));
        } catch (DynoxideBinary.NotFoundException e) {
            Assumptions.assumeTrue(DynoxideBinary.onPath("npm").isPresent(), "skipped: " + e.getMessage());
            throw new IllegalStateException("npm is installed but Dynoxide is not: " + e.getMessage());
        }
    }

    public static Path projectDir() {
        return Path.of(System.getProperty("lambdachain.project.dir", "")).toAbsolutePath();
    }


    /** The connection to this class's server, started on first use. */
    public synchronized DynamoDbConnection connection() {
        if (engine == null) {
            try {
                engine = DynoxideServer.start(binary(), "127.0.0.1", 0, null, line -> { });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            connection = DynamoDbConnection.open(engine.endpoint().toString());
        }
        return connection;
    }

    /** The SDK client on this class's server, for a test that reads items directly. */
    public DynamoDbClient client() {
        return connection().client();
    }

    /** The HTTP endpoint of this class's server, for processes that share its tables (`serve --dynamodb`). */
    public java.net.URI endpoint() {
        client();
        return engine.endpoint();
    }

    /** A node on a fresh table with the local defaults, overridden by {@code settings}. */
    public Node newNode(Map<String, String> settings) {
        return newNode(settings, Clock.systemUTC(), System.err, System.out);
    }

    /**
     * A node on a fresh table with the local defaults, overridden by {@code settings}, on
     * {@code clock}, writing its log lines to {@code log} and its metric lines to {@code metrics}.
     */
    public Node newNode(Map<String, String> settings, Clock clock, PrintStream log, PrintStream metrics) {
        Map<String, String> all = new HashMap<>();
        all.put(NodeConfig.TABLE_NAME, "chain" + TABLES.incrementAndGet());
        all.put(NodeConfig.ALLOW_LOOPBACK_PEERS, "true");
        all.put(NodeConfig.SIGNATURE_MODE, "dev"); // the seed's named accounts, unless a test asks for required
        all.putAll(settings);
        connection().createTableIfMissing(all.get(NodeConfig.TABLE_NAME));
        return new Node(NodeConfig.from(all), connection(), clock, log, metrics);
    }

    public Node newNode() {
        return newNode(Map.of());
    }

    @Override
    public synchronized void close() {
        if (engine != null) {
            connection.close();
            engine.close();
            engine = null;
        }
    }

    /** As a {@code @RegisterExtension static} field: the server starts before the class (or is skipped). */
    @Override
    public void beforeAll(ExtensionContext context) {
        connection();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }
}
