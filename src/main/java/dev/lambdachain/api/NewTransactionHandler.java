package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.Wire;

/** POST /transactions/new {"sender","recipient","amount"}: into the mempool, or a 4xx saying why not. */
public final class NewTransactionHandler extends NodeHandler {

    public NewTransactionHandler() {
        this(Node.shared());
    }

    public NewTransactionHandler(Node node) {
        super(node);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        ObjectNode json = request.jsonBody();
        Transaction tx = new Transaction(
                Wire.text(json, "sender"),
                Wire.text(json, "recipient"),
                Wire.amount(json, "amount"),
                System.currentTimeMillis(),
                0,
                null,
                null);
        node.payments().submit(tx);
        ObjectNode body = Wire.object();
        body.put("message", "Transaction accepted; it will be mined into a coming block");
        body.set("transaction", Wire.transaction(tx));
        return Http.json(201, body);
    }
}
