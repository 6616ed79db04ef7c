package dev.lambdachain.local;

import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.RawHttp;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;
import dev.lambdachain.support.TestJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner's HTTP front over real sockets: API Gateway's routing, limits and event shape. */
class LocalServerTest {
    private static final String FIXTURES = """
            Resources:
              EchoFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: dev.lambdachain.local.LocalServerTest$EchoHandler::handleRequest
                  Events:
                    Echo: {Type: HttpApi, Properties: {Path: '/echo/{name}', Method: post}}
              CrashFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: dev.lambdachain.local.LocalServerTest$CrashHandler::handleRequest
                  Events:
                    Crash: {Type: HttpApi, Properties: {Path: /crash, Method: GET}}
              SilentFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: dev.lambdachain.local.LocalServerTest$SilentHandler::handleRequest
                  Events:
                    Silent: {Type: HttpApi, Properties: {Path: /silent, Method: GET}}
            """;

    private static Storage storage;
    private static Node chain;
    private static LocalServer node;
    private static LocalServer fixtures;
    private static ApiClient api;
    private static ApiClient fixtureApi;

    @BeforeAll
    static void start() throws Exception {
        storage = Storage.ownEngine(LocalDynamo.binary(), null);
        chain = storage.node(Options.parse(Options.SERVE, "--port", "0").nodeConfig());
        node = LocalServer.start(0, Functions.load(SamTemplate.read(TemplateTest.PROJECT.resolve("template.yaml")), chain));
        fixtures = LocalServer.start(0, Functions.load(SamTemplate.parse(FIXTURES, "fixtures"), chain));
        api = new ApiClient(node.uri());
        fixtureApi = new ApiClient(fixtures.uri());
    }

    @AfterAll
    static void stop() throws Exception {
        if (storage == null) {
            return; // skipped: no engine on this machine
        }
        node.close();
        fixtures.close();
        storage.close();
    }

    @Test
    void unknownRouteAnswers404Json() throws Exception {
        ApiClient.Answer answer = api.get("/no/such/route");
        assertEquals(404, answer.status());
        assertEquals("application/json", answer.header("content-type"));
        assertTrue(answer.json().path("error").asText().contains("/no/such/route"));
    }

    @Test
    void knownPathWithWrongMethodAnswers405JsonWithAllow() throws Exception {
        ApiClient.Answer info = api.send("DELETE", "/info", HttpRequest.BodyPublishers.noBody());
        assertEquals(405, info.status());
        assertEquals("GET", info.header("allow"));
        assertTrue(info.json().path("error").isTextual());

        ApiClient.Answer mine = api.send("PUT", "/mine", HttpRequest.BodyPublishers.noBody());
        assertEquals(405, mine.status());
        assertEquals("GET, POST", mine.header("allow"));
    }

