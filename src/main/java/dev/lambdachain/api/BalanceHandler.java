package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.node.Node;

/** GET /balance/{address}: confirmed balance, pending outgoing and what is available to spend. */
public final class BalanceHandler extends NodeHandler {

    /** A node built elsewhere: the local runner, tests. */
    public BalanceHandler(Node node) {
        super(node);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        String address = request.pathParameter("address");
        if (!Transaction.isValidAddress(address)) {
            throw RequestException.badRequest("address must be 1 to 64 letters, digits, '_' or '-'");
        }
        return Http.ok(Render.wallet(node.queries().account(address)));
    }

    @Override
    protected boolean crossOrigin() {
        return true;
    }

    /** For Lambda: the process's node, configured from the environment. */
    public BalanceHandler() { this(Node.shared()); }
}
