package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.NodeProcess;
import dev.lambdachain.support.OpenApiDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * openapi.yaml is the API's contract: it names exactly the template's routes (a route added to one
 * and not the other fails here), every error it documents is {"error": text}, and the real handlers'
 * responses, recorded from a short session on a real engine, validate against its schemas (a changed
 * response shape fails here).
 */
class OpenApiContractTest {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private static OpenApiDocument document;

    @BeforeAll
    static void readDocument() {
        document = OpenApiDocument.read();
    }

    @Test
    void theDocumentDescribesExactlyTheTemplatesRoutes() {
        SortedSet<String> template = OpenApiDocument.templateRoutes();
        SortedSet<String> documented = new TreeSet<>(document.operations(false).keySet());
        Set<String> plannedButRouted = new TreeSet<>(document.operations(true).keySet());
        plannedButRouted.retainAll(template);
        assertEquals(Set.of(), plannedButRouted,
                "these routes are in template.yaml now: remove " + OpenApiDocument.PLANNED + " from them in openapi.yaml");
        assertEquals(template, documented, "template.yaml routes (left) and openapi.yaml operations (right) differ");
    }

    @Test
    void everyDocumentedErrorIsAnErrorObject() {
        List<String> problems = new ArrayList<>();
        allOperations().forEach((route, operation) -> operation.path("responses").properties().forEach(entry -> {
            if (entry.getKey().startsWith("4") || entry.getKey().startsWith("5")) {
                OpenApiDocument.Located response = document.response(route, Integer.parseInt(entry.getKey()));
                JsonNode schema = response.node().path("content").path("application/json").path("schema");
                if (!"#/components/schemas/Error".equals(schema.path("$ref").asText())) {
                    problems.add(route + " " + entry.getKey() + " is not documented as {\"error\": text}");
                }
            }
        }));
        assertEquals(List.of(), problems);
    }

