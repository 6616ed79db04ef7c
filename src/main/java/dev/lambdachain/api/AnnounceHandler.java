package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.node.Announcements;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.Fields;

/**
 * POST /nodes/announce {"peer","head","height","chainwork"}: a peer says it has a new head
 * (docs/RELAY.md). Open like POST /transactions/new, since peers hold no credentials of ours; a
 * hint only: 202 with what became of it ({@code outcome}: fetched, refused, ignored or
 * rate-limited), after at most one bounded fetch from a registered peer.
 */
public final class AnnounceHandler extends NodeHandler {
    /** A node built elsewhere: the local runner, tests. */
    public AnnounceHandler(Node node) {
        super(node);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        ObjectNode json = request.jsonBody();
        String peer = Fields.text(json, "peer");
        Hash head = Hash.parse(Fields.text(json, "head"), "head");
        if (Fields.longValue(json, "height") < 0) {
            throw RequestException.badRequest("height must not be negative");
        }
        ChainWork work = ChainWork.parse(Fields.text(json, "chainwork"), "chainwork");
        Announcements.Heard heard = node.announcements().heard(request.sourceIp(), peer, head, work, TimeBudget.RESOLVING.left(request));
        ObjectNode body = Render.message(heard.message());
        body.put("outcome", heard.outcome());
        return Http.json(202, body);
    }

    /** For Lambda: the process's node, configured from the environment. */
    public AnnounceHandler() { this(Node.shared()); }
}
