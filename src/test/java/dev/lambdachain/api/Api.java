package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.node.Node;
import dev.lambdachain.support.Events;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;
import dev.lambdachain.support.TestJson;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calls the real handlers of one node in-process, as Lambda would, and reads their JSON. */
final class Api {
    final Node node;
    final NewTransactionHandler newTransaction;
    final MineHandler mine;
    final BalanceHandler balance;
    final ValidateHandler validate;
    final ChainHandler chain;
    final InfoHandler info;
    final WalletsHandler wallets;
    final TransactionStatusHandler status;

    Api(Node node) {
        this.node = node;
        this.newTransaction = new NewTransactionHandler(node);
        this.mine = new MineHandler(node);
        this.balance = new BalanceHandler(node);
        this.validate = new ValidateHandler(node);
        this.chain = new ChainHandler(node);
        this.info = new InfoHandler(node);
        this.wallets = new WalletsHandler(node);
        this.status = new TransactionStatusHandler(node);
    }

    APIGatewayV2HTTPResponse send(String sender, String recipient, long amount) {
        return sendRaw("{\"sender\":\"" + sender + "\",\"recipient\":\"" + recipient + "\",\"amount\":" + amount + "}");
    }

    APIGatewayV2HTTPResponse sendRaw(String body) {
        return newTransaction.handleRequest(Events.post("/transactions/new", body), null);
    }

    APIGatewayV2HTTPResponse mine() {
        return mine.handleRequest(Events.get("/mine"), null);
    }

    long balanceOf(String address) {
        return json(balance.handleRequest(Events.get("/balance/{address}", Map.of("address", address), null), null))
                .get("balance").asLong();
    }

    JsonNode validate() {
        return json(validate.handleRequest(Events.get("/validate"), null));
    }

    static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return TestJson.MAPPER.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

    /** A 4xx JSON error whose message names the problem ({@code words}) and no exception class. */
    static void assertError(APIGatewayV2HTTPResponse response, int status, String words) {
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        JsonNode body = json(response);
        assertNotNull(body.get("error"), response.getBody());
        String error = body.get("error").asText();
        assertFalse(error.isBlank());
        assertTrue(error.contains(words), "error '" + error + "' should mention '" + words + "'");
        assertFalse(error.contains("Exception"), "no exception names in errors: " + error);
    }
}
