package dev.lambdachain.it;

import static dev.lambdachain.support.SignedVector.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainParams;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.support.HeadlessChromium;
import dev.lambdachain.support.LyingPeers;
import dev.lambdachain.support.NodeProcess;
import dev.lambdachain.wire.ProtocolJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apache.commons.codec.binary.Base58;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The explorer page in a real headless Chromium against real node processes. Skipped where no
 * Chromium is installed.
 *
 * <p>The class's node holds a chain of two mined blocks, one pending transaction and a few addresses,
 * and no test changes it: a test that sends or mines starts a node of its own, so the tests pass in
 * any order. One of them writes the README's screenshot (docs/explorer.png) on every run, from a
 * fresh node with default settings, so that it cannot go stale.
 */
class ExplorerPageIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path PROJECT = Path.of(System.getProperty("lambdachain.project.dir", "."));

    private static HeadlessChromium browser;
    private static NodeProcess node;
    private static String confirmedId;
    private static String pendingId;

    @BeforeAll
    static void startTheNodeAndTheBrowser() throws Exception {
        HeadlessChromium.requireBinary();
        node = NodeProcess.serve();
        String[] ids = chainWithTwoBlocksAndAPendingTransaction(node);
        confirmedId = ids[0];
        pendingId = ids[1];
        browser = HeadlessChromium.launch();
    }

    /**
     * On {@code fresh}: genesis pays alice 100 and bob 50 (block 1), alice pays bob 10 (block 2), and bob's
     * 5 to carol waits in the mempool. Returns the ids of the payment to alice and of the pending one.
     */
    private static String[] chainWithTwoBlocksAndAPendingTransaction(NodeProcess fresh) {
        String confirmed = accepted(fresh.send("genesis", "alice", 100));
        accepted(fresh.send("genesis", "bob", 50));
        assertEquals(200, fresh.get("/mine").status());
        accepted(fresh.send("alice", "bob", 10));
        assertEquals(200, fresh.get("/mine").status());
        return new String[] {confirmed, accepted(fresh.send("bob", "carol", 5))};
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
    void theSummaryShowsTheHeightAfterTwoMinedBlocksAtRootAndAtExplorer() {
        for (String path : List.of("/explorer", "/")) {
            browser.open(node.url() + path);
            browser.waitForText("[data-field=height]", "2");
        }
        browser.waitForText("[data-field=mempool]", "1");
        browser.waitForText("[data-field=valid]", "valid");
        JsonNode info = node.get("/info").json();
        assertEquals(info.path("difficulty").asText(), browser.text("[data-field=difficulty]"));
        assertEquals(info.path("genesis").asText(), browser.text("[data-field=genesis]"));
        assertEquals(info.path("signature_mode").asText(), browser.text("[data-field=signature-mode]"));
        assertTrue(browser.text("[data-field=average-block-time]").endsWith("over 1 interval"),
                browser.text("[data-field=average-block-time]"));
        browser.waitFor("document.querySelectorAll('#view table tbody tr').length === 3", WAIT);
    }

    /** The README's screenshot, docs/explorer.png: the summary of a fresh node with default settings, as a newcomer sees it. */
    @Test
    void theReadmeScreenshotIsTheSummaryOfAFreshNodeWithDefaultSettings() throws Exception {
        try (NodeProcess fresh = NodeProcess.serve()) {
            chainWithTwoBlocksAndAPendingTransaction(fresh);
            browser.open(fresh.url() + "/");
            browser.waitForText("[data-field=height]", "2");
            browser.waitForText("[data-field=valid]", "valid");
            browser.waitFor("document.querySelectorAll('#view table tbody tr').length === 3", WAIT);
            assertEquals(fresh.get("/info").json().path("signature_mode").asText(), browser.text("[data-field=signature-mode]"));
            Path screenshot = PROJECT.resolve("docs").resolve("explorer.png");
            browser.screenshot(screenshot);
            assertTrue(Files.size(screenshot) > 10_000);
        }
    }

    @Test
    void searchingAHeightShowsThatBlockWithItsTransactions() {
        browser.open(node.url() + "/");
        search("1");
        browser.waitForText("[data-field=block-height]", "1");
        browser.waitFor("document.querySelector('a[href=\"#/tx/" + confirmedId + "\"]') !== null", WAIT);
        assertEquals("2", browser.text("[data-field=confirmations]"));
        assertEquals(64, browser.text("[data-field=block-hash]").length());
    }

    @Test
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

    /**
     * A block that comes from a peer carries names no client of ours typed: as hostile as the
     * address rules allow (names a page could mistake for object members or script words). Adopted
     * through /nodes/resolve, it shows on the block, transaction and address pages as plain text,
     * with nothing running and nothing broken.
     */
    @Test
    void aPeersBlockWithHostileNamesIsShownAsTextAndNothingRuns() throws Exception {
        List<String> names = List.of("__proto__", "constructor", "javascript-alert-1", "onerror", "toString");
        try (LyingPeers peers = new LyingPeers(); NodeProcess other = NodeProcess.serve()) {
            Block genesis = ChainParams.defaults().genesis();
            List<Transaction> hostile = new ArrayList<>();
            long now = System.currentTimeMillis();
            hostile.add(new Transaction("genesis", names.get(0), Amount.of(50), now, 0, null, null));
            for (int i = 1; i < names.size(); i++) {
                hostile.add(new Transaction("genesis", names.get(i), Amount.of(i), now + i, 0, null, null));
            }
            Block first = LyingPeers.mine(genesis, "constructor", hostile);
            Block second = LyingPeers.mine(first, "__proto__",
                    List.of(new Transaction("__proto__", "hasOwnProperty", Amount.of(7), now + 10, 0, null, null)));
            String peer = peers.serving("hostile", List.of(ProtocolJson.block(genesis), ProtocolJson.block(first),
                    ProtocolJson.block(second)), 2, genesis.hash());
            assertEquals(201, other.post("/nodes/register", "{\"nodes\":[\"" + peer + "\"]}").status());
            NodeProcess.Reply resolved = other.get("/nodes/resolve");
            assertTrue(resolved.json().path("replaced").asBoolean(), resolved.json().toString());

            browser.open(other.url() + "/#/block/1");
            browser.waitForText("[data-field=block-height]", "1");
            browser.waitFor("document.querySelectorAll('#view table tbody tr').length === " + (names.size() + 1), WAIT);
            for (String name : names) {
                assertTrue(browser.text("#view table").contains(name), name + " shows in the block's table");
            }

            browser.evaluate("location.hash = '#/address/__proto__'");
            browser.waitForText("[data-field=address]", "__proto__");
            // history: block 2's reward and the 7 sent in it, the 50 received in block 1
            browser.waitFor("document.querySelectorAll('#view table tbody tr').length === 3", WAIT);
            assertEquals("53", browser.text("[data-field=balance]"));

            browser.evaluate("location.hash = '#/tx/" + second.transactions().get(1).id().hex() + "'");
            browser.waitForText("[data-field=tx-recipient]", "hasOwnProperty");
            browser.evaluate("location.hash = '#/mempool'");
            browser.waitFor("document.querySelector('#view h1') !== null && document.querySelector('#view h1')"
                    + ".textContent === 'Mempool'", WAIT);

            assertEquals("undefined", browser.evaluate("typeof window.__xss").asText());
            assertEquals(0, browser.evaluate("document.querySelectorAll('#view img, #view script, #view svg').length").asInt());
        }
    }

    /** What the page's signing relies on: this Chromium signs with Ed25519, and the JDK verifies it. */
    @Test
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

    /** The page's own encoding of an unsigned transaction (version 1) gives the node's id, checked on send. */
    @Test
    void sendingFromANamedAccountThenMiningChangesTheBalanceShown() throws Exception {
        try (NodeProcess own = NodeProcess.serve()) {
            accepted(own.send("genesis", "alice", 90));
            assertEquals(200, own.get("/mine").status());
            browser.open(own.url() + "/#/actions");
            browser.waitFor("document.querySelector('#send-named') !== null", WAIT);
            browser.type("#send-named [name=sender]", "alice");
            browser.type("#send-named [name=recipient]", "dave");
            browser.type("#send-named [name=amount]", "7");
            browser.click("#send-named button[type=submit]");
            browser.waitFor("(document.querySelector('#send-named ~ .result') || {}).textContent"
                    + ".includes('recomputed in this browser and matches')", WAIT);

            browser.click("#mine");
            browser.waitFor("(document.querySelector('#mine').parentElement.nextElementSibling || {}).textContent"
                    + ".startsWith('Mined block 2')", Duration.ofSeconds(60));

            browser.evaluate("location.hash = '#/address/dave'");
            browser.waitForText("[data-field=balance]", "7");
            browser.evaluate("location.hash = '#/address/alice'");
            browser.waitForText("[data-field=balance]", "83");
        }
    }

    @Test
    void theSummaryFitsAPhoneWithoutSidewaysScrolling() throws Exception {
        browser.phone(true);
        try {
            browser.open(node.url() + "/");
            browser.waitForText("[data-field=height]", "2");
            assertTrue(browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth").asBoolean(),
                    "the page is wider than the phone: " + browser.evaluate("document.documentElement.scrollWidth"));
            browser.screenshot(PROJECT.resolve("target").resolve("explorer-summary-phone.png"));
        } finally {
            browser.phone(false);
        }
    }

    // ---------------------------------------------------------------- signed transactions in the page

    /* The pinned vector of docs/PROTOCOL.md "Pinned vector" (support/SignedVector), as POST /transactions/new takes it. */
    private static final String BODY = "{\"sender\":\"" + SENDER + "\",\"recipient\":\"" + RECIPIENT + "\",\"amount\":"
            + AMOUNT + ",\"timestamp\":" + TIMESTAMP + ",\"sequence\":" + SEQUENCE + ",\"public_key\":\"" + PUBLIC_KEY
            + "\",\"signature\":\"" + SIGNATURE + "\"}";

    /** `java -jar target/lambdachain.jar wallet ARGS...`: its standard output, trimmed; fails unless it exits 0. */
    private static String wallet(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", NodeProcess.jar().toString(), "wallet"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "wallet " + args[0] + " did not finish");
        assertEquals(0, process.exitValue(), "wallet " + String.join(" ", args) + ": " + err);
        return out;
    }

    /**
     * {@code body} run with {@code p} holding the exports of the page's modules protocol.js and signing.js,
     * the very module instances the page runs (a module is loaded once per page and URL).
     */
    private static String protocolCall(String body) {
        return "(async () => { const p = Object.assign({}, "
                + "await import(new URL('explorer/protocol.js', location.href).href), "
                + "await import(new URL('explorer/signing.js', location.href).href)); " + body + " })()";
    }

    /**
     * Known answers: the page's Base58 against Bitcoin Core's vectors and commons-codec, and its
     * address, v2 bytes, id and signed body for the pinned vector's key against the Java-pinned values.
     * The key file the page saves is the format the command line wallet reads.
     */
    @Test
    void thePagesAddressBytesIdAndSignatureAreThePinnedVector(@TempDir Path dir) throws Exception {
        browser.open(node.url() + "/");
        String[][] bitcoin = {
                {"", ""}, {"61", "2g"}, {"626262", "a3gV"}, {"636363", "aPEr"},
                {"00000000000000000000", "1111111111"}, {"572e4794", "3EFU7m"},
                {"00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"},
        };
        for (String[] vector : bitcoin) {
            assertEquals(vector[1], browser.evaluate(protocolCall("return p.base58(p.hexToBytes("
                    + HeadlessChromium.quote(vector[0]) + "));")).asText(), vector[0]);
        }
        Random random = new Random(15);
        for (int i = 0; i < 50; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            for (int zeros = random.nextInt(3), j = 0; j < zeros && j < bytes.length; j++) {
                bytes[j] = 0;
            }
            String hex = HexFormat.of().formatHex(bytes);
            assertEquals(new Base58().encodeToString(bytes), browser.evaluate(protocolCall("return p.base58(p.hexToBytes("
                    + HeadlessChromium.quote(hex) + "));")).asText(), hex);
        }

        String keyFile = "{\"kind\":\"lambdachain-ed25519-key\",\"seed\":\"" + SEED + "\",\"public_key\":\"" + PUBLIC_KEY
                + "\",\"address\":\"" + SENDER + "\"}";
        JsonNode page = browser.evaluate(protocolCall("""
                const tx = { sender: %2$s, recipient: %3$s, amount: 25, timestamp: 1700000001000, sequence: 0, public_key: %4$s };
                const key = await p.readKeyFile(%1$s);
                let refused = null;
                try {
                  await p.readKeyFile(%1$s.replace(%2$s, %3$s));
                } catch (e) {
                  refused = e.message;
                }
                return {
                  address: await p.addressOf(p.hexToBytes(%4$s)),
                  keyAddress: key.address,
                  keyPublic: key.publicKey,
                  bytes: p.bytesToHex(p.canonicalSigningBytes(tx, %5$s)),
                  id: await p.transactionId(tx, %5$s),
                  body: JSON.stringify(await p.signTransfer(key, %5$s, %3$s, 25, 1700000001000, 0)),
                  saved: p.keyFileText(key),
                  refused: refused
                };""".formatted(HeadlessChromium.quote(keyFile), HeadlessChromium.quote(SENDER),
                HeadlessChromium.quote(RECIPIENT), HeadlessChromium.quote(PUBLIC_KEY), HeadlessChromium.quote(GENESIS))));
        assertEquals(SENDER, page.path("address").asText());
        assertEquals(SENDER, page.path("keyAddress").asText());
        assertEquals(PUBLIC_KEY, page.path("keyPublic").asText());
        assertEquals(BYTES, page.path("bytes").asText());
        assertEquals(ID, page.path("id").asText());
        assertEquals(BODY, page.path("body").asText());
        assertEquals("its address is not the address of its seed (a damaged or edited file)", page.path("refused").asText());

        Path saved = Files.createFile(dir.resolve("saved.key"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(saved, page.path("saved").asText());
        assertEquals(SENDER, wallet("address", saved.toString()));
    }

    private void chooseKeyFile(Path keyFile, String address) {
        browser.waitFor("document.querySelector('#key-file') !== null", WAIT);
        browser.chooseFile("#key-file", keyFile);
        browser.waitForText("[data-field=wallet-address]", address);
    }

    /** Signs and sends in the page; returns the id the page shows once the node accepted it. */
    private String signAndSend(String recipient, long amount) {
        browser.type("#send-signed [name=recipient]", recipient);
        browser.type("#send-signed [name=amount]", Long.toString(amount));
        browser.click("#send-signed button[type=submit]");
        browser.waitFor("(document.querySelector('#send-signed ~ .result') || {}).textContent"
                + ".includes('recomputed in this browser and matches')", WAIT);
        String id = browser.text("#send-signed ~ .result [data-field=sent-id]");
        assertEquals(64, id.length(), id);
        return id;
    }

    private void mineInThePage() {
        browser.click("#mine");
        browser.waitFor("(document.querySelector('#mine').parentElement.nextElementSibling || {}).textContent"
                + ".startsWith('Mined block ')", Duration.ofSeconds(60));
    }

    private void addressShows(String address, String balance) {
        browser.evaluate("location.hash = " + HeadlessChromium.quote("#/address/" + address));
        browser.waitForText("[data-field=address]", address);
        browser.waitForText("[data-field=balance]", balance);
    }

    private void confirmedIn(String id, String sender) {
        browser.waitFor("document.querySelector('#view a[href=\"#/tx/" + id + "\"]') !== null", WAIT);
        browser.evaluate("location.hash = '#/tx/" + id + "'");
        browser.waitForText("[data-field=tx-status]", "confirmed");
        assertEquals(sender, browser.text("[data-field=tx-sender]"));
    }

    /** Issue 15: a key of `wallet new`, imported through the page's file control, signs a transfer that is mined. */
    @Test
    void aWalletKeyFileImportedInThePageSignsASendThatIsMinedAndTheBalancesShow(@TempDir Path dir) throws Exception {
        Path senderKey = dir.resolve("sender.key");
        Path recipientKey = dir.resolve("recipient.key");
        String printed = wallet("new", "--out", senderKey.toString());
        wallet("new", "--out", recipientKey.toString());
        String sender = wallet("address", senderKey.toString());
        String recipient = wallet("address", recipientKey.toString());
        assertEquals(sender, printed);
        try (NodeProcess own = NodeProcess.serve()) {
            accepted(own.send("genesis", sender, 500));
            assertEquals(200, own.get("/mine").status());

            browser.open(own.url() + "/#/actions");
            chooseKeyFile(senderKey, sender);
            assertTrue(browser.evaluate("document.querySelector('#send-named') !== null").asBoolean(), "dev mode: named form too");
            browser.waitForText("[data-field=wallet-available]", "500");
            assertEquals("0", browser.text("[data-field=wallet-sequence]"));

            String id = signAndSend(recipient, 120);
            JsonNode pending = own.get("/transactions/" + id).json();
            assertEquals("pending", pending.path("status").asText(), pending.toString());
            assertEquals(sender, pending.path("transaction").path("sender").asText());
            browser.waitForText("[data-field=wallet-sequence]", "1");
            mineInThePage();

            addressShows(sender, "380");
            confirmedIn(id, sender);
            addressShows(recipient, "120");
            assertEquals(380, own.balance(sender));
            assertEquals(120, own.balance(recipient));
        }
    }

    /** A chain that requires signatures: no named-account form, and a send signed in the page is accepted and mined. */
    @Test
    void onARequiredModeChainOnlyTheSignedFormShowsAndItsSendIsMined(@TempDir Path dir) throws Exception {
        Path ownerKey = dir.resolve("owner.key");
        Path otherKey = dir.resolve("other.key");
        String owner = wallet("new", "--out", ownerKey.toString());
        String other = wallet("new", "--out", otherKey.toString());
        try (NodeProcess strict = NodeProcess.serve("--difficulty", "2", "--signature-mode", "required",
                "--genesis-address", owner, "--miner", owner)) {
            assertEquals("required", strict.get("/info").json().path("signature_mode").asText());
            browser.open(strict.url() + "/#/actions");
            browser.waitFor("document.querySelector('#send-signed') !== null", WAIT);
            assertTrue(browser.evaluate("document.querySelector('#send-named') === null").asBoolean(), "no named form");
            chooseKeyFile(ownerKey, owner);
            browser.waitForText("[data-field=wallet-available]", "1000000");

            String id = signAndSend(other, 25);
            mineInThePage();
            addressShows(other, "25");
            confirmedIn(id, owner);
            assertEquals(1_000_000 + 10 - 25, strict.balance(owner));

            // a key made in the page instead: a new address of the protocol's shape, nothing spent yet
            browser.open(strict.url() + "/#/actions");
            browser.waitFor("document.querySelector('#generate-key') !== null", WAIT);
            browser.click("#generate-key");
            browser.waitFor("/^3[1-9A-HJ-NP-Za-km-z]{50}$/.test((document.querySelector('[data-field=wallet-address]') || {})"
                    + ".textContent || '')", WAIT);
            assertNotEquals(owner, browser.text("[data-field=wallet-address]"));
            browser.waitForText("[data-field=wallet-available]", "0");
        }
    }
}
