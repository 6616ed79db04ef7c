package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.node.MiningOutcome;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.ProtocolJson;

/** GET or POST /mine[?miner=address]: mines the mempool into one block; 409 if another miner is at it. */
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

    /** {@code ?miner=}, or this node's configured miner address. */
    private String miner(Http.Request request) {
        String miner = request.query("miner");
        return miner == null ? node.config().minerAddress() : miner;
    }

    /** For Lambda: the process's node, configured from the environment. */
    public MineHandler() { this(Node.shared()); }
}
