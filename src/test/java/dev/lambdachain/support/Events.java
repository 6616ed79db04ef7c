package dev.lambdachain.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.util.Map;

/** API Gateway HTTP API (2.0) events as the gateway builds them, for driving handlers directly. */
public final class Events {
    private Events() {
    }

    public static APIGatewayV2HTTPEvent get(String routeKey, Map<String, String> pathParameters,
                                            Map<String, String> query) {
        return event("GET", routeKey, pathParameters, query, null);
    }

    public static APIGatewayV2HTTPEvent get(String routeKey) {
        return get(routeKey, null, null);
    }

    public static APIGatewayV2HTTPEvent post(String routeKey, String body) {
        return event("POST", routeKey, null, null, body);
    }

    public static APIGatewayV2HTTPEvent event(String method, String routeKey, Map<String, String> pathParameters,
                                              Map<String, String> query, String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(method + " " + routeKey)
                .withRawPath(routeKey)
                .withPathParameters(pathParameters)
                .withQueryStringParameters(query)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(routeKey).build())
                        .build())
                .build();
    }
}
