package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed prototype's own test flow, through the real handlers on Dynoxide, with its bugs fixed. */
class SeedFlowTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    @Test
    void seedFlowEndsWithEveryBalanceRightAndGenesisDebited() {
        Api api = new Api(dynamo.newNode());
        assertEquals(201, api.send("genesis", "alice", 100).getStatusCode());
        assertEquals(201, api.send("genesis", "bob", 50).getStatusCode());
        assertEquals(200, api.mine().getStatusCode());
        assertEquals(201, api.send("alice", "bob", 25).getStatusCode());
        assertEquals(201, api.send("bob", "charlie", 30).getStatusCode());
        assertEquals(200, api.mine().getStatusCode());
        assertEquals(true, api.validate().get("valid").asBoolean());

        APIGatewayV2HTTPResponse overspend = api.send("alice", "bob", 1000);
        assertEquals(422, overspend.getStatusCode());
        assertTrue(Api.json(overspend).get("error").asText().contains("insufficient funds"));

        assertEquals(75, api.balanceOf("alice"));
        assertEquals(45, api.balanceOf("bob"));
        assertEquals(30, api.balanceOf("charlie"));
        assertEquals(20, api.balanceOf("miner"));
        assertEquals(999_850, api.balanceOf("genesis"));
    }

    @Test
    void chainPagesAndReportsItsLength() {
        Api api = new Api(dynamo.newNode());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, api.mine().getStatusCode());
        }
        JsonNode page = Api.json(api.chain.handleRequest(
                Events.get("/chain", null, Map.of("from", "1", "limit", "2")), null));
        assertEquals(4, page.get("length").asLong());
        assertEquals(2, page.get("chain").size());
        assertEquals(1, page.get("chain").get(0).get("height").asLong());
        assertEquals(3, page.get("next").asLong());
        JsonNode last = Api.json(api.chain.handleRequest(
                Events.get("/chain", null, Map.of("from", "3")), null));
        assertEquals(1, last.get("chain").size());
        assertTrue(last.get("next") == null);
    }

    @Test
    void minedTransactionReportsItsHeightAndPendingOneSaysPending() {
        Api api = new Api(dynamo.newNode());
        String first = Api.json(api.send("genesis", "alice", 5)).get("transaction").get("id").asText();
        api.mine();
        String second = Api.json(api.send("genesis", "bob", 5)).get("transaction").get("id").asText();
        JsonNode confirmed = Api.json(api.status.handleRequest(
                Events.get("/transactions/{id}", Map.of("id", first), null), null));
        assertEquals("confirmed", confirmed.get("status").asText());
        assertEquals(1, confirmed.get("height").asLong());
        JsonNode pending = Api.json(api.status.handleRequest(
                Events.get("/transactions/{id}", Map.of("id", second), null), null));
        assertEquals("pending", pending.get("status").asText());
        JsonNode info = Api.json(api.info.handleRequest(Events.get("/info"), null));
        assertEquals(1, info.get("mempool").asLong());
        assertEquals(1, info.get("height").asLong());
    }

    @Test
    void pendingSpendCountsAgainstTheSenderUntilMined() {
        Api api = new Api(dynamo.newNode());
        api.send("genesis", "carol", 30);
        api.mine();
        assertEquals(201, api.send("carol", "dave", 20).getStatusCode());
        assertEquals(422, api.send("carol", "dave", 20).getStatusCode());
        JsonNode balance = Api.json(api.balance.handleRequest(
                Events.get("/balance/{address}", Map.of("address", "carol"), null), null));
        assertEquals(30, balance.get("balance").asLong());
        assertEquals(20, balance.get("pending_outgoing").asLong());
        assertEquals(10, balance.get("available").asLong());
    }

    @Test
    void senderWithThirtySendingThirtyTwiceAtOnceGetsExactlyOneAccepted() throws Exception {
        Api api = new Api(dynamo.newNode());
        api.send("genesis", "erin", 30);
        api.mine();
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            String recipient = "payee" + i;
            statuses.add(pool.submit(() -> {
                go.await();
                return api.send("erin", recipient, 30).getStatusCode();
            }));
        }
        go.countDown();
        int accepted = 0;
        for (Future<Integer> status : statuses) {
            int code = status.get();
            assertTrue(code == 201 || code == 422, "unexpected status " + code);
            accepted += code == 201 ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, accepted);
        api.mine();
        assertEquals(0, api.balanceOf("erin"));
    }

    @Test
    void miningAnEmptyMempoolGivesACoinbaseOnlyBlock() {
        Api api = new Api(dynamo.newNode());
        JsonNode block = Api.json(api.mine()).get("block");
        assertEquals(1, block.get("transactions").size());
        assertEquals("coinbase", block.get("transactions").get(0).get("sender").asText());
        assertEquals(10, api.balanceOf("miner"));
        assertTrue(block.get("hash").asText().startsWith("0000"));
    }

    @Test
    void walletsPageThroughEveryAddress() {
        Api api = new Api(dynamo.newNode());
        api.send("genesis", "a1", 1);
        api.send("genesis", "a2", 2);
        api.mine();
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            Map<String, String> query = after == null ? Map.of("limit", "2") : Map.of("limit", "2", "after", after);
            JsonNode page = Api.json(api.wallets.handleRequest(Events.get("/wallets", null, query), null));
            page.get("wallets").forEach(w -> seen.add(w.get("address").asText()));
            after = page.hasNonNull("next") ? page.get("next").asText() : null;
        } while (after != null);
        assertEquals(List.of("a1", "a2", "genesis", "miner"), seen);
    }

    @Test
    void infoCountsTheMempoolOnlyUpToItsCap() {
        Api api = new Api(dynamo.newNode());
        for (int i = 0; i <= InfoHandler.MEMPOOL_COUNT_CAP; i++) {
            assertEquals(201, api.send("genesis", "many" + i, 1).getStatusCode());
        }
        JsonNode info = Api.json(api.info.handleRequest(Events.get("/info"), null));
        assertEquals(InfoHandler.MEMPOOL_COUNT_CAP, info.get("mempool").asLong());
        assertTrue(info.get("mempool_at_least").asBoolean());
    }
}
