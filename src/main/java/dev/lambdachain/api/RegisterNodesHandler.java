package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.NodeException;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.Wire;

import java.util.ArrayList;
import java.util.List;

/** POST /nodes/register {"nodes": ["host:port", "https://..."]}: adds peers after checking each address. */
public final class RegisterNodesHandler extends NodeHandler {
    private static final int MAX_NODES_PER_CALL = 100;
    /** Resolve asks every peer: the list stays small enough to ask within one invocation. */
    static final int MAX_PEERS = 64;

    public RegisterNodesHandler() {
        this(Node.shared());
    }

    public RegisterNodesHandler(Node node) {
        super(node);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        JsonNode nodes = request.jsonBody().get("nodes");
        if (nodes == null || !nodes.isArray() || nodes.isEmpty()) {
            throw NodeException.invalid("nodes must be a non-empty array of addresses like \"localhost:5001\"");
        }
        if (nodes.size() > MAX_NODES_PER_CALL) {
            throw NodeException.invalid("at most " + MAX_NODES_PER_CALL + " nodes per call");
        }
        List<String> peers = new ArrayList<>();
        for (JsonNode entry : nodes) {
            if (!entry.isTextual()) {
                throw NodeException.invalid("every entry of nodes must be a string, got " + entry);
            }
            String peer = node.peerAddress().normalise(entry.textValue());
            node.peerAddress().checkAllowed(peer);
            peers.add(peer);
        }
        List<String> known = node.table().peers();
        long added = peers.stream().distinct().filter(peer -> !known.contains(peer)).count();
        if (known.size() + added > MAX_PEERS) {
            throw NodeException.conflict("this node keeps at most " + MAX_PEERS + " peers and has " + known.size());
        }
        peers.forEach(node.table()::addPeer);
        ObjectNode body = Wire.object();
        body.put("message", "New nodes have been added");
        body.putPOJO("total_nodes", node.table().peers());
        return Http.json(201, body);
    }
}
