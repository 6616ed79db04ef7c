package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.node.MiningOutcome;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.ProtocolJson;

/**
 * GET or POST /mine[?miner=address]: mines the mempool into one block; 409 if another miner is at
 * it. Scheduled (template.yaml's MineSchedule, or {@code serve --mine-every}): mines for the
 * configured miner only when the mempool holds a transaction or the head block is at least
 * TARGET_BLOCK_MILLIS old, else answers 200 with {@code "mined": false}.
 */
public final class MineHandler extends NodeHandler {
    /** A node built elsewhere: the local runner, tests. */
    public MineHandler(Node node) {
        super(node);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        Block block = node.mining().mine(miner(request), TimeBudget.MINING.left(request));
        ObjectNode body = Render.message(MiningOutcome.MINED.text());
        body.set("block", ProtocolJson.block(block));
        return Http.ok(body);
    }

    @Override
    protected APIGatewayV2HTTPResponse scheduled(Http.Request request) {
        long headAge = node.clock().millis() - node.queries().top().blocks().get(0).timestamp();
        if (node.queries().mempoolSize(1) == 0 && headAge < node.config().targetBlockTime().toMillis()) {
            ObjectNode body = Render.message("nothing to mine: the mempool is empty and the head block is "
                    + headAge + " ms old, less than the target block time");
            body.put("mined", false);
            return Http.ok(body);
        }
        Block block = node.mining().mine(node.config().minerAddress(), TimeBudget.MINING.left(request));
        ObjectNode body = Render.message(MiningOutcome.MINED.text());
        body.put("mined", true);
        body.set("block", ProtocolJson.block(block));
        return Http.ok(body);
    }

    /** {@code ?miner=}, or this node's configured miner address. */
    private String miner(Http.Request request) {
        String miner = request.query("miner");
        return miner == null ? node.config().minerAddress() : miner;
    }

    /** For Lambda: the process's node, configured from the environment. */
    public MineHandler() { this(Node.shared()); }
}
