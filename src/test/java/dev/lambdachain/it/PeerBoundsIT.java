package dev.lambdachain.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.lambdachain.core.Hash;
import dev.lambdachain.support.LyingPeers;
import dev.lambdachain.support.NodeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's heap stays bounded whatever its peers send (issue 19): a runner on a 96 MB heap
 * (which exits at its first OutOfMemoryError) resolves at once against ten peers each streaming a
 * 50 MB /chain page (five of blocks, five of filler before the blocks), a 50 MB /info, a block of
 * endless transactions and a block of 10 MB; it refuses or cuts off each, backs each off, and
 * still answers. Reading any one of those answers whole would not fit; neither did ten pages of
 * 5 MB parsed into blocks before any was verified (the runner died with this test's ten pages).
 */
class PeerBoundsIT {
    private static final long FIFTY_MB = 50L << 20;
    @RegisterExtension
    static final LyingPeers peers = new LyingPeers();

    @Test
    void aNodeOnANinetySixMegabyteHeapCutsOffPeersServingFiftyMegabytesAndKeepsServing() throws Exception {
        try (NodeProcess node = NodeProcess.serveWith(List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError"),
                "--peer-timeout-millis", "20000")) {
            JsonNode genesis = node.get("/chain?from=0&limit=1").json().get("chain").get(0);
            String genesisHash = genesis.get("hash").asText();
            String unsigned = "{\"sender\":\"genesis\",\"recipient\":\"bob\",\"amount\":1,"
                    + "\"timestamp\":1700000000000,\"sequence\":0}";
            String padded = unsigned.substring(0, unsigned.length() - 1) + ",\"memo\":\"" + "m".repeat(10_000) + "\"}";
            List<String> pages = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                // half send 50 MB of blocks (without proof of work), half 50 MB of something else before them
                boolean blocks = i % 2 == 0;
                pages.add(peers.add("page-" + i + "-" + System.nanoTime(), (exchange, what) -> {
                    if (answeredSmall(exchange, what, genesis, genesisHash)) {
                        return;
                    }
                    if (blocks) {
                        LyingPeers.streamBlocks(exchange, 100, 3_500, unsigned);
                    } else {
                        LyingPeers.stream(exchange, "{\"filler\":[", "0,", "0],\"chain\":[]}", FIFTY_MB);
                    }
                }));
            }
            String info = peers.add("info-" + System.nanoTime(), (exchange, what) ->
                    LyingPeers.stream(exchange, "{\"height\":5,\"pad\":[", "0,", "", FIFTY_MB));
            String count = peers.add("count-" + System.nanoTime(), (exchange, what) -> {
                if (!answeredSmall(exchange, what, genesis, genesisHash)) {
                    LyingPeers.stream(exchange, "{\"chain\":[" + LyingPeers.unworkedHeader(1,
                            Hash.parse(genesisHash, "genesis")) + unsigned, "," + unsigned, "", FIFTY_MB);
                }
            });
            String bytes = peers.add("bytes-" + System.nanoTime(), (exchange, what) -> {
                if (!answeredSmall(exchange, what, genesis, genesisHash)) {
                    LyingPeers.streamBlocks(exchange, 1, 1_000, padded);
                }
            });
            List<String> all = new ArrayList<>(pages);
            all.addAll(List.of(info, count, bytes));
            assertEquals(201, node.post("/nodes/register", "{\"nodes\":[\"" + String.join("\",\"", all) + "\"]}").status());

            NodeProcess.Reply first = node.get("/nodes/resolve");
            NodeProcess.Reply second = node.get("/nodes/resolve");

            assertEquals(200, first.status(), String.valueOf(first.json()));
            assertFalse(first.json().get("replaced").asBoolean(), first.json().toString());
            for (String peer : all) {
                // blocks without proof of work are refused at the first; everything else is cut off at its bound
                String expected = pages.indexOf(peer) % 2 == 0 ? "rejected: " : "cut off: ";
                assertTrue(outcome(first.json(), peer).startsWith(expected), first.json().toString());
                assertTrue(outcome(second.json(), peer).startsWith("waiting"), second.json().toString());
            }
            assertEquals(genesisHash, node.get("/info").json().get("head").asText());
            assertTrue(ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false), node.output());
            assertFalse(node.output().contains("OutOfMemoryError"), node.output());
        }
    }

    /** Answers /info (claiming 1,000 blocks) and the one-block fork-point calls (our genesis); false for pages. */
    private static boolean answeredSmall(HttpExchange exchange, String what, JsonNode genesis, String genesisHash)
            throws IOException {
        if (what.equals("info")) {
            LyingPeers.reply(exchange, 200, "{\"height\":1000,\"head\":\"" + "ab".repeat(32) + "\",\"genesis\":\""
                    + genesisHash + "\"}");
            return true;
        }
        if (exchange.getRequestURI().getQuery().endsWith("limit=1")) {
            LyingPeers.reply(exchange, 200, "{\"chain\":[" + genesis + "]}");
            return true;
        }
        return false;
    }

    private static String outcome(JsonNode resolved, String peer) {
        for (JsonNode line : resolved.get("peers")) {
            if (line.get("peer").asText().equals(peer)) {
                return line.get("outcome").asText();
            }
        }
        throw new AssertionError(peer + " is not in " + resolved);
    }
}
