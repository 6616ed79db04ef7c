package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.log.Log;
import dev.lambdachain.log.RequestContext;
import dev.lambdachain.metrics.NodeMetrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every invocation of every function goes through, whatever it answers: its request context
 * for the lines logged meanwhile, then one request log line (request id, function, route, status,
 * duration) and one metrics line (latency, status class, cold start) when it ends, written by the
 * process's log and metrics.
 */
final class Invocation {
    private Invocation() {
    }

    static APIGatewayV2HTTPResponse observe(Log log, NodeMetrics metrics, APIGatewayV2HTTPEvent event,
                                            Context context, Supplier<APIGatewayV2HTTPResponse> work) {
        long started = System.nanoTime();
        boolean coldStart = metrics.takeColdStart();
        RequestContext request = new RequestContext(requestId(event, context), functionName(context), route(event));
        APIGatewayV2HTTPResponse response = request.during(work);
        long millis = (System.nanoTime() - started) / 1_000_000;
        int status = response == null ? 500 : response.getStatusCode();
        request.during(() -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("status", status);
            fields.put("durationMs", millis);
            if (coldStart) {
                fields.put("coldStart", "true");
            }
            log.info("request", fields);
            return null;
        });
        metrics.request(request.function(), request.route(), status, millis, coldStart, request.requestId());
        return response;
    }

    /** The API Gateway route key ({@code GET /transactions/{id}}): the template's route, never the raw path. */
    static String route(APIGatewayV2HTTPEvent event) {
        return event == null || event.getRouteKey() == null || event.getRouteKey().isBlank() ? "?" : event.getRouteKey();
    }

    private static String requestId(APIGatewayV2HTTPEvent event, Context context) {
        if (context != null && context.getAwsRequestId() != null) {
            return context.getAwsRequestId();
        }
        if (event != null && event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            return event.getRequestContext().getRequestId();
        }
        return "-";
    }

    private static String functionName(Context context) {
        if (context != null && context.getFunctionName() != null) {
            return context.getFunctionName();
        }
        String name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        return name == null || name.isBlank() ? "unknown" : name;
    }
}
