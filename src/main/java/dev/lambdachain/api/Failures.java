package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.core.ChainStateException;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.VerificationException;
import dev.lambdachain.log.Log;

import java.util.Map;

/**
 * The one place a failure becomes an HTTP status, from domain exceptions only (the store
 * translates its engine's errors into them). The caller's mistakes (4xx) carry their message;
 * "try again" (503) carries it with {@code Retry-After}, which covers a throttling or unreachable
 * store. A configuration or code fault (access denied, no such table, a rejected request, a
 * corrupt item, any bug) is a 500 with a bare message and one ERROR log line naming the cause,
 * never the detail in the response.
 */
final class Failures {
    static final String RETRY_AFTER_SECONDS = "1";

    private Failures() {
    }

    /** The response to {@code failure} on {@code route}; a fault, or a store that is away, is logged to {@code log}. */
    static APIGatewayV2HTTPResponse respond(RuntimeException failure, String route, Log log) {
        if (failure instanceof RequestException e) {
            APIGatewayV2HTTPResponse response = Http.error(e.status(), e.getMessage());
            if (e.status() == 429) {
                response.getHeaders().put("Retry-After", RETRY_AFTER_SECONDS);
            }
            return response;
        }
        if (failure instanceof InvalidValueException || failure instanceof VerificationException) {
            return Http.error(400, failure.getMessage());
        }
        if (failure instanceof ChainStateException e) {
            switch (e.reason()) {
                case CONFLICT:
                    return Http.error(409, e.getMessage());
                case INSUFFICIENT_FUNDS:
                    return Http.error(422, e.getMessage());
                case NOT_FOUND:
                    return Http.error(404, e.getMessage());
                case TRY_AGAIN:
                    if (e.getCause() != null) {
                        log.warn("the store is busy, throttling or unreachable",
                                Map.of("route", route, "cause", e.getCause().getClass().getSimpleName()), null);
                    }
                    return tryAgain(e.getMessage());
                case FAULT:
                    log.error(e.getMessage(), Map.of("route", route), failure);
                    return Http.error(500, "internal error");
                case CORRUPT:
                default:
                    break; // a fault: logged below
            }
        }
        log.error("request failed: " + failure.getClass().getSimpleName(), Map.of("route", route), failure);
        return Http.error(500, "internal error");
    }

    private static APIGatewayV2HTTPResponse tryAgain(String message) {
        APIGatewayV2HTTPResponse response = Http.error(503, message);
        response.getHeaders().put("Retry-After", RETRY_AFTER_SECONDS);
        return response;
    }
}
