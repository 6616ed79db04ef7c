package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.node.Node;

import java.util.ArrayList;
import java.util.List;

/** POST /nodes/register {"nodes": ["host:port", "https://..."]}: adds peers after checking each address. */
public final class RegisterNodesHandler extends NodeHandler {
    private static final int MAX_NODES_PER_CALL = 100;

    /** A node built elsewhere: the local runner, tests. */
    public RegisterNodesHandler(Node node) {
        super(node);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        ObjectNode body = Render.message("New nodes have been added");
        body.putPOJO("total_nodes", node.peers().register(addresses(request)));
        return Http.json(201, body);
    }

    /** The {@code nodes} array of a request body, each entry a string; a 400 naming what is wrong otherwise. */
    static List<String> addresses(Http.Request request) {
        JsonNode nodes = request.jsonBody().get("nodes");
        if (nodes == null || !nodes.isArray() || nodes.isEmpty()) {
            throw RequestException.badRequest("nodes must be a non-empty array of addresses like \"localhost:5001\"");
        }
        if (nodes.size() > MAX_NODES_PER_CALL) {
            throw RequestException.badRequest("at most " + MAX_NODES_PER_CALL + " nodes per call");
        }
        List<String> addresses = new ArrayList<>();
        for (JsonNode entry : nodes) {
            if (!entry.isTextual()) {
                throw RequestException.badRequest("every entry of nodes must be a string, got " + entry);
            }
            addresses.add(entry.textValue());
        }
        return addresses;
    }

    /** For Lambda: the process's node, configured from the environment. */
    public RegisterNodesHandler() { this(Node.shared()); }
}
