package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Head;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * GET /blocks/{id}: one main-chain block by height or hash, with its confirmations. No answer is
 * cacheable: the confirmations grow with every block, and a reorganisation can take a block (by
 * hash) off the main chain or put another at its height. A block's own bytes never change, but
 * this representation is more than them, so it keeps the API's {@code no-store}.
 */
public final class BlockHandler extends NodeHandler {
    private static final Pattern HEIGHT = Pattern.compile("[0-9]{1,19}");

    /** A node built elsewhere: the local runner, tests. */
    public BlockHandler(Node node) {
        super(node, Origins.ANY);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        String id = request.pathParameter("id");
        boolean byHeight = HEIGHT.matcher(id).matches();
        if (!byHeight && id.length() != 64) {
            throw RequestException.badRequest("id must be a height (decimal digits) or a block hash (64 hex digits)");
        }
        Head head = node.queries().head();
        Optional<Block> found = byHeight ? height(id).flatMap(node.queries()::block)
                : node.queries().block(Hash.parse(id, "block hash"));
        Block block = found.filter(b -> b.height() <= head.height()).orElseThrow(() -> RequestException.notFound(byHeight
                ? "no block at height " + id + ": the chain ends at height " + head.height()
                : "no block " + id + " on this node's main chain"));
        ObjectNode body = Json.object();
        body.set("block", ProtocolJson.block(block));
        body.put("confirmations", head.height() - block.height() + 1);
        return Http.ok(body);
    }

    private static Optional<Long> height(String digits) {
        try {
            return Optional.of(Long.parseLong(digits));
        } catch (NumberFormatException beyondLong) {
            return Optional.empty();
        }
    }

    /** For Lambda: the process's node, configured from the environment. */
    public BlockHandler() { this(Node.shared()); }
}
