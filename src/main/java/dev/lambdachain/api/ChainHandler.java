package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.node.Node;
import dev.lambdachain.core.ChainSlice;
import dev.lambdachain.core.Head;
import dev.lambdachain.store.StaleViewException;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;


/**
 * GET /chain?from=H&amp;limit=N: a page of the main chain, oldest first, at most N blocks and about
 * {@link #PAGE_BYTES} of JSON; {@code next} starts the next page.
 */
public final class ChainHandler extends NodeHandler {

    private final int pageBytes;

    /** A node built elsewhere: the local runner, tests. */
    public ChainHandler(Node node) {
        this(node, PAGE_BYTES);
    }

    /** As above, pages cut at {@code pageBytes} of blocks' JSON instead of {@link #PAGE_BYTES} (tests). */
    ChainHandler(Node node, int pageBytes) {
        super(node, Origins.ANY);
        this.pageBytes = pageBytes;
    }

    /**
     * A page's blocks stop before the one that would take its JSON past this many bytes (the first
     * block always goes in: at most about 2.1 MB at the default block limit), so a page stays
     * within Lambda's 6 MB response and a peer's bounded read (docs/PROTOCOL.md "Block limit").
     */
    static final int PAGE_BYTES = 4 << 20;
    /** Blocks read from the store at a time while a page fills, so a page of big blocks is never read whole first. */
    private static final int READ_BLOCKS = 8;
    private static final int ATTEMPTS = 5;

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        long from = request.queryLong("from", 0, 0, Long.MAX_VALUE - PageLimit.CHAIN.max());
        int limit = PageLimit.CHAIN.of(request);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            ObjectNode body = page(from, limit);
            if (body != null) {
                return Http.ok(body);
            }
        }
        throw new StaleViewException("the chain kept changing while it was read; try again");
    }

    /**
     * Up to {@code limit} blocks from {@code from} and at most {@code pageBytes}, read a few at a
     * time, all under one head; null when the head moved meanwhile (the page is read again).
     */
    private ObjectNode page(long from, int limit) {
        ObjectNode body = Json.object();
        ArrayNode chain = body.putArray("chain");
        Head head = null;
        long bytes = 0;
        long nextFrom = from;
        while (chain.size() < limit) {
            ChainSlice slice = node.queries().blocks(nextFrom, Math.min(READ_BLOCKS, limit - chain.size()));
            if (head != null && !slice.head().equals(head)) {
                return null;
            }
            head = slice.head();
            for (Block block : slice.blocks()) {
                ObjectNode json = ProtocolJson.block(block);
                bytes += Json.write(json).length();
                if (bytes > pageBytes && !chain.isEmpty()) {
                    return finish(body, head, nextFrom);
                }
                chain.add(json);
                nextFrom = block.height() + 1;
            }
            if (slice.blocks().size() < READ_BLOCKS) {
                break;
            }
        }
        return finish(body, head, nextFrom);
    }

    private static ObjectNode finish(ObjectNode body, Head head, long nextFrom) {
        body.put("length", head.height() + 1);
        if (!body.get("chain").isEmpty() && nextFrom <= head.height()) {
            body.put("next", nextFrom);
        }
        return body;
    }

    /** For Lambda: the process's node, configured from the environment. */
    public ChainHandler() { this(Node.shared()); }
}
