package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.Json;

/**
 * GET /nodes: this node's peers, {@code {"nodes": ["http://host:port", ...]}}
 * (base URLs in URL order, at most 64). An open read route like /info: other nodes read it to
 * learn the peers of their peers (docs/CONSENSUS.md, "Peers that find each other").
 */
public final class ListNodesHandler extends NodeHandler {
    /** A node built elsewhere: the local runner, tests. */
    public ListNodesHandler(Node node) {
        super(node, Origins.ANY);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        ObjectNode body = Json.object();
        body.putPOJO("nodes", node.queries().peers());
        return Http.ok(body);
    }

    /** For Lambda: the process's node, configured from the environment. */
    public ListNodesHandler() { this(Node.shared()); }
}
