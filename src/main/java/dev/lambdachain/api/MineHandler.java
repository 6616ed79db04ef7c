package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.ProtocolJson;

/** GET or POST /mine[?miner=address]: mines the mempool into one block; 409 if another miner is at it. */
public final class MineHandler extends NodeHandler {
    /** Without a Lambda context (tests, tools) a mining call may take this long. */
    private static final long DEFAULT_BUDGET_MILLIS = 60_000;
    /** Left for writing the block and the response after the nonce search. */
    private static final long RESPONSE_RESERVE_MILLIS = 2_000;

    public MineHandler() {
        this(Node.shared());
    }

    public MineHandler(Node node) {
        super(node);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        String miner = request.query("miner");
        long budget = request.remainingMillis(DEFAULT_BUDGET_MILLIS) - RESPONSE_RESERVE_MILLIS;
        Block block = node.mining().mine(miner == null ? node.config().minerAddress() : miner, budget);
        ObjectNode body = Render.message("New block mined");
        body.set("block", ProtocolJson.block(block));
        return Http.ok(body);
    }
}
