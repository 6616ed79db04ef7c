package dev.lambdachain.local;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CORS preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) answered the way
 * API Gateway answers it for the HttpApi's {@code CorsConfiguration} in template.yaml, without
 * running any function: 204, and the allow headers when the requested method is allowed.
 * {@code TemplateTest} keeps these values equal to the template's. A route only the owner may call
 * (IAM when deployed: /mine, /nodes/*) gets no CORS headers at all, so no page of another origin
 * can read its answers.
 */
final class Preflight {
    static final List<String> ALLOW_ORIGINS = List.of("*");
    static final List<String> ALLOW_METHODS = List.of("GET", "POST", "OPTIONS");
    static final List<String> ALLOW_HEADERS = List.of("content-type", "authorization", "x-amz-date",
            "x-amz-security-token", "x-amz-content-sha256");
    static final int MAX_AGE_SECONDS = 600;

    private Preflight() {
    }

    /** Whether a request is a preflight rather than an OPTIONS call of its own. */
    static boolean is(String method, String origin, String requestedMethod) {
        return "OPTIONS".equals(method) && origin != null && requestedMethod != null;
    }

    /**
     * The headers of the 204 answer: none (so the browser refuses) when the method is not allowed
     * or the route it asks for is not {@code open} to anyone.
     */
    static Map<String, String> headers(String requestedMethod, boolean open) {
        if (!open || !ALLOW_METHODS.contains(requestedMethod.trim().toUpperCase(Locale.ROOT))) {
            return Map.of();
        }
        return Map.of(
                "Access-Control-Allow-Origin", String.join(",", ALLOW_ORIGINS),
                "Access-Control-Allow-Methods", String.join(",", ALLOW_METHODS),
                "Access-Control-Allow-Headers", String.join(",", ALLOW_HEADERS),
                "Access-Control-Max-Age", Integer.toString(MAX_AGE_SECONDS));
    }
}