    /** As API Gateway with the template's CorsConfiguration: the preflight never reaches a function. */
    @Test
    void corsPreflightIsAnsweredLikeApiGatewayAndReadRoutesAllowAnyOrigin() throws Exception {
        ApiClient.Answer preflight = api.send(HttpRequest.newBuilder(node.uri().resolve("/transactions/new"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type"));
        assertEquals(204, preflight.status());
        assertEquals("*", preflight.header("access-control-allow-origin"));
        assertTrue(preflight.header("access-control-allow-methods").contains("POST"));
        assertTrue(preflight.header("access-control-allow-headers").contains("content-type"));

        ApiClient.Answer refused = api.send(HttpRequest.newBuilder(node.uri().resolve("/info"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "DELETE"));
        assertEquals(204, refused.status());
        assertEquals(null, refused.header("access-control-allow-origin"));

        assertEquals("*", api.get("/info").header("access-control-allow-origin"));
        assertEquals("*", api.get("/mempool").header("access-control-allow-origin"));
        assertEquals(null, api.send("OPTIONS", "/info", HttpRequest.BodyPublishers.noBody())
                .header("access-control-allow-origin"), "an OPTIONS that is no preflight is routed as ever");
    }

    /** Preflights for the owner's routes (IAM when deployed) get no CORS headers: no other page may call them. */
    @Test
    void preflightsForMiningAndPeerRoutesAnswerNoCorsHeaders() throws Exception {
        for (String[] route : new String[][]{{"GET", "/mine"}, {"POST", "/mine"}, {"POST", "/nodes/register"},
                {"POST", "/nodes/remove"}, {"GET", "/nodes/resolve"}}) {
            ApiClient.Answer preflight = api.send(HttpRequest.newBuilder(node.uri().resolve(route[1]))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://127.0.0.1:1")
                    .header("Access-Control-Request-Method", route[0]));
            assertEquals(204, preflight.status(), route[1]);
            assertTrue(preflight.raw().headers().map().keySet().stream()
                    .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-")),
                    route[0] + " " + route[1] + ": " + preflight.raw().headers().map());
        }
    }

    /** DNS rebinding: a name that resolves to 127.0.0.1 reaches the port, but the node is not its site. */
    @Test
    void requestForAnotherHostIsRefusedWithJson() throws Exception {
        int port = node.uri().getPort();
        for (String host : List.of("evil.example:" + port, "evil.example", "localhost:1", "127.0.0.2:" + port)) {
            RawHttp.Answer answer = RawHttp.exchange(port, "GET /info HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n", 5_000);
            assertEquals(421, answer.status(), host + ": " + answer);
            assertTrue(answer.isJsonClientError(), answer.toString());
        }
        RawHttp.Answer noHost = RawHttp.exchange(port, "GET /info HTTP/1.0\r\n\r\n", 5_000);
        assertEquals(421, noHost.status(), noHost.toString());
        for (String host : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LocalHost:" + port)) {
            RawHttp.Answer answer = RawHttp.exchange(port, "GET /info HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n", 5_000);
            assertEquals(200, answer.status(), host + ": " + answer);
        }
    }

    @Test
    void hostNamesGivenToTheServerAreItsOwnToo() throws Exception {
        try (LocalServer named = LocalServer.start(0, List.of("node.test"), Functions.load(
                SamTemplate.read(TemplateTest.PROJECT.resolve("template.yaml")), chain))) {
            int port = named.uri().getPort();
            RawHttp.Answer answer = RawHttp.exchange(port, "GET /info HTTP/1.1\r\nHost: node.test:" + port
                    + "\r\nConnection: close\r\n\r\n", 5_000);
            assertEquals(200, answer.status(), answer.toString());
            ApiClient.Answer remove = new ApiClient(named.uri()).send(HttpRequest.newBuilder(named.uri()
                    .resolve("/nodes/remove")).header("Origin", "http://node.test:" + port)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"nodes\":[\"localhost:1\"]}")));
            assertEquals(200, remove.status(), "a page of the node's own name is its own origin: " + remove.json());
        }
    }

    /** A page of another origin (another port of 127.0.0.1 is the same site, not the same origin). */
    @Test
    void stateChangingRoutesRefuseBrowsersOfOtherOrigins() throws Exception {
        String transfer = "{\"sender\":\"genesis\",\"recipient\":\"crossed\",\"amount\":1}";
        List<HttpRequest.Builder> refused = List.of(
                post("/nodes/register", "{\"nodes\":[\"localhost:1\"]}").header("Origin", "http://127.0.0.1:1"),
                post("/nodes/remove", "{\"nodes\":[\"localhost:1\"]}").header("Origin", "null"),
                post("/transactions/new", transfer).header("Origin", "https://evil.example"),
                post("/mine", "").header("Sec-Fetch-Site", "same-site"),
                HttpRequest.newBuilder(node.uri().resolve("/mine")).header("Sec-Fetch-Site", "cross-site"),
                HttpRequest.newBuilder(node.uri().resolve("/nodes/resolve"))
                        .header("Origin", "http://localhost:1").header("Sec-Fetch-Site", "same-site"));
        for (HttpRequest.Builder request : refused) {
            ApiClient.Answer answer = api.send(request);
            assertEquals(403, answer.status(), answer.raw().request() + " " + answer.json());
            assertTrue(answer.json().path("error").asText().contains("another"), answer.json().toString());
            assertEquals(null, answer.header("access-control-allow-origin"));
        }
        assertEquals(0, api.get("/balance/crossed").json().path("balance").asLong() + api.get("/balance/crossed")
                .json().path("pending_outgoing").asLong());
        assertTrue(api.get("/mempool").json().toString().indexOf("crossed") < 0, "the refused transfer is not pending");

        int port = node.uri().getPort();
        ApiClient.Answer own = api.send(post("/transactions/new", transfer)
                .header("Origin", "http://localhost:" + port).header("Sec-Fetch-Site", "same-origin"));
        assertEquals(201, own.status(), "the node's own page may post: " + own.json());
        ApiClient.Answer read = api.send(HttpRequest.newBuilder(node.uri().resolve("/info"))
                .header("Origin", "https://elsewhere.example").header("Sec-Fetch-Site", "cross-site"));
        assertEquals(200, read.status(), "read routes stay open to any page");
        assertEquals("*", read.header("access-control-allow-origin"));
    }

    @Test
    void headIsAnsweredAsGetWithoutABody() throws Exception {
        int port = node.uri().getPort();
        for (String path : List.of("/", "/info")) {
            String get = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n";
            RawHttp.Answer whole = RawHttp.exchange(port, get, 5_000);
            RawHttp.Answer head = RawHttp.exchange(port, "HEAD" + get.substring(3), 5_000);
            assertEquals(200, head.status(), head.toString());
            assertEquals("", head.body());
            assertEquals(whole.header("Content-Type"), head.header("Content-Type"));
            assertTrue(Integer.parseInt(head.header("Content-Length")) > 0, head.toString());
        }
    }

    /** GET /mine and GET /nodes/resolve act: a HEAD probing them gets 405 and mines or resolves nothing. */
    @Test
    void headDoesNotRunTheRoutesThatAct() throws Exception {
        int port = node.uri().getPort();
        long height = api.get("/info").json().path("height").asLong();
        for (String path : List.of("/mine", "/nodes/resolve")) {
            RawHttp.Answer head = RawHttp.exchange(port,
                    "HEAD " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n", 5_000);
            assertEquals(405, head.status(), head.toString());
            assertEquals("GET", head.header("Allow"), head.toString());
        }
        assertEquals(height, api.get("/info").json().path("height").asLong(), "HEAD /mine mined nothing");
    }

    /** Requests Jetty refuses before any route (bad encoding, framing) and ones the routes refuse: JSON 4xx alike. */
    @Test
    void malformedRequestsGetJsonClientErrors() throws Exception {
        int port = node.uri().getPort();
        String host = "Host: 127.0.0.1:" + port + "\r\nConnection: close\r\n";
        List<String> requests = List.of(
                "GET /balance/%zz HTTP/1.1\r\n" + host + "\r\n",
                "GET /balance/% HTTP/1.1\r\n" + host + "\r\n",
                "GET /chain?limit=% HTTP/1.1\r\n" + host + "\r\n",
                "GET /chain?from=%zz HTTP/1.1\r\n" + host + "\r\n",
                "GET //info HTTP/1.1\r\n" + host + "\r\n",
                "GET /info\u0000 HTTP/1.1\r\n" + host + "\r\n",
                "GET mailto:x HTTP/1.1\r\n" + host + "\r\n",
                "GET /no/such/route HTTP/1.1\r\n" + host + "\r\n",
                "GET /wallets?after=%3Cscript%3E HTTP/1.1\r\n" + host + "\r\n",
                "POST /transactions/new HTTP/1.1\r\n" + host + "Content-Length: abc\r\n\r\n{}",
                "POST /transactions/new HTTP/1.1\r\n" + host + "Content-Length: 99999999999999999999\r\n\r\n{}",
                "POST /transactions/new HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                "BREW /info HTTP/1.1\r\n" + host + "\r\n");
        List<String> wrong = new ArrayList<>();
        for (String request : requests) {
            RawHttp.Answer answer = RawHttp.exchange(port, request, 5_000);
            if (!answer.isJsonClientError() || answer.body().contains("Exception")) {
                wrong.add(request.substring(0, request.indexOf('\r')) + " -> " + answer);
            }
        }
        assertEquals(List.of(), wrong, "not a 4xx JSON error");
        assertEquals(200, api.get("/info").status());
    }

    @Test
    void aPeerCanBeRemoved() throws Exception {
        ApiClient.Answer registered = api.post("/nodes/register", "{\"nodes\":[\"localhost:1\",\"127.0.0.1:2\"]}");
        assertEquals(201, registered.status(), registered.json().toString());
        ApiClient.Answer removed = api.post("/nodes/remove", "{\"nodes\":[\"localhost:1\",\"localhost:3\"]}");
        assertEquals(200, removed.status(), removed.json().toString());
        List<String> left = TestJson.MAPPER.convertValue(removed.json().path("total_nodes"), List.class);
        assertTrue(left.contains("http://127.0.0.1:2") && !left.contains("http://localhost:1"), left.toString());
        assertEquals(400, api.post("/nodes/remove", "{\"nodes\":[\"ftp://x\"]}").status());
        api.post("/nodes/remove", "{\"nodes\":[\"127.0.0.1:2\"]}");
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(node.uri().resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void bodyOverApiGatewayLimitIsRefusedWith413AndServerKeepsAnswering() throws Exception {
        byte[] tooLarge = new byte[LocalServer.MAX_BODY_BYTES + 1];
        ApiClient.Answer declared = api.send("POST", "/transactions/new", HttpRequest.BodyPublishers.ofByteArray(tooLarge));
        assertEquals(413, declared.status());
        assertTrue(declared.json().path("error").asText().contains("larger than"));

        // no Content-Length: the body arrives chunked and is cut off at the limit
        ApiClient.Answer chunked = api.send("POST", "/transactions/new",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooLarge)));
        assertEquals(413, chunked.status());

        assertEquals(200, api.get("/info").status());
    }

    @Test
    void bodyUnderApiGatewayLimitReachesTheHandlerWhichAppliesItsOwn() throws Exception {
        ApiClient.Answer answer = api.post("/transactions/new", "{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}");
        assertEquals(413, answer.status());
        assertTrue(answer.json().path("error").asText().contains(String.valueOf(chain.config().maxBodyBytes())),
                answer.json().toString());
    }

    @Test
    void malformedJsonAnswers400Json() throws Exception {
        ApiClient.Answer answer = api.post("/transactions/new", "{\"sender\": \"genesis\", ");
        assertEquals(400, answer.status());
        assertTrue(answer.json().path("error").asText().contains("not valid JSON"));
    }

    @Test
    void queryParametersReachTheHandler() throws Exception {
        ApiClient.Answer answer = api.get("/chain?from=0&limit=1");
        assertEquals(200, answer.status());
        assertEquals(1, answer.json().path("chain").size());
        assertEquals(0, answer.json().path("chain").get(0).path("height").asInt());
    }

    @Test
    void pathParametersReachTheHandler() throws Exception {
        ApiClient.Answer answer = api.get("/balance/genesis");
        assertEquals(200, answer.status());
        assertEquals("genesis", answer.json().path("address").asText());
        assertEquals(1_000_000, answer.json().path("balance").asLong());
    }

    @Test
    void concurrentRequestsAreServedSideBySide() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<ApiClient.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String body = "{\"sender\":\"genesis\",\"recipient\":\"friend" + i + "\",\"amount\":1}";
                answers.add(clients.submit(() -> api.post("/transactions/new", body)));
            }
            HashSet<String> ids = new HashSet<>();
            for (Future<ApiClient.Answer> answer : answers) {
                assertEquals(201, answer.get().status(), answer.get().json().toString());
                ids.add(answer.get().json().path("transaction").path("id").asText());
            }
            assertEquals(16, ids.size());
        } finally {
            clients.shutdown();
        }
    }

    @Test
    void requestBecomesTheApiGatewayPayload2Event() throws Exception {
        long before = System.currentTimeMillis();
        ApiClient.Answer answer = fixtureApi.send(HttpRequest.newBuilder(fixtures.uri().resolve(
                        "/echo/caf%C3%A9%20au+lait?tag=a&tag=b&q=one+two%21&flag"))
                .header("X-Repeated", "1").header("X-Repeated", "2")
                .header("Cookie", "session=abc; theme=dark")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":\"world\"}")));
        long after = System.currentTimeMillis();
        assertEquals(200, answer.status());
        JsonNode event = answer.json();
        assertEquals("2.0", event.path("version").asText());
        assertEquals("POST /echo/{name}", event.path("routeKey").asText());
        assertEquals("/echo/caf%C3%A9%20au+lait", event.path("rawPath").asText());
        assertEquals("tag=a&tag=b&q=one+two%21&flag", event.path("rawQueryString").asText());
        assertEquals(Map.of("name", "café au+lait"), TestJson.MAPPER.convertValue(event.path("pathParameters"), Map.class));
        assertEquals(Map.of("tag", "a,b", "q", "one two!", "flag", ""),
                TestJson.MAPPER.convertValue(event.path("queryStringParameters"), Map.class));
        assertEquals("1,2", event.path("headers").path("x-repeated").asText());
        assertTrue(event.path("headers").path("cookie").isMissingNode(), "cookies leave the headers");
        assertEquals(List.of("session=abc", "theme=dark"), TestJson.MAPPER.convertValue(event.path("cookies"), List.class));
        assertEquals("{\"hello\":\"world\"}", event.path("body").asText());
        assertEquals(false, event.path("isBase64Encoded").asBoolean(true));
        JsonNode context = event.path("requestContext");
        assertEquals("POST", context.path("http").path("method").asText());
        assertEquals("/echo/caf%C3%A9%20au+lait", context.path("http").path("path").asText());
        assertEquals("HTTP/1.1", context.path("http").path("protocol").asText());
        assertEquals("127.0.0.1", context.path("http").path("sourceIp").asText());
        assertTrue(context.path("http").path("userAgent").asText().startsWith("Java-http-client"));
        assertEquals("POST /echo/{name}", context.path("routeKey").asText());
        assertEquals("$default", context.path("stage").asText());
        assertTrue(context.path("requestId").asText().length() > 8);
        long timeEpoch = context.path("timeEpoch").asLong();
        assertTrue(before <= timeEpoch && timeEpoch <= after, "timeEpoch " + timeEpoch + " is the request's time in epoch millis");
        assertEquals("EchoFunction", context.path("functionName").asText());
        long remaining = context.path("remainingMillis").asLong();
        assertTrue(remaining > 0 && remaining <= 3_000, "Lambda's default 3 s timeout, counting down: " + remaining);
    }

    @Test
    void handlerThrowingAnErrorGets500JsonAndTheServerLivesOn() throws Exception {
        ApiClient.Answer crash = fixtureApi.get("/crash");
        assertEquals(500, crash.status());
        assertEquals("internal error", crash.json().path("error").asText());
        assertEquals("application/json", crash.header("content-type"));

        ApiClient.Answer silent = fixtureApi.get("/silent");
        assertEquals(500, silent.status());
        assertEquals("internal error", silent.json().path("error").asText());

        assertEquals(200, api.get("/info").status());
    }

    /** Answers with the event it was given, plus what it saw of its context. */
    public static final class EchoHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        public EchoHandler(Node node) {
        }

        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            ObjectNode body = TestJson.MAPPER.valueToTree(event);
            ObjectNode requestContext = (ObjectNode) body.path("requestContext");
            requestContext.put("functionName", context.getFunctionName());
            requestContext.put("remainingMillis", context.getRemainingTimeInMillis());
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withBody(Json.write(body)).build();
        }
    }

    /** Fails the way no handler should: with an Error, which the handlers' own mapping does not catch. */
    public static final class CrashHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        public CrashHandler(Node node) {
        }

        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            throw new StackOverflowError("simulated");
        }
    }

    /** Returns no response at all. */
    public static final class SilentHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        public SilentHandler(Node node) {
        }

        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            return null;
        }
    }
}
