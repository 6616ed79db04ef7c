package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.node.Node;

/**
 * The Lambda entry point shape shared by every route: API Gateway HTTP API event in, response
 * out, through {@link Http} for parsing and error mapping. Subclasses hold only their route.
 */
public abstract class NodeHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    protected final Node node;

    protected NodeHandler(Node node) {
        this.node = node;
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Http.serve(event, context, node.config().maxBodyBytes(), this::handle);
    }

    protected abstract APIGatewayV2HTTPResponse handle(Http.Request request);
}
