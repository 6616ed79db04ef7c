package dev.lambdachain.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.support.HeadlessChromium;
import dev.lambdachain.support.NodeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The explorer page in a real headless Chromium against a real node process: a chain of two mined
 * blocks, one pending transaction and a few addresses. Skipped where no Chromium is installed.
 * The methods run in order because the last ones add to the chain.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorerPageIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of(System.getProperty("lambdachain.project.dir", "."), "target");

    private static HeadlessChromium browser;
    private static NodeProcess node;
    private static String confirmedId;
    private static String pendingId;

    @BeforeAll
    static void chainWithTwoBlocksAndAPendingTransaction() throws Exception {
        HeadlessChromium.requireBinary();
        node = NodeProcess.serve("--difficulty", "3");
        confirmedId = accepted(node.send("genesis", "alice", 100));
        accepted(node.send("genesis", "bob", 50));
        assertEquals(200, node.get("/mine").status());
        accepted(node.send("alice", "bob", 10));
        assertEquals(200, node.get("/mine").status());
        pendingId = accepted(node.send("bob", "carol", 5));
        browser = HeadlessChromium.launch();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @AfterEach
    void noScriptErrorsNoPolicyViolationsNoDialogs() {
        assertEquals(List.of(), browser.pageErrors());
        assertEquals(List.of(), browser.dialogs());
    }

    private static String accepted(NodeProcess.Reply reply) {
        assertEquals(201, reply.status(), reply.json().toString());
        return reply.json().path("transaction").path("id").asText();
    }

    private void search(String text) {
        browser.type("#search-input", text);
        browser.click("#search button[type=submit]");
    }

    @Test
    @Order(1)
    void theSummaryShowsTheHeightAfterTwoMinedBlocksAtRootAndAtExplorer() throws Exception {
        for (String path : List.of("/explorer", "/")) {
            browser.open(node.url() + path);
            browser.waitForText("[data-field=height]", "2");
        }
        browser.waitForText("[data-field=mempool]", "1");
        browser.waitForText("[data-field=valid]", "valid");
        assertEquals("3", browser.text("[data-field=difficulty]"));
        assertTrue(browser.text("[data-field=average-block-time]").endsWith("over 1 interval"),
                browser.text("[data-field=average-block-time]"));
        browser.waitFor("document.querySelectorAll('#view table tbody tr').length === 3", WAIT);
        browser.screenshot(SCREENSHOTS.resolve("explorer-summary.png"));
        assertTrue(Files.size(SCREENSHOTS.resolve("explorer-summary.png")) > 10_000);
    }

    @Test
    @Order(2)
    void searchingAHeightShowsThatBlockWithItsTransactions() {
        browser.open(node.url() + "/");
        search("1");
        browser.waitForText("[data-field=block-height]", "1");
        browser.waitFor("document.querySelector('a[href=\"#/tx/" + confirmedId + "\"]') !== null", WAIT);
        assertEquals("2", browser.text("[data-field=confirmations]"));
        assertEquals(64, browser.text("[data-field=block-hash]").length());
    }

    @Test
    @Order(3)
    void searchingATransactionIdShowsWhetherItIsConfirmedOrPending() {
        browser.open(node.url() + "/");
        search(confirmedId);
        browser.waitForText("[data-field=tx-status]", "confirmed");
        assertEquals(confirmedId, browser.text("[data-field=tx-id]"));
        assertEquals("alice", browser.text("[data-field=tx-recipient]"));
        assertTrue(browser.text("#view").contains("in block 1, 2 confirmations"), browser.text("#view"));

        search(pendingId.toUpperCase());
        browser.waitForText("[data-field=tx-status]", "pending");
        assertEquals("5", browser.text("[data-field=tx-amount]"));
    }

    @Test
    @Order(4)
    void anAddressPageShowsBalancePendingAndAvailable() {
        browser.open(node.url() + "/");
        search("alice");
        browser.waitForText("[data-field=address]", "alice");
        browser.waitForText("[data-field=balance]", "90");

        search("bob");
        browser.waitForText("[data-field=address]", "bob");
        browser.waitForText("[data-field=balance]", "60");
        assertEquals("5", browser.text("[data-field=pending-outgoing]"));
        assertEquals("55", browser.text("[data-field=available]"));
    }

    /**
     * Addresses are refused by the node unless [A-Za-z0-9_-], so hostile text reaches the page through
     * the address bar, the search box and the node's error messages: it must show as text, and never run.
     */
    @Test
    @Order(5)
    void hostileTextFromTheLinkTheSearchBoxAndTheNodeNeverRuns() {
        String image = "<img src=x onerror=\"window.__xss='img';alert(1)\">";
        browser.open(node.url() + "/#/address/" + URLEncoder.encode(image, StandardCharsets.UTF_8)
                .replace("+", "%20"));
        browser.waitForText("[data-field=address]", image);
        browser.waitFor("document.querySelector('#view .error') !== null", WAIT);

        String script = "<script>window.__xss='script';alert(2)</script>";
        search(script);
        browser.waitForText("[data-field=address]", script);
        browser.waitFor("document.querySelector('#view .error') !== null", WAIT);

        browser.evaluate("location.hash = '#/tx/' + encodeURIComponent('<svg onload=\"window.__xss=1\">')");
        browser.waitFor("document.querySelector('#view .error') !== null", WAIT);

        browser.evaluate("location.hash = '#/actions'");
        browser.waitFor("document.querySelector('#send-named') !== null", WAIT);
        browser.type("#send-named [name=sender]", "<img src=y onerror=\"window.__xss='error'\">");
        browser.type("#send-named [name=recipient]", "bob");
        browser.type("#send-named [name=amount]", "1");
        browser.click("#send-named button[type=submit]");
        browser.waitFor("document.querySelector('#view .result .error') !== null", WAIT);

        assertEquals("undefined", browser.evaluate("typeof window.__xss").asText());
        assertEquals(0, browser.evaluate("document.querySelectorAll('#view img, #view script, #view svg').length").asInt());
        assertEquals(List.of(), browser.dialogs());
    }

    /** What signed transactions will rely on: this Chromium signs with Ed25519, and the JDK verifies it. */
    @Test
    @Order(6)
    void theBrowserSignsWithEd25519AndTheJdkVerifiesIt() throws Exception {
        browser.open(node.url() + "/");
        JsonNode signed = browser.evaluate("""
                (async () => {
                  const hex = b => Array.from(new Uint8Array(b), x => x.toString(16).padStart(2, '0')).join('');
                  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
                  const message = new TextEncoder().encode('lambdachain');
                  const signature = await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, message);
                  return { key: hex(await crypto.subtle.exportKey('raw', pair.publicKey)), signature: hex(signature) };
                })()""");
        byte[] raw = HexFormat.of().parseHex(signed.path("key").asText());
        byte[] x509 = HexFormat.of().parseHex("302a300506032b6570032100" + signed.path("key").asText());
        assertEquals(32, raw.length);
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509)));
        verifier.update("lambdachain".getBytes(StandardCharsets.UTF_8));
        assertTrue(verifier.verify(HexFormat.of().parseHex(signed.path("signature").asText())));
    }

    /** The page's own encoding of a transaction (the one it will sign) gives the node's id, checked on send. */
    @Test
    @Order(7)
    void sendingFromANamedAccountThenMiningChangesTheBalanceShown() {
        browser.open(node.url() + "/#/actions");
        browser.waitFor("document.querySelector('#send-named') !== null", WAIT);
        browser.type("#send-named [name=sender]", "alice");
        browser.type("#send-named [name=recipient]", "dave");
        browser.type("#send-named [name=amount]", "7");
        browser.click("#send-named button[type=submit]");
        browser.waitFor("(document.querySelector('#send-named ~ .result') || {}).textContent"
                + ".includes('recomputed in this browser and matches')", WAIT);

        browser.click("#mine");
        browser.waitFor("(document.querySelector('#mine').parentElement.nextElementSibling || {}).textContent"
                + ".startsWith('Mined block 3')", Duration.ofSeconds(60));

        browser.evaluate("location.hash = '#/address/dave'");
        browser.waitForText("[data-field=balance]", "7");
        browser.evaluate("location.hash = '#/address/alice'");
        browser.waitForText("[data-field=balance]", "83");
    }

    @Test
    @Order(8)
    void theSummaryFitsAPhoneWithoutSidewaysScrolling() throws Exception {
        browser.phone(true);
        try {
            browser.open(node.url() + "/");
            browser.waitForText("[data-field=height]", "3");
            assertTrue(browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth").asBoolean(),
                    "the page is wider than the phone: " + browser.evaluate("document.documentElement.scrollWidth"));
            browser.screenshot(SCREENSHOTS.resolve("explorer-summary-phone.png"));
        } finally {
            browser.phone(false);
        }
    }
}
