package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.consensus.Consensus;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.PeerUpkeep;
import dev.lambdachain.wire.Json;

/**
 * GET /nodes/resolve: adopts the valid chain with the most work among the peers, if it has more
 * than ours; then drops peers that stopped answering and learns the peers of its peers
 * ({@link PeerUpkeep}), listed in {@code learned} and {@code dropped}. Scheduled
 * (template.yaml's ResolveSchedule, or {@code serve --resolve-every}): the same, same answer.
 */
public final class ResolveHandler extends NodeHandler {
    /** A node built elsewhere: the local runner, tests. */
    public ResolveHandler(Node node) {
        super(node);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        long budget = TimeBudget.RESOLVING.left(request);
        long deadline = node.clock().millis() + budget;
        Consensus.Outcome outcome = node.consensus().resolve(budget);
        PeerUpkeep.Outcome upkeep = node.peerUpkeep().after(outcome, deadline);
        node.metrics().peerUpkeep(upkeep.learned().size(), upkeep.dropped().size());
        node.metrics().resolved(outcome.resolution(),
                outcome.peers().stream().map(report -> report.outcome().kind()).toList());
        if (outcome.replaced()) {
            node.relay().afterAppended();
        }
        ObjectNode body = Json.object();
        body.put("replaced", outcome.replaced());
        body.put("message", outcome.message());
        body.put("length", outcome.head().height() + 1);
        body.put("head", outcome.head().hash().hex());
        ArrayNode peers = body.putArray("peers");
        outcome.peers().forEach(report -> {
            ObjectNode line = peers.addObject();
            line.put("peer", report.peer());
            if (report.height() != null) {
                line.put("height", report.height());
            }
            line.put("outcome", report.outcome().text());
        });
        body.putPOJO("learned", upkeep.learned());
        body.putPOJO("dropped", upkeep.dropped());
        return Http.ok(body);
    }

    @Override
    protected APIGatewayV2HTTPResponse scheduled(Http.Request request) {
        return handle(request);
    }

    /** For Lambda: the process's node, configured from the environment. */
    public ResolveHandler() { this(Node.shared()); }
}
