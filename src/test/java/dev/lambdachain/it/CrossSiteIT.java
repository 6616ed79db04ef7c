package dev.lambdachain.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.lambdachain.support.HeadlessChromium;
import dev.lambdachain.support.NodeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page of another origin (a server of the test's own on another port of 127.0.0.1) tries to
 * drive a local node in a real headless Chromium: by form, by image, by no-cors fetch and by CORS
 * fetch, to register a peer, mine and resolve. The node refuses each (403) and the page reads no
 * answer; the node's own explorer still sends and mines. Skipped where no Chromium is installed.
 */
class CrossSiteIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The other origin: serves the attacker's page at / on a port of its own. */
    private static HttpServer elsewhere;
    private static NodeProcess node;
    private static HeadlessChromium browser;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.requireBinary();
        elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        elsewhere.createContext("/", exchange -> {
            byte[] page = attackerPage(node.url()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        elsewhere.start();
        node = NodeProcess.serve("--difficulty", "2");
        browser = HeadlessChromium.launch();
    }

    @AfterAll
    static void stop() {
        if (elsewhere != null) {
            elsewhere.stop(0);
        }
        try (NodeProcess closesLast = node; HeadlessChromium closesFirst = browser) {
            // closed in reverse order; one that never started (null) is skipped
        }
    }

    @Test
    void aPageOfAnotherOriginCanNeitherDriveTheNodeNorReadItsAnswers() {
        JsonNode before = node.get("/info").json();
        browser.open("http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/");
        browser.waitFor("window.done === true", WAIT);
        JsonNode results = browser.evaluate("window.results");

        List<String> read = new ArrayList<>();
        results.properties().forEach(result -> {
            if (result.getKey().endsWith("cors read") && !"blocked".equals(result.getValue().asText())) {
                read.add(result.getKey() + ": " + result.getValue().asText());
            }
        });
        assertEquals(List.of(), read, "the page read a state-changing route's answer: " + results);

        JsonNode info = node.get("/info").json();
        assertEquals(before.path("height"), info.path("height"), "a block was mined: " + info);
        assertEquals("[]", info.path("peers").toString(), "a peer was registered: " + info);
        String log = node.output();
        for (String refused : List.of("POST /nodes/register 403", "GET /mine 403", "POST /mine 403",
                "GET /nodes/resolve 403")) {
            assertTrue(log.contains(refused), "the node never saw (and refused) " + refused + "; the page: " + results
                    + "\nthe node:\n" + log);
        }
    }

    /** The explorer's own forms (send, mine) are driven in ExplorerPageIT; here its origin calls every guarded route. */
    @Test
    void theNodesOwnPageStillSendsRegistersMinesAndResolves() {
        long height = node.get("/info").json().path("height").asLong();
        browser.open(node.url() + "/");
        JsonNode statuses = browser.evaluate("""
                (async () => {
                  const json = {'Content-Type': 'application/json'};
                  const calls = [
                    ['/transactions/new', {method: 'POST', headers: json,
                      body: '{"sender":"genesis","recipient":"erin","amount":3}'}],
                    ['/nodes/register', {method: 'POST', headers: json, body: '{"nodes":["localhost:1"]}'}],
                    ['/mine', {method: 'POST'}],
                    ['/nodes/remove', {method: 'POST', headers: json, body: '{"nodes":["localhost:1"]}'}],
                    ['/nodes/resolve', {}]];
                  const statuses = [];
                  for (const [path, options] of calls) statuses.push((await fetch(path, options)).status);
                  return statuses;
                })()""");
        assertEquals("[201,201,200,200,200]", statuses.toString());
        assertEquals(height + 1, node.get("/info").json().path("height").asLong());
        assertEquals(3, node.balance("erin"));
    }

    /**
     * What an attacker's page does: each attempt records "sent", "blocked" or what it read. The
     * form posts text/plain shaped as JSON, which a browser sends without a preflight.
     */
    private static String attackerPage(String nodeUrl) {
        Map<String, String> attempts = Map.of(
                "register", "'POST', '/nodes/register', '{\"nodes\":[\"localhost:1\"]}'",
                "mine-get", "'GET', '/mine', null",
                "mine-post", "'POST', '/mine', ''",
                "resolve", "'GET', '/nodes/resolve', null");
        StringBuilder list = new StringBuilder();
        attempts.forEach((name, attempt) -> list.append("['").append(name).append("', ").append(attempt).append("],"));
        return """
                <!doctype html>
                <html><body>
                <form id="form" method="POST" action="NODE/nodes/register" enctype="text/plain" target="sink">
                  <input type="hidden" name='{"nodes":["localhost:2"],"x":"' value='"}'>
                </form>
                <iframe name="sink" id="sink"></iframe>
                <script>
                const node = 'NODE';
                window.results = {};
                async function attack() {
                  for (const [name, method, path, body] of [LIST]) {
                    const options = body === null ? {method} : {method, body, headers: {'Content-Type': 'text/plain'}};
                    try {
                      await fetch(node + path, Object.assign({mode: 'no-cors'}, options));
                      results[name + ' no-cors'] = 'sent';
                    } catch (e) { results[name + ' no-cors'] = 'failed: ' + e; }
                    try {
                      const answer = await fetch(node + path, options);
                      results[name + ' cors read'] = answer.status + ' ' + await answer.text();
                    } catch (e) { results[name + ' cors read'] = 'blocked'; }
                  }
                  try {
                    const answer = await fetch(node + '/nodes/register', {method: 'POST',
                      headers: {'Content-Type': 'application/json'}, body: '{"nodes":["localhost:3"]}'});
                    results['preflighted register cors read'] = answer.status + ' ' + await answer.text();
                  } catch (e) { results['preflighted register cors read'] = 'blocked'; }
                  await new Promise(done => {
                    const image = new Image();
                    image.onload = image.onerror = done;
                    image.src = node + '/mine?miner=thief';
                  });
                  await new Promise(done => {
                    document.getElementById('sink').onload = done;
                    document.getElementById('form').submit();
                  });
                  window.done = true;
                }
                attack();
                </script>
                </body></html>
                """.replace("NODE", nodeUrl).replace("LIST", list.toString());
    }
}
