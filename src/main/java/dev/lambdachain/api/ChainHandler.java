package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.node.Node;
import dev.lambdachain.core.ChainSlice;
import dev.lambdachain.core.Head;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;

import java.util.List;

/** GET /chain?from=H&amp;limit=N: a page of the main chain, oldest first; {@code next} starts the next page. */
public final class ChainHandler extends NodeHandler {

    /** A node built elsewhere: the local runner, tests. */
    public ChainHandler(Node node) {
        super(node, Origins.ANY);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        long from = request.queryLong("from", 0, 0, Long.MAX_VALUE - PageLimit.CHAIN.max());
        int limit = PageLimit.CHAIN.of(request);
        ChainSlice slice = node.queries().blocks(from, limit);
        Head head = slice.head();
        List<Block> blocks = slice.blocks();
        ObjectNode body = Json.object();
        ArrayNode chain = body.putArray("chain");
        blocks.forEach(block -> chain.add(ProtocolJson.block(block)));
        body.put("length", head.height() + 1);
        long nextFrom = blocks.isEmpty() ? from : blocks.get(blocks.size() - 1).height() + 1;
        if (!blocks.isEmpty() && nextFrom <= head.height()) {
            body.put("next", nextFrom);
        }
        return Http.ok(body);
    }

    /** For Lambda: the process's node, configured from the environment. */
    public ChainHandler() { this(Node.shared()); }
}
