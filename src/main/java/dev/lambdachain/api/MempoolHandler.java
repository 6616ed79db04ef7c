package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;

import java.util.List;

/**
 * GET /mempool?limit=N: the oldest pending transactions (the order mining takes them) and how many
 * are pending, counted no further than /info counts.
 */
public final class MempoolHandler extends NodeHandler {

    /** A node built elsewhere: the local runner, tests. */
    public MempoolHandler(Node node) {
        super(node, Origins.ANY);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        int limit = PageLimit.MEMPOOL.of(request);
        List<TransactionRecord> oldest = node.queries().mempool(limit);
        // the count reads the index, which may lag the items just read: never say fewer than shown
        long count = Math.max(oldest.size(), node.queries().mempoolSize(InfoHandler.MEMPOOL_COUNT_CAP));
        ObjectNode body = Json.object();
        ArrayNode transactions = body.putArray("transactions");
        oldest.forEach(record -> transactions.add(ProtocolJson.transaction(record.transaction())));
        body.put("count", count);
        if (count >= InfoHandler.MEMPOOL_COUNT_CAP) {
            body.put("count_at_least", true);
        }
        return Http.ok(body);
    }

    /** For Lambda: the process's node, configured from the environment. */
    public MempoolHandler() { this(Node.shared()); }
}
