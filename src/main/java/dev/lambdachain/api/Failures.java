package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.core.ChainStateException;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.VerificationException;
import dev.lambdachain.log.Log;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.util.Map;

/**
 * The one place a failure becomes an HTTP status. The caller's mistakes (4xx) carry their
 * message; "try again" (503) carries it with {@code Retry-After}; throttling or an unreachable
 * DynamoDB is a 503 too. A configuration or code fault (access denied, no such table, a rejected
 * request, a corrupt item, any bug) is a 500 with a bare message and one ERROR log line naming
 * the cause, never the detail in the response.
 */
final class Failures {
    static final String RETRY_AFTER_SECONDS = "1";

    private Failures() {
    }

    static APIGatewayV2HTTPResponse respond(RuntimeException failure, String route) {
        if (failure instanceof RequestException e) {
            return Http.error(e.status(), e.getMessage());
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
                    return tryAgain(e.getMessage());
                case CORRUPT:
                default:
                    break; // a fault: logged below
            }
        }
        if (failure instanceof SdkException e && isTransient(e)) {
            Log.warn("the store is throttling or unreachable", Map.of("route", route, "cause", cause(e)), null);
            return tryAgain("the store is unavailable or throttling; try again");
        }
        Log.error(failure instanceof SdkException e ? "store configuration or permission fault: " + cause(e)
                : "request failed: " + failure.getClass().getSimpleName(), Map.of("route", route), failure);
        return Http.error(500, "internal error");
    }

    /** Throttling, a DynamoDB-side 5xx, or no answer at all: worth sending again. */
    static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e.retryable() || e instanceof SdkClientException && e.getCause() instanceof IOException;
    }

    private static String cause(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
        }
        return e.getClass().getSimpleName();
    }

    private static APIGatewayV2HTTPResponse tryAgain(String message) {
        APIGatewayV2HTTPResponse response = Http.error(503, message);
        response.getHeaders().put("Retry-After", RETRY_AFTER_SECONDS);
        return response;
    }
}
