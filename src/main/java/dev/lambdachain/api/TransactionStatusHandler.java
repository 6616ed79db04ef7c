package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.NodeException;
import dev.lambdachain.node.Node;
import dev.lambdachain.store.TransactionRecord;
import dev.lambdachain.wire.Wire;

/** GET /transactions/{id}: pending, confirmed at a height, or rejected with the reason. */
public final class TransactionStatusHandler extends NodeHandler {

    public TransactionStatusHandler() {
        this(Node.shared());
    }

    public TransactionStatusHandler(Node node) {
        super(node);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        Hash id = Hash.parse(request.pathParameter("id"), "transaction id");
        TransactionRecord record = node.table().transaction(id)
                .orElseThrow(() -> NodeException.notFound("no transaction " + id + " on this node"));
        ObjectNode body = Wire.object();
        body.put("status", record.status().name().toLowerCase());
        if (record.status() == TransactionRecord.Status.CONFIRMED) {
            body.put("height", record.height());
        }
        if (record.reason() != null) {
            body.put("reason", record.reason());
        }
        body.set("transaction", Wire.transaction(record.transaction()));
        return Http.ok(body);
    }
}
