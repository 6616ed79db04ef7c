package dev.lambdachain.local;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DynamoDB Local running inside this JVM: in memory, or persisted in one file under a data
 * directory. Never part of the Lambda artifact.
 */
public final class EmbeddedDynamo implements AutoCloseable {
    static final String DATA_FILE = "lambdachain.db";

    private final AmazonDynamoDBLocal engine;

    private EmbeddedDynamo(AmazonDynamoDBLocal engine) {
        this.engine = engine;
    }

    public static EmbeddedDynamo inMemory() {
        quiet();
        return new EmbeddedDynamo(DynamoDBEmbedded.create());
    }

    /** Persists to {@code dataDir}/lambdachain.db; the directory is created if needed. */
    public static EmbeddedDynamo persistent(Path dataDir) {
        quiet();
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        File file = dataDir.resolve(DATA_FILE).toFile();
        return new EmbeddedDynamo(DynamoDBEmbedded.create(file));
    }

    public DynamoDbClient client() {
        return engine.dynamoDbClient();
    }

    @Override
    public void close() {
        engine.shutdownNow();
    }

    private static void quiet() {
        System.setProperty("sqlite4java.library.path", System.getProperty("java.io.tmpdir"));
        System.setProperty("aws.disableTelemetry", "true");
    }
}
