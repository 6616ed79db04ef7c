package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.consensus.Consensus;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.Json;

/** GET /nodes/resolve: adopts the longest valid chain among the peers, if longer than ours. */
public final class ResolveHandler extends NodeHandler {
    /** Without a Lambda context a resolve may take this long. */
    private static final long DEFAULT_BUDGET_MILLIS = 25_000;
    /** Left for swapping in what was verified and answering. */
    private static final long RESPONSE_RESERVE_MILLIS = 5_000;

    public ResolveHandler() {
        this(Node.shared());
    }

    public ResolveHandler(Node node) {
        super(node);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        Consensus.Outcome outcome = node.consensus().resolve(
                request.remainingMillis(DEFAULT_BUDGET_MILLIS) - RESPONSE_RESERVE_MILLIS);
        ObjectNode body = Json.object();
        body.put("replaced", outcome.replaced());
        body.put("message", outcome.replaced()
                ? "Our chain was replaced by the longer valid chain of " + outcome.source()
                : "Our chain is authoritative");
        body.put("length", outcome.head().height() + 1);
        body.put("head", outcome.head().hash().hex());
        ArrayNode peers = body.putArray("peers");
        outcome.peers().forEach(report -> {
            ObjectNode line = peers.addObject();
            line.put("peer", report.peer());
            if (report.height() != null) {
                line.put("height", report.height());
            }
            line.put("outcome", report.outcome());
        });
        return Http.ok(body);
    }
}
