package dev.lambdachain.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.node.Node;
import dev.lambdachain.support.LocalDynamo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code dynamodb --port P} and {@code serve --dynamodb URL}: nodes sharing one endpoint behave as
 * Lambda containers sharing one table, from an empty endpoint on.
 */
class SharedEndpointTest {
    private static final int NODES = 2;

    private static DynoxideServer dynamo;
    private static final List<Storage> storages = new ArrayList<>();
    private static final List<LocalServer> servers = new ArrayList<>();

    @BeforeAll
    static void startDynamo() throws Exception {
        dynamo = DynoxideServer.start(LocalDynamo.binary(), "127.0.0.1", 0, null, line -> { });
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (LocalServer server : servers) {
            server.close();
        }
        for (Storage storage : storages) {
            storage.close();
        }
        if (dynamo != null) { // null when the class was skipped: no engine on this machine
            dynamo.close();
        }
    }

    @Test
    void nodesStartingTogetherOnAnEmptyEndpointShareOneChain() throws Exception {
        Options options = Options.parse(Options.SERVE, "--port", "0", "--dynamodb", dynamo.endpoint().toString());
        SamTemplate template = SamTemplate.read(TemplateTest.PROJECT.resolve("template.yaml"));
        CyclicBarrier together = new CyclicBarrier(NODES);
        ExecutorService starters = Executors.newFixedThreadPool(NODES);
        List<Future<LocalServer>> starting = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            Storage storage = Storage.open(options);
            storages.add(storage);
            starting.add(starters.submit(() -> {
                together.await();
                Node node = storage.node(options.nodeConfig());
                return LocalServer.start(0, Functions.load(template, node));
            }));
        }
        for (Future<LocalServer> server : starting) {
            servers.add(server.get());
        }
        starters.shutdown();
        ApiClient first = new ApiClient(servers.get(0).uri());
        ApiClient second = new ApiClient(servers.get(1).uri());

        assertEquals(first.get("/info").json().path("genesis"), second.get("/info").json().path("genesis"));
        assertEquals(201, first.post("/transactions/new",
                "{\"sender\":\"genesis\",\"recipient\":\"alice\",\"amount\":7}").status());
        assertEquals(1, second.get("/info").json().path("mempool").asInt());
        assertEquals(200, second.get("/mine").status());
        JsonNode info = first.get("/info").json();
        assertEquals(1, info.path("height").asInt());
        assertEquals(0, info.path("mempool").asInt());
        assertEquals(7, first.get("/balance/alice").json().path("balance").asInt());
    }
}
