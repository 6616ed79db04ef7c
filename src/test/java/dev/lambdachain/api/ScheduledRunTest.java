package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.TestJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduled event ({"routeKey": "SCHEDULE"}, what template.yaml's schedules send) through the
 * handlers: a scheduled mine mines only when there is something to mine or the head block is
 * TARGET_BLOCK_MILLIS old; a function without a schedule refuses it; an HTTP request cannot pass
 * for it.
 */
class ScheduledRunTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    private static APIGatewayV2HTTPEvent scheduled() {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRouteKey(NodeHandler.SCHEDULE_ROUTE);
        return event;
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) throws Exception {
        return TestJson.MAPPER.readTree(response.getBody());
    }

    @Test
    void aScheduledMineMinesWhenTheHeadIsOldOrTheMempoolHoldsATransactionAndOtherwiseWaits() throws Exception {
        // an hour's target block time: the genesis (2023) is older, a block mined now is not
        Node node = dynamo.newNode(Map.of(NodeConfig.DIFFICULTY, "1", NodeConfig.TARGET_BLOCK_MILLIS, "3600000"));
        MineHandler mine = new MineHandler(node);

        JsonNode first = body(mine.handleRequest(scheduled(), null));
        assertTrue(first.get("mined").asBoolean(), "the head block is older than the target block time: " + first);
        assertEquals(1, node.queries().head().height());

        JsonNode idle = body(mine.handleRequest(scheduled(), null));
        assertFalse(idle.get("mined").asBoolean(), idle.toString());
        assertEquals(1, node.queries().head().height(), "nothing to mine and a young head: no block");

        assertEquals(201, new NewTransactionHandler(node).handleRequest(Events.post("/transactions/new",
                "{\"sender\":\"genesis\",\"recipient\":\"alice\",\"amount\":3}"), null).getStatusCode());
        JsonNode busy = body(mine.handleRequest(scheduled(), null));
        assertTrue(busy.get("mined").asBoolean(), busy.toString());
        assertEquals(2, node.queries().head().height());
        assertEquals(2, busy.get("block").get("transactions").size(), "coinbase and the pending transaction");
    }

    @Test
    void aFunctionWithoutAScheduleRefusesTheScheduledEventAndHttpCannotPassForIt() throws Exception {
        Node node = dynamo.newNode(Map.of(NodeConfig.DIFFICULTY, "1"));
        APIGatewayV2HTTPResponse refused = new InfoHandler(node).handleRequest(scheduled(), null);
        assertEquals(400, refused.getStatusCode());
        assertEquals("this function has no schedule", body(refused).get("error").asText());

        // API Gateway's events carry a request context: an HTTP request with that route key is HTTP
        APIGatewayV2HTTPEvent http = Events.get("/mine");
        http.setRouteKey(NodeHandler.SCHEDULE_ROUTE);
        JsonNode mined = body(new MineHandler(node).handleRequest(http, null));
        assertFalse(mined.has("mined"), "served as GET /mine, not as a scheduled run: " + mined);
    }
}
