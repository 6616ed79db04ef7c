package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.NodeException;
import dev.lambdachain.log.Log;
import dev.lambdachain.wire.Wire;
import software.amazon.awssdk.core.exception.SdkException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What every handler shares: reading the API Gateway (HTTP API, payload 2.0) event, writing
 * JSON responses, and mapping failures to statuses in one place. A {@link NodeException} is the
 * caller's fault and says so; anything else is our bug: logged, answered with a bare 500.
 */
public final class Http {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,19}");
    private static final Map<String, String> JSON_HEADERS =
            Map.of("Content-Type", "application/json", "Cache-Control", "no-store");

    private Http() {
    }

    /** One route's logic: a request in, a response out. */
    @FunctionalInterface
    public interface Route {
        APIGatewayV2HTTPResponse handle(Request request);
    }

    /** Runs {@code route} on {@code event}, turning every failure into a JSON error response. */
    public static APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event, Context context, int maxBodyBytes,
                                                 Route route) {
        try {
            return route.handle(new Request(event, context, maxBodyBytes));
        } catch (NodeException e) {
            return error(e.kind().status, e.getMessage());
        } catch (SdkException e) {
            log(event, e);
            return error(503, "the store is unavailable or throttling; try again");
        } catch (RuntimeException e) {
            log(event, e);
            return error(500, "internal error");
        }
    }

    public static APIGatewayV2HTTPResponse json(int status, JsonNode body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(JSON_HEADERS)
                .withBody(Wire.write(body))
                .build();
    }

    public static APIGatewayV2HTTPResponse ok(JsonNode body) {
        return json(200, body);
    }

    public static APIGatewayV2HTTPResponse error(int status, String message) {
        ObjectNode body = Wire.object();
        body.put("error", message);
        return json(status, body);
    }

    private static void log(APIGatewayV2HTTPEvent event, RuntimeException e) {
        String route = event == null || event.getRouteKey() == null ? "?" : event.getRouteKey();
        Log.error("request failed", Map.of("route", route), e);
    }

    /** The parts of an event a handler reads, each checked. */
    public static final class Request {
        private final APIGatewayV2HTTPEvent event;
        private final Context context;
        private final int maxBodyBytes;

        Request(APIGatewayV2HTTPEvent event, Context context, int maxBodyBytes) {
            if (event == null) {
                throw NodeException.invalid("no event");
            }
            this.event = event;
            this.context = context;
            this.maxBodyBytes = maxBodyBytes;
        }

        public String method() {
            var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
            return http == null || http.getMethod() == null ? "GET" : http.getMethod();
        }

        /** The body as text, refused with 413 above the configured size. */
        public String body() {
            String body = event.getBody();
            if (body == null) {
                return null;
            }
            if (body.length() > (event.getIsBase64Encoded() ? maxBodyBytes * 4L / 3 + 4 : maxBodyBytes)) {
                throw tooLarge();
            }
            if (event.getIsBase64Encoded()) {
                try {
                    body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw NodeException.invalid("the body is marked base64 but is not");
                }
            }
            if (body.getBytes(StandardCharsets.UTF_8).length > maxBodyBytes) {
                throw tooLarge();
            }
            return body;
        }

        public ObjectNode jsonBody() {
            return Wire.parseObject(body());
        }

        public String pathParameter(String name) {
            Map<String, String> params = event.getPathParameters();
            String value = params == null ? null : params.get(name);
            if (value == null || value.isEmpty()) {
                throw NodeException.invalid("path parameter '" + name + "' is missing");
            }
            return value;
        }

        public String query(String name) {
            Map<String, String> params = event.getQueryStringParameters();
            return params == null ? null : params.get(name);
        }

        /** An integer query parameter within [min, max], or {@code fallback} when absent. */
        public long queryLong(String name, long fallback, long min, long max) {
            String raw = query(name);
            if (raw == null || raw.isEmpty()) {
                return fallback;
            }
            long value;
            try {
                if (!WHOLE_NUMBER.matcher(raw).matches()) {
                    throw new NumberFormatException(raw);
                }
                value = Long.parseLong(raw);
            } catch (NumberFormatException e) {
                throw NodeException.invalid("query parameter '" + name + "' must be a whole number, got '" + raw + "'");
            }
            if (value < min || value > max) {
                throw NodeException.invalid("query parameter '" + name + "' must be between " + min + " and " + max);
            }
            return value;
        }

        /** Milliseconds this invocation may still run (Lambda's budget; a default without one). */
        public long remainingMillis(long fallback) {
            return context == null ? fallback : context.getRemainingTimeInMillis();
        }

        private NodeException tooLarge() {
            return new NodeException(NodeException.Kind.TOO_LARGE,
                    "the request body is larger than " + maxBodyBytes + " bytes");
        }
    }
}
