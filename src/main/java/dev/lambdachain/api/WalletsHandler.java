package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Account;
import dev.lambdachain.core.Page;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.Json;

/** GET /wallets?after=address&amp;limit=N: every address with its balance, in address order, paged. */
public final class WalletsHandler extends NodeHandler {

    /** A node built elsewhere: the local runner, tests. */
    public WalletsHandler(Node node) {
        super(node, Origins.ANY);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        String after = request.query("after");
        if (after != null && !Transaction.isValidAddress(after)) {
            throw RequestException.badRequest("query parameter 'after' must be an address");
        }
        int limit = PageLimit.WALLETS.of(request);
        Page<Account> page = node.queries().wallets(after, limit);
        ObjectNode body = Json.object();
        ArrayNode wallets = body.putArray("wallets");
        page.items().forEach(account -> wallets.add(Render.wallet(account)));
        return Http.ok(Render.withNext(body, page.next()));
    }

    /** For Lambda: the process's node, configured from the environment. */
    public WalletsHandler() { this(Node.shared()); }
}
