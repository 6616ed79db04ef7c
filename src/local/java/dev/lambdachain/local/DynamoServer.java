package dev.lambdachain.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A standalone DynamoDB Local server, for several {@code serve --dynamodb} processes to share one
 * table the way several Lambda containers do.
 */
final class DynamoServer implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final int port;

    private DynamoServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * In memory, or persisted under {@code dataDir} when given. One shared database (-sharedDb)
     * whatever key and region a client signs with, so every client sees the same tables.
     */
    static DynamoServer start(int port, Path dataDir) throws Exception {
        List<String> args = new ArrayList<>(List.of("-port", String.valueOf(port), "-disableTelemetry", "-sharedDb"));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            Files.createDirectories(dataDir);
            args.addAll(List.of("-dbPath", dataDir.toAbsolutePath().toString()));
        }
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
        server.start();
        return new DynamoServer(server, port);
    }

    URI endpoint() {
        return URI.create("http://localhost:" + port);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