    @Test
    void everyPathParameterIsDeclaredAsRequired() {
        List<String> problems = new ArrayList<>();
        allOperations().forEach((route, operation) -> {
            Matcher names = PATH_PARAMETER.matcher(route);
            while (names.find()) {
                boolean declared = false;
                for (JsonNode parameter : operation.path("parameters")) {
                    JsonNode resolved = parameter.has("$ref")
                            ? document.resolve(parameter.get("$ref").asText().substring(1)).node() : parameter;
                    declared |= names.group(1).equals(resolved.path("name").asText())
                            && "path".equals(resolved.path("in").asText()) && resolved.path("required").asBoolean();
                }
                if (!declared) {
                    problems.add(route + " does not declare its path parameter " + names.group(1));
                }
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void recordedResponsesOfEveryRouteFitTheDocument() throws IOException {
        Recorder recorder = new Recorder(DYNAMO.newNode(Map.of(NodeConfig.DIFFICULTY, "2")));
        recorder.session();

        List<String> problems = new ArrayList<>();
        recorder.responses.forEach(recorded -> problems.addAll(document.problems(recorded.routeKey(),
                recorded.response().getStatusCode(), recorded.response().getHeaders().get("Content-Type"),
                recorded.response().getBody())));
        assertEquals(List.of(), problems);

        Set<String> unrecorded = new TreeSet<>(document.operations(false).keySet());
        recorder.responses.forEach(recorded -> unrecorded.remove(recorded.routeKey()));
        assertEquals(Set.of(), unrecorded, "routes with no recorded response");
        assertTrue(recorder.responses.stream().anyMatch(r -> r.response().getStatusCode() >= 400));
    }

    /** A response that fits the document is still refused when its shape changes: the check is not vacuous. */
    @Test
    void aResponseWithAnExtraOrMissingFieldIsRefused() {
        String account = "{\"address\":\"alice\",\"balance\":1,\"pending_outgoing\":0,\"available\":1,\"next_sequence\":0}";
        assertEquals(List.of(), document.problems("GET /balance/{address}", 200, "application/json", account));
        assertFalse(document.problems("GET /balance/{address}", 200, "application/json",
                account.replace("}", ",\"extra\":1}")).isEmpty());
        assertFalse(document.problems("GET /balance/{address}", 200, "application/json",
                account.replace(",\"available\":1", "")).isEmpty());
        assertFalse(document.problems("GET /balance/{address}", 418, "application/json", account).isEmpty());
        assertFalse(document.problems("GET /info", 503, "application/json", "{\"message\":\"x\"}").isEmpty());
        // through $refs: a block inside a page, a transaction inside the block
        assertFalse(document.problems("GET /chain", 200, "application/json",
                "{\"chain\":[{\"height\":\"one\"}],\"length\":1}").isEmpty());
    }

    private static Map<String, JsonNode> allOperations() {
        Map<String, JsonNode> all = new LinkedHashMap<>(document.operations(false));
        all.putAll(document.operations(true));
        return all;
    }

    private record Recorded(String routeKey, APIGatewayV2HTTPResponse response) {
    }

    /** Drives the real handlers of one node as API Gateway would, keeping every response. */
    private static final class Recorder {
        private final List<Recorded> responses = new ArrayList<>();
        private final Node node;

        Recorder(Node node) {
            this.node = node;
        }

        private JsonNode call(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                              APIGatewayV2HTTPEvent event) {
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
            responses.add(new Recorded(event.getRouteKey(), response));
            return response.getHeaders().get("Content-Type").startsWith("application/json") ? Api.json(response) : null;
        }

        private static APIGatewayV2HTTPEvent get(String route, Map<String, String> path, Map<String, String> query) {
            return Events.get(route, path, query);
        }

        void session() throws IOException {
            var info = new InfoHandler(node);
            var send = new NewTransactionHandler(node);
            var status = new TransactionStatusHandler(node);
            var mine = new MineHandler(node);
            var chain = new ChainHandler(node);
            var validate = new ValidateHandler(node);
            var balance = new BalanceHandler(node);
            var wallets = new WalletsHandler(node);
            var register = new RegisterNodesHandler(node);
            var remove = new RemoveNodesHandler(node);
            var resolve = new ResolveHandler(node);
            var listNodes = new ListNodesHandler(node);
            var explorer = new ExplorerHandler(node);
            var block = new BlockHandler(node);
            var history = new AddressHistoryHandler(node);
            var mempool = new MempoolHandler(node);
            var announce = new AnnounceHandler(node);

            call(info, Events.get("/info"));
            String id = call(send, Events.post("/transactions/new",
                    "{\"sender\":\"genesis\",\"recipient\":\"alice\",\"amount\":100}")).path("transaction").path("id").asText();
            call(send, Events.post("/transactions/new", "{\"sender\":\"genesis\",\"recipient\":"));
            call(send, Events.post("/transactions/new", "{\"sender\":\"alice\",\"recipient\":\"bob\",\"amount\":1000000000}"));
            call(status, get("/transactions/{id}", Map.of("id", id), null));
            call(mempool, Events.get("/mempool"));
            call(mempool, get("/mempool", null, Map.of("limit", "1")));
            call(mempool, get("/mempool", null, Map.of("limit", "101")));
            call(mine, Events.get("/mine"));
            call(mine, Events.event("POST", "/mine", null, Map.of("miner", "carol"), null));
            call(status, get("/transactions/{id}", Map.of("id", id), null));
            call(status, get("/transactions/{id}", Map.of("id", "0".repeat(64)), null));
            call(status, get("/transactions/{id}", Map.of("id", "not-a-hash"), null));
            JsonNode head = call(info, Events.get("/info"));
            call(block, get("/blocks/{id}", Map.of("id", "1"), null));
            call(block, get("/blocks/{id}", Map.of("id", head.path("head").asText()), null));
            call(block, get("/blocks/{id}", Map.of("id", "99"), null));
            call(block, get("/blocks/{id}", Map.of("id", "latest"), null));
            JsonNode page = call(history, get("/addresses/{address}/history", Map.of("address", "genesis"),
                    Map.of("limit", "1")));
            call(history, get("/addresses/{address}/history", Map.of("address", "genesis"),
                    Map.of("before", page.path("next").asText(), "limit", "5")));
            call(history, get("/addresses/{address}/history", Map.of("address", "carol"), null));
            call(history, get("/addresses/{address}/history", Map.of("address", "nobody"), null));
            call(history, get("/addresses/{address}/history", Map.of("address", "genesis"), Map.of("before", "x")));
            call(chain, Events.get("/chain"));
            call(chain, get("/chain", null, Map.of("from", "1", "limit", "1")));
            call(chain, get("/chain", null, Map.of("limit", "0")));
            call(validate, Events.get("/validate"));
            call(balance, get("/balance/{address}", Map.of("address", "alice"), null));
            call(balance, get("/balance/{address}", Map.of("address", "not an address"), null));
            call(wallets, Events.get("/wallets"));
            call(wallets, get("/wallets", null, Map.of("limit", "1")));
            String peer = "localhost:" + NodeProcess.freePort();
            call(register, Events.post("/nodes/register", "{\"nodes\":[\"" + peer + "\"]}"));
            call(register, Events.post("/nodes/register", "{\"nodes\":[\"ftp://example.org\"]}"));
            call(resolve, Events.get("/nodes/resolve"));
            call(listNodes, Events.get("/nodes"));
            call(announce, Events.post("/nodes/announce", "{\"peer\":\"" + peer + "\",\"head\":\"" + "ab".repeat(32)
                    + "\",\"height\":9,\"chainwork\":\"1\"}"));
            call(announce, Events.post("/nodes/announce", "{\"peer\":\"" + peer + "\",\"head\":\"x\"}"));
            call(remove, Events.post("/nodes/remove", "{\"nodes\":[\"" + peer + "\"]}"));
            call(remove, Events.post("/nodes/remove", "{\"nodes\":[]}"));
            call(explorer, Events.get("/"));
            call(explorer, Events.get("/explorer"));
            call(explorer, get("/explorer/{file}", Map.of("file", "explorer.js"), null));
            call(explorer, get("/explorer/{file}", Map.of("file", "explorer.css"), null));
            call(explorer, get("/explorer/{file}", Map.of("file", "passwd"), null));
        }
    }
}
