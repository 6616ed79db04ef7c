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
    /**
     * Telemetry would write dynamodb-local-metadata.json into the working directory and phone home;
     * only this flag (or DDB_LOCAL_TELEMETRY=0) turns it off in embedded mode.
     */
    private static final Boolean DISABLE_TELEMETRY = Boolean.TRUE;

    private final AmazonDynamoDBLocal engine;

    private EmbeddedDynamo(AmazonDynamoDBLocal engine) {
        this.engine = engine;
    }

    public static EmbeddedDynamo inMemory() {
        return new EmbeddedDynamo(DynamoDBEmbedded.create(DISABLE_TELEMETRY));
    }

    /** Persists to {@code dataDir}/lambdachain.db; the directory is created if needed. */
    public static EmbeddedDynamo persistent(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        File file = dataDir.resolve(DATA_FILE).toFile();
        return new EmbeddedDynamo(DynamoDBEmbedded.create(file, DISABLE_TELEMETRY));
    }

    public DynamoDbClient client() {
        return engine.dynamoDbClient();
    }

    @Override
    public void close() {
        engine.shutdownNow();
    }
}
