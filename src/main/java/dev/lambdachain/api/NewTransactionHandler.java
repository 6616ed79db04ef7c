package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.ChainStateException;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.metrics.NodeMetrics;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.Fields;
import dev.lambdachain.wire.ProtocolJson;

import java.util.Set;

/** POST /transactions/new {"sender","recipient","amount"}: into the mempool, or a 4xx saying why not. */
public final class NewTransactionHandler extends NodeHandler {
    private static final Set<String> FIELDS = Set.of("sender", "recipient", "amount");
    private static final Set<String> SIGNED_FIELDS = Set.of("public_key", "signature", "sequence", "timestamp", "id");

    /** A node built elsewhere: the local runner, tests. */
    public NewTransactionHandler(Node node) {
        super(node, Origins.ANY);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        try {
            APIGatewayV2HTTPResponse accepted = accept(request);
            NodeMetrics.transactionAccepted();
            return accepted;
        } catch (RuntimeException refused) {
            String reason = refusalReason(refused);
            if (reason != null) {
                NodeMetrics.transactionRefused(reason);
            }
            throw refused;
        }
    }

    /** The metric's reason for a refusal (docs/OBSERVABILITY.md), or null for a fault of ours. */
    static String refusalReason(RuntimeException refused) {
        if (refused instanceof RequestException e) {
            return e.status() == 413 ? "too-large" : "malformed";
        }
        if (refused instanceof InvalidValueException) {
            return "malformed";
        }
        if (refused instanceof ChainStateException e) {
            return switch (e.reason()) {
                case INSUFFICIENT_FUNDS -> "insufficient-funds";
                case CONFLICT -> "duplicate";
                default -> null;
            };
        }
        return null;
    }

    private APIGatewayV2HTTPResponse accept(Http.Request request) {
        ObjectNode json = request.jsonBody();
        json.fieldNames().forEachRemaining(NewTransactionHandler::checkField);
        Transaction tx = node.payments().submit(Fields.text(json, "sender"), Fields.text(json, "recipient"),
                Fields.amount(json, "amount"));
        ObjectNode body = Render.message("Transaction accepted; it will be mined into a coming block");
        body.set("transaction", ProtocolJson.transaction(tx));
        return Http.json(201, body);
    }

    /** Unknown fields are refused, not dropped: a client must not believe a signature was checked. */
    private static void checkField(String field) {
        if (FIELDS.contains(field)) {
            return;
        }
        if (SIGNED_FIELDS.contains(field)) {
            throw RequestException.badRequest("field '" + field + "' belongs to signed transactions, which this node "
                    + "does not accept yet (signature mode unsigned): send sender, recipient and amount only");
        }
        throw RequestException.badRequest("unknown field '" + field
                + "': a transaction takes sender, recipient and amount");
    }

    /** For Lambda: the process's node, configured from the environment. */
    public NewTransactionHandler() { this(Node.shared()); }
}
