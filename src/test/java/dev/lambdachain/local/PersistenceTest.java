package dev.lambdachain.local;

import dev.lambdachain.support.LocalDynamo;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve --data DIR}: what one server accepted, the next server on DIR still has. */
class PersistenceTest {
    private static final String REGISTER_HANDLER = "dev.lambdachain.api.RegisterNodesHandler";

    @TempDir
    Path data;

    /** A node as {@code serve --port 0 --data DIR} starts it, with its storage to close after it. */
    private record Served(Storage storage, LocalServer server, ApiClient api) implements AutoCloseable {
        static Served start(Path data) throws Exception {
            Options options = Options.parse(Options.SERVE, "--port", "0", "--data", data.toString(),
                    "--dynoxide", LocalDynamo.binary().toString());
            Storage storage = Storage.open(options);
            Functions functions = Functions.load(SamTemplate.read(TemplateTest.PROJECT.resolve("template.yaml")),
                    storage.node(options.nodeConfig()));
            LocalServer server = LocalServer.start(options.port(), functions);
            return new Served(storage, server, new ApiClient(server.uri()));
        }

        @Override
        public void close() throws Exception {
            server.close();
            storage.close();
        }
    }

    @Test
    void chainMempoolAndPeersSurviveARestartOnTheSameDataDirectory() throws Exception {
        JsonNode before;
        String pendingId;
        try (Served first = Served.start(data)) {
            assertEquals(201, first.api().post("/transactions/new",
                    "{\"sender\":\"genesis\",\"recipient\":\"alice\",\"amount\":100}").status());
            assertEquals(200, first.api().get("/mine").status());
            ApiClient.Answer pending = first.api().post("/transactions/new",
                    "{\"sender\":\"alice\",\"recipient\":\"bob\",\"amount\":30}");
            assertEquals(201, pending.status());
            pendingId = pending.json().path("transaction").path("id").asText();
            if (registerHandlerExists()) {
                assertEquals(201, first.api().post("/nodes/register", "{\"nodes\":[\"localhost:5999\"]}").status());
            } else {
                System.err.println("PersistenceTest: " + REGISTER_HANDLER + " is not in this build; peers not checked");
            }
            before = first.api().get("/info").json();
        }
        assertEquals(1, before.path("height").asLong());
        assertEquals(1, before.path("mempool").asLong());
        assertEquals(registerHandlerExists() ? 1 : 0, before.path("peers").size());

        try (Served second = Served.start(data)) {
            JsonNode after = second.api().get("/info").json();
            assertEquals(before.path("height"), after.path("height"));
            assertEquals(before.path("head"), after.path("head"));
            assertEquals(before.path("mempool"), after.path("mempool"));
            assertEquals(before.path("peers"), after.path("peers"));
            assertEquals("pending", second.api().get("/transactions/" + pendingId).json().path("status").asText());
            JsonNode alice = second.api().get("/balance/alice").json();
            assertEquals(100, alice.path("balance").asLong());
            assertEquals(30, alice.path("pending_outgoing").asLong());
            assertTrue(second.api().get("/validate").json().path("valid").asBoolean());
        }
    }

    private static boolean registerHandlerExists() {
        try {
            Class.forName(REGISTER_HANDLER);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
