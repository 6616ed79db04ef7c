package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Page;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;

/**
 * GET /addresses/{address}/history?before=cursor&amp;limit=N: the address's confirmed transactions
 * (sent, received, and block rewards), newest first; {@code next} is the cursor of older ones.
 */
public final class AddressHistoryHandler extends NodeHandler {
    private static final int MAX_CURSOR_LENGTH = 200;

    /** A node built elsewhere: the local runner, tests. */
    public AddressHistoryHandler(Node node) {
        super(node, Origins.ANY);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        String address = request.addressParameter("address");
        String before = request.query("before");
        if (before != null && (before.isEmpty() || before.length() > MAX_CURSOR_LENGTH)) {
            throw RequestException.badRequest("'before' must be the 'next' cursor of a previous history page");
        }
        int limit = PageLimit.HISTORY.of(request);
        // The store's positions read "height#index"; the API writes '.' for '#' so a cursor pastes into a URL as is.
        Page<TransactionRecord> page = node.queries().history(address, before == null ? null : before.replace('.', '#'),
                limit);
        ObjectNode body = Json.object();
        body.put("address", address);
        ArrayNode history = body.putArray("history");
        page.items().forEach(record -> {
            ObjectNode entry = history.addObject();
            entry.put("height", record.height());
            entry.set("transaction", ProtocolJson.transaction(record.transaction()));
            entry.put("direction", address.equals(record.transaction().sender()) ? "out" : "in");
        });
        return Http.ok(Render.withNext(body, page.next() == null ? null : page.next().replace('#', '.')));
    }

    /** For Lambda: the process's node, configured from the environment. */
    public AddressHistoryHandler() { this(Node.shared()); }
}
