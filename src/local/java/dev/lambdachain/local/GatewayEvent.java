package dev.lambdachain.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.eclipse.jetty.server.Request;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Builds the event API Gateway (HTTP API, payload format 2.0) hands a function for one HTTP request. */
final class GatewayEvent {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private GatewayEvent() {
    }

    /**
     * The event of {@code request} for {@code route}, run as {@code method} (a HEAD runs as GET).
     *
     * @throws IllegalArgumentException when the query string is not valid percent-encoding
     */
    static APIGatewayV2HTTPEvent of(Request request, Routes.Found route, String method, String body) {
        String rawPath = request.getHttpURI().getPath();
        String rawQuery = request.getHttpURI().getQuery();
        String sourceIp = Request.getRemoteAddr(request);
        Map<String, String> headers = headers(request, sourceIp);
        // API Gateway moves cookies out of the headers into their own list.
        String cookieHeader = headers.remove("cookie");
        long now = System.currentTimeMillis();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(rawPath)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withCookies(cookieHeader == null ? null : cookies(cookieHeader))
                .withHeaders(headers)
                .withQueryStringParameters(rawQuery == null ? null : query(rawQuery))
                .withPathParameters(route.pathParameters().isEmpty() ? null : route.pathParameters())
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(route.routeKey())
                        .withStage("$default")
                        .withRequestId(UUID.randomUUID().toString())
                        .withDomainName(headers.get("host"))
                        .withTime(TIME.format(Instant.ofEpochMilli(now)))
                        .withTimeEpoch(now)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(rawPath)
                                .withProtocol(request.getConnectionMetaData().getProtocol())
                                .withSourceIp(sourceIp)
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .build();
    }

    /** Lower-cased names, repeated headers comma-joined, plus the x-forwarded-* headers API Gateway adds. */
    private static Map<String, String> headers(Request request, String sourceIp) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.getHeaders().forEach(field -> headers.merge(field.getLowerCaseName(), field.getValue(),
                (first, next) -> first + "," + next));
        headers.put("x-forwarded-for", sourceIp);
        headers.put("x-forwarded-proto", "http");
        headers.put("x-forwarded-port", String.valueOf(Request.getLocalPort(request)));
        return headers;
    }

    private static List<String> cookies(String header) {
        return Arrays.stream(header.split("[;,]")).map(String::trim).filter(c -> !c.isEmpty()).toList();
    }

    /** URL-decoded; a repeated key's values comma-joined, as API Gateway does. */
    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (first, next) -> first + "," + next);
        }
        return parameters.isEmpty() ? null : parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
