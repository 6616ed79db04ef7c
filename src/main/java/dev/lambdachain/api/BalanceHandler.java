package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.node.Node;

/**
 * GET /balance/{address}: confirmed balance, pending outgoing, what is available to spend, and the
 * sequence the address's next signed transaction must carry.
 */
public final class BalanceHandler extends NodeHandler {

    /** A node built elsewhere: the local runner, tests. */
    public BalanceHandler(Node node) {
        super(node, Origins.ANY);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        return Http.ok(Render.wallet(node.queries().account(request.addressParameter("address"))));
    }

    /** For Lambda: the process's node, configured from the environment. */
    public BalanceHandler() { this(Node.shared()); }
}
