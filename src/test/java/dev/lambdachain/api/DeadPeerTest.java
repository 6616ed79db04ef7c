package dev.lambdachain.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import dev.lambdachain.support.TestJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A peer is removed after PEER_DROP_AFTER_FAILURES resolves in a row without an answer, and only
 * in a row: one answer between misses starts the count again. The peer is a real HTTP server on
 * 127.0.0.1 that answers /info as this node does, or 503 while it is "down".
 */
class DeadPeerTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    @Test
    void aPeerIsDroppedOnlyAfterItsMissesInARow() throws Exception {
        Node node = dynamo.newNode(Map.of(NodeConfig.DIFFICULTY, "1", NodeConfig.PEER_DROP_AFTER_FAILURES, "3"));
        String info = new InfoHandler(node).handleRequest(Events.get("/info"), null).getBody();
        AtomicBoolean up = new AtomicBoolean();
        HttpServer peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        peer.createContext("/info", exchange -> LyingPeers.reply(exchange, up.get() ? 200 : 503,
                up.get() ? info : "{\"error\":\"down\"}"));
        peer.createContext("/nodes", exchange -> LyingPeers.reply(exchange, 200, "{\"nodes\":[]}"));
        peer.start();
        try {
            String url = "http://127.0.0.1:" + peer.getAddress().getPort();
            ResolveHandler resolve = new ResolveHandler(node);
            assertEquals(201, new RegisterNodesHandler(node).handleRequest(
                    Events.post("/nodes/register", "{\"nodes\":[\"" + url + "\"]}"), null).getStatusCode());

            for (boolean answers : List.of(false, false, true, false, false)) {
                up.set(answers);
                JsonNode resolved = TestJson.MAPPER.readTree(resolve.handleRequest(Events.get("/nodes/resolve"), null).getBody());
                assertEquals(0, resolved.get("dropped").size(), "two misses in a row at most so far: " + resolved);
            }
            assertEquals(List.of(url), node.queries().peers());

            up.set(false);
            JsonNode third = TestJson.MAPPER.readTree(resolve.handleRequest(Events.get("/nodes/resolve"), null).getBody());
            assertEquals(url, third.get("dropped").get(0).asText(), third.toString());
            assertEquals(List.of(), node.queries().peers());
        } finally {
            peer.stop(0);
        }
    }
}
