package dev.lambdachain.local;

import dev.lambdachain.support.LocalDynamo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;
import dev.lambdachain.support.TestJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every file in events/ runs through the code of {@code invoke} and gets the status it is named for. */
class EventFilesTest {
    private static final Path EVENTS = TemplateTest.PROJECT.resolve("events");

    private record Expected(String function, int status, String contentType) {
        Expected(String function, int status) {
            this(function, status, "application/json");
        }
    }

    private static final Map<String, Expected> EXPECTED = Map.ofEntries(
            entry("info.json", new Expected("InfoFunction", 200)),
            entry("validate.json", new Expected("ValidateFunction", 200)),
            entry("chain.json", new Expected("ChainFunction", 200)),
            entry("chain-bad-limit.json", new Expected("ChainFunction", 400)),
            entry("transactions-new.json", new Expected("NewTransactionFunction", 201)),
            entry("transactions-new-malformed-json.json", new Expected("NewTransactionFunction", 400)),
            entry("transactions-new-missing-amount.json", new Expected("NewTransactionFunction", 400)),
            entry("transactions-new-negative-amount.json", new Expected("NewTransactionFunction", 400)),
            entry("transactions-new-fractional-amount.json", new Expected("NewTransactionFunction", 400)),
            entry("transactions-new-overflowing-amount.json", new Expected("NewTransactionFunction", 400)),
            entry("transactions-new-string-amount.json", new Expected("NewTransactionFunction", 400)),
            entry("transactions-new-same-sender-and-recipient.json", new Expected("NewTransactionFunction", 400)),
            entry("transactions-new-bad-address.json", new Expected("NewTransactionFunction", 400)),
            entry("transactions-new-insufficient-funds.json", new Expected("NewTransactionFunction", 422)),
            entry("transactions-get-unknown.json", new Expected("TransactionStatusFunction", 404)),
            entry("transactions-get-bad-id.json", new Expected("TransactionStatusFunction", 400)),
            entry("mine.json", new Expected("MineFunction", 200)),
            entry("mine-post.json", new Expected("MineFunction", 200)),
            entry("balance.json", new Expected("BalanceFunction", 200)),
            entry("balance-bad-address.json", new Expected("BalanceFunction", 400)),
            entry("wallets.json", new Expected("WalletsFunction", 200)),
            entry("nodes-register.json", new Expected("RegisterNodesFunction", 201)),
            entry("nodes-register-bad-url.json", new Expected("RegisterNodesFunction", 400)),
            entry("nodes-remove.json", new Expected("RemoveNodesFunction", 200)),
            entry("nodes-resolve.json", new Expected("ResolveFunction", 200)),
            entry("nodes.json", new Expected("ListNodesFunction", 200)),
            entry("mine-scheduled.json", new Expected("MineFunction", 200)),
            entry("resolve-scheduled.json", new Expected("ResolveFunction", 200)),
            entry("nodes-announce.json", new Expected("AnnounceFunction", 202)),
            entry("nodes-announce-bad-head.json", new Expected("AnnounceFunction", 400)),
            entry("blocks-height.json", new Expected("BlockFunction", 200)),
            entry("blocks-hash-unknown.json", new Expected("BlockFunction", 404)),
            entry("blocks-bad-id.json", new Expected("BlockFunction", 400)),
            entry("addresses-history.json", new Expected("AddressHistoryFunction", 200)),
            entry("mempool.json", new Expected("MempoolFunction", 200)),
            entry("explorer.json", new Expected("ExplorerFunction", 200, "text/html; charset=utf-8")),
            entry("explorer-script.json", new Expected("ExplorerFunction", 200, "text/javascript; charset=utf-8")),
            entry("explorer-unknown-file.json", new Expected("ExplorerFunction", 404)));

    private static Storage storage;
    private static SamTemplate template;
    private static int tables;

    @BeforeAll
    static void startDynamo() throws IOException {
        storage = Storage.ownEngine(LocalDynamo.binary(), null);
        template = SamTemplate.read(TemplateTest.PROJECT.resolve(SamTemplate.FILE_NAME));
    }

    @AfterAll
    static void stopDynamo() throws Exception {
        if (storage != null) { // null when the class was skipped: no engine on this machine
            storage.close();
        }
    }

    static Stream<String> eventFiles() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void everyEventFileHasAnExpectationAndEveryExpectationAFile() throws IOException {
        Set<String> files = eventFiles().collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(EXPECTED.keySet()), files);
    }

    /** Each file on a fresh node (its own table on the shared engine), as `invoke` without --data would. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void eventFileGetsItsExpectedJsonAnswer(String file) throws Exception {
        Expected expected = EXPECTED.get(file);
        if (expected == null) {
            fail("events/" + file + " has no expected function and status in " + getClass().getSimpleName());
        }
        Options options = Options.parse(Options.INVOKE, expected.function(), EVENTS.resolve(file).toString(),
                "--table", "events" + (++tables));
        Functions functions = Functions.load(template, storage.node(options.nodeConfig()));
        String printed;
        try {
            printed = new EventFileInvoker(functions)
                    .invoke(options.arguments().get(0), Path.of(options.arguments().get(1)));
        } catch (Functions.UnavailableException e) {
            throw new AssertionError("events/" + file + ": " + e.getMessage(), e);
        }

        JsonNode response = TestJson.MAPPER.readTree(printed);
        assertEquals(expected.status(), response.path("statusCode").asInt(), "events/" + file + " answered " + printed);
        assertEquals(expected.contentType(), response.path("headers").path("Content-Type").asText());
        if (!expected.contentType().equals("application/json")) {
            assertFalse(response.path("body").asText().isBlank(), "events/" + file + " answered an empty page");
            return;
        }
        JsonNode body = TestJson.MAPPER.readTree(response.path("body").asText());
        assertTrue(body.isObject(), "body is a JSON object: " + printed);
        if (expected.status() >= 400) {
            assertTrue(body.path("error").isTextual() && !body.path("error").asText().isBlank(),
                    "a 4xx says what is wrong: " + printed);
        }
    }
}
