package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.node.Node;

/**
 * POST /nodes/remove {"nodes": ["host:port", "https://..."]}: removes peers, written as they were
 * registered; addresses that are not peers are no error. 200 with the remaining list.
 */
public final class RemoveNodesHandler extends NodeHandler {
    /** A node built elsewhere: the local runner, tests. */
    public RemoveNodesHandler(Node node) {
        super(node);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        ObjectNode body = Render.message("Nodes have been removed");
        body.putPOJO("total_nodes", node.peers().remove(RegisterNodesHandler.addresses(request)));
        return Http.ok(body);
    }

    /** For Lambda: the process's node, configured from the environment. */
    public RemoveNodesHandler() { this(Node.shared()); }
}
