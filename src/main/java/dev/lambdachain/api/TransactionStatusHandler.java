package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;

/** GET /transactions/{id}: pending, confirmed at a height, or rejected with the reason. */
public final class TransactionStatusHandler extends NodeHandler {

    /** A node built elsewhere: the local runner, tests. */
    public TransactionStatusHandler(Node node) {
        super(node, Origins.ANY);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        Hash id = Hash.parse(request.pathParameter("id"), "transaction id");
        TransactionRecord record = node.queries().transaction(id);
        ObjectNode body = Json.object();
        body.put("status", record.status().name().toLowerCase());
        if (record.status() == TransactionRecord.Status.CONFIRMED) {
            body.put("height", record.height());
        }
        if (record.reason() != null) {
            body.put("reason", record.reason());
        }
        body.set("transaction", ProtocolJson.transaction(record.transaction()));
        return Http.ok(body);
    }

    /** For Lambda: the process's node, configured from the environment. */
    public TransactionStatusHandler() { this(Node.shared()); }
}
