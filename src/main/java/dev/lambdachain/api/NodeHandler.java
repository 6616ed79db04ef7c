package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.node.Node;

/**
 * The Lambda entry point shape shared by every route: API Gateway HTTP API event in, response
 * out, through {@link Http} for parsing and {@link Failures} for error mapping. Subclasses hold
 * only their route: parse, call a service of the node, render. A function with a schedule in
 * template.yaml also takes the scheduled event ({@link #SCHEDULE_ROUTE}) and runs {@link #scheduled}.
 */
public abstract class NodeHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /**
     * Which pages may read a route's answers: {@code ANY} origin for the read routes and
     * POST /transactions/new (as the seed allows); mining and peer routes stay {@code SAME}-origin.
     */
    protected enum Origins { SAME, ANY }

    /**
     * The route key of a scheduled run: the {@code Input} of the template's ScheduleV2 events and
     * of events/*-scheduled.json, {@code {"routeKey": "SCHEDULE"}}. API Gateway never sends it (its
     * events always carry a requestContext), so no HTTP request reaches {@link #scheduled}.
     */
    public static final String SCHEDULE_ROUTE = "SCHEDULE";

    protected final Node node;
    private final Origins origins;

    /** A same-origin route; see {@link #NodeHandler(Node, Origins)}. */
    protected NodeHandler(Node node) {
        this(node, Origins.SAME);
    }

    /**
     * A function starts by preparing the chain (Lambda's init phase, once per process): writer
     * functions create the genesis block on an empty table, every function checks it.
     */
    protected NodeHandler(Node node, Origins origins) {
        this.node = node;
        this.origins = origins;
        node.prepareChain();
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Invocation.observe(node.log(), node.metrics(), event, context, () -> {
            if (isScheduled(event)) {
                return Http.serve(event, context, node.config().maxBodyBytes(), node.log(), this::scheduled);
            }
            APIGatewayV2HTTPResponse response = Http.serve(event, context, node.config().maxBodyBytes(), node.log(),
                    this::handle);
            return origins == Origins.ANY ? Http.allowAnyOrigin(response) : response;
        });
    }

    protected abstract APIGatewayV2HTTPResponse handle(Http.Request request);

    /** A scheduled run; a function without a schedule refuses it with 400. */
    protected APIGatewayV2HTTPResponse scheduled(Http.Request request) {
        throw RequestException.badRequest("this function has no schedule");
    }

    /** True for the event of a schedule: route key {@link #SCHEDULE_ROUTE} and no HTTP request context. */
    static boolean isScheduled(APIGatewayV2HTTPEvent event) {
        return event != null && SCHEDULE_ROUTE.equals(event.getRouteKey()) && event.getRequestContext() == null;
    }
}
