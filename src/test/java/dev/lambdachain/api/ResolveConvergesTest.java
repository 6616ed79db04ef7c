package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resolve converges on the best valid chain whatever a lying peer claims: a peer that serves
 * less than it claimed neither stops the others from being asked nor is asked again while it
 * waits out its back-off.
 */
class ResolveConvergesTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();
    @RegisterExtension
    static final LyingPeers peers = new LyingPeers();

    @ParameterizedTest(name = "liar registered first: {0}")
    @ValueSource(booleans = {true, false})
    void aPeerThatServesLessThanItClaimsDoesNotKeepUsOffTheHonestLongerChain(boolean liarFirst) {
        Node node = dynamo.newNode(Map.of(NodeConfig.PEER_TIMEOUT_MILLIS, "2000", NodeConfig.MINING_THREADS, "2"));
        node.prepareChain();
        Block genesis = node.queries().blocks(0, 1).blocks().get(0);
        String liarName = "x-" + System.nanoTime();
        List<JsonNode> short3 = LyingPeers.honestChain(genesis, 2);
        List<JsonNode> honest5 = LyingPeers.honestChain(genesis, 5);
        String liar = peers.serving(liarName, short3, 8, genesis.hash());
        String honest = peers.serving("y-" + System.nanoTime(), honest5, 5, genesis.hash());
        if (liarFirst) {
            register(node, liar, honest);
        } else {
            register(node, honest, liar);
        }

        JsonNode first = resolve(node);
        int liarRequests = peers.requestsTo(liarName);
        JsonNode second = resolve(node);

        assertTrue(first.get("replaced").asBoolean(), first.toString());
        assertEquals(6, first.get("length").asLong(), first.toString());
        assertEquals(honest5.get(5).get("hash").asText(), first.get("head").asText());
        assertTrue(outcome(first, liar).contains("not asked again"), first.toString());
        assertEquals(6, second.get("length").asLong(), second.toString());
        assertTrue(outcome(second, liar).startsWith("waiting"), second.toString());
        assertEquals(liarRequests, peers.requestsTo(liarName), "the waiting liar is not asked again");
        JsonNode valid = Api.json(new ValidateHandler(node).handleRequest(Events.get("/validate"), null));
        assertTrue(valid.get("valid").asBoolean(), valid.toString());
    }

    static void register(Node node, String... urls) {
        String body = "{\"nodes\":[\"" + String.join("\",\"", urls) + "\"]}";
        APIGatewayV2HTTPResponse response = new RegisterNodesHandler(node)
                .handleRequest(Events.post("/nodes/register", body), null);
        assertEquals(201, response.getStatusCode(), response.getBody());
    }

    static JsonNode resolve(Node node) {
        APIGatewayV2HTTPResponse response = new ResolveHandler(node).handleRequest(Events.get("/nodes/resolve"), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return Api.json(response);
    }

    static String outcome(JsonNode resolved, String peer) {
        for (JsonNode line : resolved.get("peers")) {
            if (line.get("peer").asText().equals(peer)) {
                return line.get("outcome").asText();
            }
        }
        throw new AssertionError(peer + " is not in " + resolved);
    }
}
