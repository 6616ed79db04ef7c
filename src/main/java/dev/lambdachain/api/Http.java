package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Address;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.log.Log;
import dev.lambdachain.wire.Json;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What every handler shares: reading the API Gateway (HTTP API, payload 2.0) event and writing
 * JSON responses; every failure becomes a response through {@link Failures}.
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

    /**
     * Runs {@code route} on {@code event}, turning every failure into a JSON error response; a
     * fault of ours, or a store that is away, is logged to {@code log}.
     */
    public static APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event, Context context, int maxBodyBytes,
                                                 Log log, Route route) {
        try {
            return route.handle(new Request(event, context, maxBodyBytes));
        } catch (RuntimeException e) {
            return Failures.respond(e, event == null || event.getRouteKey() == null ? "?" : event.getRouteKey(), log);
        }
    }

    public static APIGatewayV2HTTPResponse json(int status, JsonNode body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(new HashMap<>(JSON_HEADERS))
                .withBody(Json.write(body))
                .build();
    }

    /** {@code response} readable by a page of any origin (CORS); preflights are API Gateway's (template.yaml). */
    static APIGatewayV2HTTPResponse allowAnyOrigin(APIGatewayV2HTTPResponse response) {
        Map<String, String> headers = new HashMap<>(response.getHeaders() == null ? Map.of() : response.getHeaders());
        headers.put("Access-Control-Allow-Origin", "*");
        response.setHeaders(headers);
        return response;
    }

    public static APIGatewayV2HTTPResponse ok(JsonNode body) {
        return json(200, body);
    }

    public static APIGatewayV2HTTPResponse error(int status, String message) {
        ObjectNode body = Json.object();
        body.put("error", message);
        return json(status, body);
    }

    /** The parts of an event a handler reads, each checked. */
    public static final class Request {
        private final APIGatewayV2HTTPEvent event;
        private final Context context;
        private final int maxBodyBytes;

        Request(APIGatewayV2HTTPEvent event, Context context, int maxBodyBytes) {
            if (event == null) {
                throw RequestException.badRequest("no event");
            }
            this.event = event;
            this.context = context;
            this.maxBodyBytes = maxBodyBytes;
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
                    throw RequestException.badRequest("the body is marked base64 but is not");
                }
            }
            if (body.getBytes(StandardCharsets.UTF_8).length > maxBodyBytes) {
                throw tooLarge();
            }
            return body;
        }

        /** The body as one JSON object; refused with 400 saying what is wrong otherwise. */
        public ObjectNode jsonBody() {
            return Json.readObject(body(), "the request body");
        }

        /** The caller's IP address as API Gateway (or the runner) saw it; null when the event names none. */
        public String sourceIp() {
            APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
            return context == null || context.getHttp() == null ? null : context.getHttp().getSourceIp();
        }

        public String pathParameter(String name) {
            Map<String, String> params = event.getPathParameters();
            String value = params == null ? null : params.get(name);
            if (value == null || value.isEmpty()) {
                throw RequestException.badRequest("path parameter '" + name + "' is missing");
            }
            return value;
        }

        /**
         * The path parameter {@code name} as an account (docs/PROTOCOL.md, Addresses): a key address
         * with a valid checksum, or a named account of 1 to 64 [A-Za-z0-9_-].
         *
         * @throws InvalidValueException (a 400) naming what is wrong with it
         */
        public String addressParameter(String name) {
            String address = pathParameter(name);
            Address.parseAccount(address, name);
            return address;
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
                throw RequestException.badRequest("query parameter '" + name + "' must be a whole number, got '"
                        + raw + "'");
            }
            if (value < min || value > max) {
                throw RequestException.badRequest("query parameter '" + name + "' must be between " + min
                        + " and " + max);
            }
            return value;
        }

        /** Milliseconds this invocation may still run (Lambda's budget; a default without one). */
        public long remainingMillis(long fallback) {
            return context == null ? fallback : context.getRemainingTimeInMillis();
        }

        private RequestException tooLarge() {
            return new RequestException(413, "the request body is larger than " + maxBodyBytes + " bytes");
        }
    }
}
