package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.node.ChainAudit;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.Json;

/** GET /validate: the stored chain replayed through every block rule and its balances compared ({@link ChainAudit}). */
public final class ValidateHandler extends NodeHandler {

    /** A node built elsewhere: the local runner, tests. */
    public ValidateHandler(Node node) {
        super(node, Origins.ANY);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        ChainAudit.Report report = node.audit().run();
        ObjectNode body = Json.object();
        body.put("valid", report.valid());
        body.put("length", report.length());
        if (report.valid()) {
            body.put("accounts_checked", report.accountsChecked());
        } else {
            body.put("height", report.height());
            body.put("error", report.error());
        }
        return Http.ok(body);
    }

    /** For Lambda: the process's node, configured from the environment. */
    public ValidateHandler() { this(Node.shared()); }
}
