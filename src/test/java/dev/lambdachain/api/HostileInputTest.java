package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.node.Node;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input of every kind gets a 4xx JSON error that names the problem, never a 5xx, and the node keeps serving. */
class HostileInputTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();
    private static Node node;
    private static Api api;

    @BeforeAll
    static void start() {
        node = dynamo.newNode();
        api = new Api(node);
        api.send("genesis", "alice", 100);
        api.mine();
    }

    static Stream<Arguments> badTransactions() {
        return Stream.of(
                Arguments.of("{", 400, "not valid JSON"),
                Arguments.of("not json at all", 400, "not valid JSON"),
                Arguments.of("", 400, "empty body"),
                Arguments.of("[1,2]", 400, "JSON object"),
                Arguments.of("null", 400, "JSON object"),
                Arguments.of("\"alice\"", 400, "JSON object"),
                Arguments.of("{}", 400, "sender is required"),
                Arguments.of("{\"sender\":\"alice\",\"amount\":5}", 400, "recipient is required"),
                Arguments.of("{\"sender\":\"alice\",\"recipient\":\"bob\"}", 400, "amount is required"),
                Arguments.of("{\"sender\":\"alice\",\"recipient\":\"bob\",\"amount\":\"10\"}", 400, "amount must be a number"),
                Arguments.of("{\"sender\":\"alice\",\"recipient\":\"bob\",\"amount\":true}", 400, "amount must be a number"),
                Arguments.of("{\"sender\":\"alice\",\"recipient\":\"bob\",\"amount\":[5]}", 400, "amount must be a number"),
                Arguments.of("{\"sender\":5,\"recipient\":\"bob\",\"amount\":5}", 400, "sender must be a string"),
                Arguments.of("{\"sender\":\"alice\",\"recipient\":null,\"amount\":5}", 400, "recipient is required"),
                Arguments.of("{\"sender\":\"alice\",\"recipient\":\"bob\",\"amount\":0}", 400, "positive"),
                Arguments.of("{\"sender\":\"alice\",\"recipient\":\"bob\",\"amount\":-5}", 400, "positive"),
                Arguments.of("{\"sender\":\"alice\",\"recipient\":\"bob\",\"amount\":1.5}", 400, "whole number"),
                Arguments.of("{\"sender\":\"alice\",\"recipient\":\"bob\",\"amount\":10.0}", 400, "whole number"),
                Arguments.of("{\"sender\":\"alice\",\"recipient\":\"bob\",\"amount\":1e3}", 400, "whole number"),
                Arguments.of("{\"sender\":\"alice\",\"recipient\":\"bob\",\"amount\":99999999999999999999999}", 400, "too large"),
                Arguments.of("{\"sender\":\"alice\",\"recipient\":\"bob\",\"amount\":9223372036854775807}", 422, "insufficient funds"),
                Arguments.of("{\"sender\":\"alice\",\"recipient\":\"alice\",\"amount\":5}", 400, "must differ"),
                Arguments.of("{\"sender\":\"nobody\",\"recipient\":\"bob\",\"amount\":5}", 422, "insufficient funds"),
                Arguments.of("{\"sender\":\"alice\",\"recipient\":\"bob\",\"amount\":1000}", 422, "insufficient funds"),
                Arguments.of("{\"sender\":\"coinbase\",\"recipient\":\"bob\",\"amount\":5}", 400, "reserved"),
                Arguments.of("{\"sender\":\"al ice\",\"recipient\":\"bob\",\"amount\":5}", 400, "sender must be"),
                Arguments.of("{\"sender\":\"alice\",\"recipient\":\"" + "b".repeat(65) + "\",\"amount\":5}", 400, "recipient must be"),
                Arguments.of("{\"sender\":\"alice\",\"sender\":\"bob\",\"recipient\":\"carol\",\"amount\":5}", 400, "duplicate field 'sender'"),
                Arguments.of("{\"sender\":\"alice\",\"recipient\":\"bob\",\"amount\":5} trailing", 400, "not valid JSON"),
                Arguments.of("[".repeat(5000), 400, "not valid JSON"),
                Arguments.of("x".repeat(10 * 1024 * 1024), 413, "larger than"));
    }

    @ParameterizedTest(name = "[{index}] {1} {2}")
    @MethodSource("badTransactions")
    void badTransactionIsRefusedWithAJsonErrorNamingTheProblem(String body, int status, String words) {
        Api.assertError(api.sendRaw(body), status, words);
        assertEquals(100, api.balanceOf("alice"), "a refused transaction changes nothing");
    }

    @Test
    void base64BodyThatIsNotBase64IsRefused() {
        APIGatewayV2HTTPEvent event = Events.post("/transactions/new", "@@@not-base64@@@");
        event.setIsBase64Encoded(true);
        Api.assertError(api.newTransaction.handleRequest(event, null), 400, "base64");
    }

    @Test
    void base64BodyIsDecodedLikeApiGatewaySendsIt() {
        String json = "{\"sender\":\"alice\",\"recipient\":\"zed\",\"amount\":1}";
        APIGatewayV2HTTPEvent event = Events.post("/transactions/new",
                Base64.getEncoder().encodeToString(json.getBytes()));
        event.setIsBase64Encoded(true);
        assertEquals(201, api.newTransaction.handleRequest(event, null).getStatusCode());
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                Arguments.of("chain", Map.of(), Map.of("from", "abc"), 400, "whole number"),
                Arguments.of("chain", Map.of(), Map.of("limit", "0"), 400, "between"),
                Arguments.of("chain", Map.of(), Map.of("limit", "100000"), 400, "between"),
                Arguments.of("chain", Map.of(), Map.of("from", "-1"), 400, "between"),
                Arguments.of("balance", Map.of("address", "a/b"), Map.of(), 400, "address"),
                Arguments.of("status", Map.of("id", "xyz"), Map.of(), 400, "64 hex"),
                Arguments.of("status", Map.of("id", "ab".repeat(32)), Map.of(), 404, "no transaction"),
                Arguments.of("mine", Map.of(), Map.of("miner", "bad miner!"), 400, "miner must be"),
                Arguments.of("wallets", Map.of(), Map.of("after", "<script>"), 400, "after"),
                Arguments.of("wallets", Map.of(), Map.of("limit", "x"), 400, "whole number"));
    }

    @ParameterizedTest(name = "[{index}] {0} {2}")
    @MethodSource("badQueries")
    void badPathOrQueryParameterIsA4xx(String route, Map<String, String> path, Map<String, String> query,
                                       int status, String words) {
        APIGatewayV2HTTPEvent event = Events.get("/" + route, path, query);
        APIGatewayV2HTTPResponse response = switch (route) {
            case "chain" -> api.chain.handleRequest(event, null);
            case "balance" -> api.balance.handleRequest(event, null);
            case "status" -> api.status.handleRequest(event, null);
            case "mine" -> api.mine.handleRequest(event, null);
            case "wallets" -> api.wallets.handleRequest(event, null);
            default -> throw new IllegalArgumentException(route);
        };
        Api.assertError(response, status, words);
    }

    static Stream<Arguments> badPeers() {
        return Stream.of(
                Arguments.of("{\"nodes\":\"localhost:5001\"}", "non-empty array"),
                Arguments.of("{\"nodes\":[]}", "non-empty array"),
                Arguments.of("{\"nodes\":[5]}", "must be a string"),
                Arguments.of("{\"nodes\":[\"ftp://example.com\"]}", "http or https"),
                Arguments.of("{\"nodes\":[\"file:///etc/passwd\"]}", "http or https"),
                Arguments.of("{\"nodes\":[\"http://user:secret@localhost:5001\"]}", "credentials"),
                Arguments.of("{\"nodes\":[\"169.254.169.254\"]}", "link-local"),
                Arguments.of("{\"nodes\":[\"http://10.0.0.1:80\"]}", "private"),
                Arguments.of("{\"nodes\":[\"192.168.1.20:5000\"]}", "private"),
                Arguments.of("{\"nodes\":[\"http://[fd00:ec2::254]/\"]}", "private"),
                Arguments.of("{\"nodes\":[\"http://localhost:5001/?q=1\"]}", "query"),
                Arguments.of("{\"nodes\":[\"no-such-host.invalid:80\"]}", "does not resolve"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badPeers")
    void peerRegistrationRefusesWhatANodeMustNotCall(String body, String words) {
        APIGatewayV2HTTPResponse response = new RegisterNodesHandler(node)
                .handleRequest(Events.post("/nodes/register", body), null);
        Api.assertError(response, 400, words);
    }

    @Test
    void loopbackPeersNeedTheSettingThatTheLocalRunnerTurnsOn() {
        Node deployedLike = dynamo.newNode(Map.of("ALLOW_LOOPBACK_PEERS", "false"));
        String body = "{\"nodes\":[\"localhost:5001\"]}";
        Api.assertError(new RegisterNodesHandler(deployedLike).handleRequest(Events.post("/nodes/register", body), null),
                400, "loopback");
        APIGatewayV2HTTPResponse allowed = new RegisterNodesHandler(node)
                .handleRequest(Events.post("/nodes/register", body), null);
        assertEquals(201, allowed.getStatusCode());
        assertTrue(Api.json(allowed).get("total_nodes").toString().contains("http://localhost:5001"));
    }

    @Test
    void nodeStillServesAfterAllOfIt() {
        api.sendRaw("x".repeat(10 * 1024 * 1024));
        api.sendRaw("{");
        assertEquals(200, api.info.handleRequest(Events.get("/info"), null).getStatusCode());
        assertEquals(true, api.validate().get("valid").asBoolean());
    }
}
