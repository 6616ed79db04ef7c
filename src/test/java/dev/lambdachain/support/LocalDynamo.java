package dev.lambdachain.support;

import dev.lambdachain.local.EmbeddedDynamo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.store.TableSetup;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded DynamoDB Local per test class (register it as a static extension field); every {@link #newNode} gets a table of its own,
 * so tests never see each other's chains.
 */
public final class LocalDynamo implements AutoCloseable, AfterAllCallback {
    private static final AtomicInteger TABLES = new AtomicInteger();

    private final EmbeddedDynamo engine = EmbeddedDynamo.inMemory();

    public DynamoDbClient client() {
        return engine.client();
    }

    /** A node on a fresh table with the local defaults, overridden by {@code settings}. */
    public Node newNode(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>();
        all.put(NodeConfig.TABLE_NAME, "chain" + TABLES.incrementAndGet());
        all.put(NodeConfig.ALLOW_LOOPBACK_PEERS, "true");
        all.putAll(settings);
        TableSetup.createIfMissing(client(), all.get(NodeConfig.TABLE_NAME));
        return new Node(NodeConfig.from(all), client());
    }

    public Node newNode() {
        return newNode(Map.of());
    }

    @Override
    public void close() {
        engine.close();
    }

    /** As a {@code @RegisterExtension static} field: one engine per test class, closed after it. */
    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }
}
