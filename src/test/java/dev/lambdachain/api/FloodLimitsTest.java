package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import dev.lambdachain.support.TestKey;
import dev.lambdachain.wire.ProtocolJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limits a flood meets (docs/RELAY.md "Limits"), each counted exactly on a node whose clock
 * stands still (no allowance refills meanwhile): one address's announcements past its allowance
 * and its refused transactions past theirs cost nothing but the answer, another address is still
 * heard, and a replayed signed transaction is refused from memory. Real engine, real HTTP to a
 * fake peer.
 */
class FloodLimitsTest {
    private static final TestKey OWNER = TestKey.numbered(1);
    private static final TestKey SPENDER = TestKey.numbered(2);
    private static final String FLOODER = "198.51.100.7";
    private static final String NEIGHBOUR = "198.51.100.8";
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();
    @RegisterExtension
    static final LyingPeers peers = new LyingPeers();

    private static Node stillNode(Instant now) {
        Map<String, String> settings = new HashMap<>(Map.of(NodeConfig.PEER_TIMEOUT_MILLIS, "3000",
                NodeConfig.MINING_THREADS, "1", NodeConfig.GENESIS_ADDRESS, OWNER.address(),
                NodeConfig.SIGNATURE_MODE, "required", NodeConfig.MINER_ADDRESS, SPENDER.address()));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Node node = dynamo.newNode(settings, Clock.fixed(now, ZoneOffset.UTC), quiet, quiet);
        node.prepareChain();
        return node;
    }

    private static APIGatewayV2HTTPEvent from(String source, String route, String body) {
        APIGatewayV2HTTPEvent event = Events.post(route, body);
        event.getRequestContext().getHttp().setSourceIp(source);
        return event;
    }

    private static JsonNode announce(Node node, String source, String peer, int head) {
        APIGatewayV2HTTPResponse response = new AnnounceHandler(node).handleRequest(from(source, "/nodes/announce",
                "{\"peer\":\"" + peer + "\",\"head\":\"" + String.format("%064x", head) + "\",\"height\":9,"
                        + "\"chainwork\":\"" + "9".repeat(40) + "\"}"), null);
        assertEquals(202, response.getStatusCode(), response.getBody());
        return Api.json(response);
    }

    @Test
    void oneAddressFloodingAnnouncementsIsHeardForItsAllowanceThenCostsNeitherStoreReadNorFetch() {
        Node node = stillNode(Instant.now());
        Block genesis = node.queries().blocks(0, 1).blocks().get(0);
        String name = "boaster-" + System.nanoTime();
        String boaster = peers.serving(name, List.of(ProtocolJson.block(genesis)), 0, genesis.hash(),
                node.queries().head().work().toString());
        APIGatewayV2HTTPResponse registered = new RegisterNodesHandler(node)
                .handleRequest(Events.post("/nodes/register", "{\"nodes\":[\"" + boaster + "\"]}"), null);
        assertEquals(201, registered.getStatusCode(), registered.getBody());

        Map<String, Integer> outcomes = new TreeMap<>();
        int overAllowance = 0;
        for (int head = 1; head <= 100; head++) {
            JsonNode heard = announce(node, FLOODER, boaster, head);
            outcomes.merge(heard.get("outcome").asText(), 1, Integer::sum);
            overAllowance += heard.get("message").asText().contains("than this node hears a second") ? 1 : 0;
        }

        assertEquals(80, overAllowance, "past 20 at once, one address is not heard: " + outcomes);
        assertEquals(Map.of("refused", 1, "rate-limited", 99), outcomes, "one fetch, the rest limited");
        assertTrue(peers.requestsTo(name) <= 2, "one bounded fetch (its /info): " + peers.requestsTo(name));
        JsonNode neighbour = announce(node, NEIGHBOUR, boaster, 101);
        assertTrue(neighbour.get("message").asText().contains("not heard for"),
                "another address is heard, up to the peer's own turn: " + neighbour);
    }

    @Test
    void refusedTransactionsFromOneAddressPastItsAllowanceGet429AndOtherAddressesAreStillHeard() {
        Instant now = Instant.now();
        Node node = stillNode(now);
        NewTransactionHandler handler = new NewTransactionHandler(node);
        for (int i = 0; i < 200; i++) {
            APIGatewayV2HTTPResponse refused = handler.handleRequest(from(FLOODER, "/transactions/new",
                    "{\"sender\":\"" + OWNER.address() + "\",\"amount\":\"x" + i + "\"}"), null);
            assertEquals(400, refused.getStatusCode(), i + ": " + refused.getBody());
        }
        APIGatewayV2HTTPResponse limited = handler.handleRequest(from(FLOODER, "/transactions/new", "{}"), null);
        assertEquals(429, limited.getStatusCode(), limited.getBody());
        assertEquals("1", limited.getHeaders().get("Retry-After"));
        assertTrue(Api.json(limited).get("error").asText().contains(FLOODER), limited.getBody());

        Hash network = node.validator().genesisHash();
        Transaction tx = OWNER.pay(network, SPENDER.address(), 5, now.toEpochMilli(), 0);
        APIGatewayV2HTTPResponse accepted = handler.handleRequest(from(NEIGHBOUR, "/transactions/new",
                TestKey.write(TestKey.body(tx))), null);
        assertEquals(201, accepted.getStatusCode(), accepted.getBody());
        APIGatewayV2HTTPResponse stillLimited = handler.handleRequest(from(FLOODER, "/transactions/new",
                TestKey.write(TestKey.body(OWNER.pay(network, SPENDER.address(), 6, now.toEpochMilli(), 1)))), null);
        assertEquals(429, stillLimited.getStatusCode(), "a valid one from the flooding address waits too");
    }

    /**
     * A signed transaction sent again exactly as stored is a duplicate answered from memory; the
     * same transaction with another signature is still checked, and refused for its signature.
     */
    @Test
    void aReplayedSignedTransactionIs409AndAnotherSignatureForItIsStillCheckedAndRefused() {
        Instant now = Instant.now();
        Node node = stillNode(now);
        NewTransactionHandler handler = new NewTransactionHandler(node);
        Transaction tx = OWNER.pay(node.validator().genesisHash(), SPENDER.address(), 5, now.toEpochMilli(), 0);
        String body = TestKey.write(TestKey.body(tx));
        assertEquals(201, handler.handleRequest(from(FLOODER, "/transactions/new", body), null).getStatusCode());

        APIGatewayV2HTTPResponse replay = handler.handleRequest(from(FLOODER, "/transactions/new", body), null);
        assertEquals(409, replay.getStatusCode(), replay.getBody());
        assertTrue(Api.json(replay).get("error").asText().contains("already submitted"), replay.getBody());

        ObjectNode resigned = TestKey.body(tx);
        String signature = tx.signature();
        resigned.put("signature", (signature.charAt(0) == '0' ? "1" : "0") + signature.substring(1));
        APIGatewayV2HTTPResponse altered = handler.handleRequest(from(FLOODER, "/transactions/new",
                TestKey.write(resigned)), null);
        assertEquals(400, altered.getStatusCode(), altered.getBody());
        assertTrue(Api.json(altered).get("error").asText().startsWith("signature does not verify"), altered.getBody());
        assertEquals(1, node.queries().mempool(10).size(), "stored once");
    }
}
