package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay's Lambda side in one process (docs/RELAY.md): the stream handler relays what the
 * table's stream names, and announcements are heard through consensus against the announcer,
 * the liar paying with back-off. Real engine, real HTTP to fake peers.
 */
class RelayTest {
    private static final TestKey OWNER = TestKey.numbered(1);
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();
    @RegisterExtension
    static final LyingPeers peers = new LyingPeers();

    private static Node freshNode(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(NodeConfig.PEER_TIMEOUT_MILLIS, "3000",
                NodeConfig.MINING_THREADS, "1", NodeConfig.GENESIS_ADDRESS, OWNER.address()));
        settings.putAll(extra);
        Node node = dynamo.newNode(settings);
        node.prepareChain();
        return node;
    }

    private static void register(Node node, String url) {
        APIGatewayV2HTTPResponse response = new RegisterNodesHandler(node)
                .handleRequest(Events.post("/nodes/register", "{\"nodes\":[\"" + url + "\"]}"), null);
        assertEquals(201, response.getStatusCode(), response.getBody());
    }

    private static JsonNode announce(Node node, String peer, String chainwork) {
        APIGatewayV2HTTPResponse response = new AnnounceHandler(node).handleRequest(Events.post("/nodes/announce",
                "{\"peer\":\"" + peer + "\",\"head\":\"" + "ab".repeat(32) + "\",\"height\":3,\"chainwork\":\""
                        + chainwork + "\"}"), null);
        assertEquals(202, response.getStatusCode(), response.getBody());
        return Api.json(response);
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String eventName, String pk, String sk) {
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName(eventName);
        StreamRecord change = new StreamRecord();
        change.setKeys(Map.of("pk", new AttributeValue().withS(pk), "sk", new AttributeValue().withS(sk)));
        record.setDynamodb(change);
        return record;
    }

    @Test
    void theStreamHandlerRelaysAnInsertedPendingTransactionOnceAndAnnouncesAChangedHead() {
        Map<String, AtomicInteger> posts = new java.util.concurrent.ConcurrentHashMap<>();
        String name = "sink-" + System.nanoTime();
        String sinkUrl = peers.add(name, (exchange, what) -> {
            posts.computeIfAbsent(what, w -> new AtomicInteger()).incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            LyingPeers.reply(exchange, what.equals("new") ? 201 : 202, "{\"message\":\"taken\"}");
        });
        Node node = freshNode(Map.of("PUBLIC_URL", "https://node.example"));
        register(node, sinkUrl);
        Hash genesis = node.validator().genesisHash();
        Transaction tx = OWNER.pay(genesis, TestKey.numbered(2).address(), 5, System.currentTimeMillis(), 0);
        node.payments().submitSigned(tx.sender(), tx.recipient(), tx.amount(), tx.timestamp(), tx.sequence(),
                tx.publicKey(), tx.signature());

        DynamodbEvent batch = new DynamodbEvent();
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        records.add(record("INSERT", "TX", tx.id().hex()));
        records.add(record("MODIFY", "TX", tx.id().hex())); // not new here: not relayed again
        records.add(record("INSERT", "TX", "00".repeat(32))); // gone or never stored: nothing to relay
        records.add(record("MODIFY", "META", "HEAD"));
        records.add(record("MODIFY", "META", "HEAD")); // one announcement per batch
        batch.setRecords(records);
        new RelayHandler(node).handleRequest(batch, null);

        assertEquals(1, posts.get("new").get(), "the transaction, once: " + posts);
        assertEquals(1, posts.get("announce").get(), "the head, once: " + posts);
        assertEquals(2, peers.requestsTo(name), "nothing else: " + posts);
    }

    @Test
    void anAnnouncedHeavierChainOfARegisteredPeerIsFetchedAndAdopted() {
        Node node = freshNode(Map.of(NodeConfig.SIGNATURE_MODE, "dev"));
        Block genesis = node.queries().blocks(0, 1).blocks().get(0);
        List<JsonNode> chain = LyingPeers.honestChain(genesis, 2);
        String honest = peers.serving("honest-" + System.nanoTime(), chain, 2, genesis.hash());
        register(node, honest);

        JsonNode heard = announce(node, honest, "9".repeat(40));

        assertEquals("fetched", heard.get("outcome").asText(), heard.toString());
        assertEquals(chain.get(2).get("hash").asText(), node.queries().head().hash().hex());
    }

    /**
     * An announcement names a registered peer with far more work than its chain has: the one
     * fetch finds it claims no more than ours, and that peer's announcements then go unheard for
     * a while (the next ones cost no request at all). Its turn in resolve stays: anyone can name
     * any peer in an announcement, so the lie must not keep an honest peer out of resolve.
     */
    @Test
    void anAnnouncementThePeerDoesNotBackSilencesItsAnnouncementsButNotItsTurnInResolve() {
        Node node = freshNode(Map.of(NodeConfig.SIGNATURE_MODE, "dev"));
        Block genesis = node.queries().blocks(0, 1).blocks().get(0);
        String name = "boaster-" + System.nanoTime();
        String boaster = peers.serving(name, List.of(ProtocolJson.block(genesis)), 0, genesis.hash(),
                node.queries().head().work().toString());
        register(node, boaster);

        JsonNode heard = announce(node, boaster, "9".repeat(40));
        assertEquals("refused", heard.get("outcome").asText(), heard.toString());
        assertTrue(heard.get("message").asText().contains("its announcements are not heard for 10 s"),
                heard.toString());
        int asked = peers.requestsTo(name);
        assertTrue(asked >= 1 && asked <= 2, "one bounded fetch: " + asked);

        for (int i = 0; i < 5; i++) {
            JsonNode again = announce(node, boaster, "9".repeat(40));
            assertEquals("rate-limited", again.get("outcome").asText(), again.toString());
        }
        assertEquals(asked, peers.requestsTo(name), "a peer whose announcements go unheard is not asked");
        JsonNode resolved = Api.json(new ResolveHandler(node).handleRequest(Events.get("/nodes/resolve"), null));
        assertEquals("claims no more work than ours", resolved.get("peers").get(0).get("outcome").asText(),
                resolved.toString());
        assertTrue(peers.requestsTo(name) > asked, "resolve still asks it");
        assertEquals(genesis.hash(), node.queries().head().hash());
    }
}
