package dev.lambdachain.local;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches a request to a route of the template as API Gateway does: among the routes of the
 * request's method, the one with most literal segments wins ({@code /transactions/new} before
 * {@code /transactions/{id}}); {@code {name}} takes one whole segment.
 */
final class Routes {

    /** What a request matched. */
    sealed interface Match permits Found, MethodNotAllowed, NotFound {
    }

    /**
     * A route of this method and path; path parameters URL-decoded; {@code ownerOnly} as
     * {@link SamTemplate.Route#ownerOnly()}.
     */
    record Found(String functionId, String routeKey, Map<String, String> pathParameters, boolean ownerOnly)
            implements Match {
    }

    /** The path exists, for other methods only. */
    record MethodNotAllowed(Set<String> allowed) implements Match {
    }

    /** No route has this path. */
    record NotFound() implements Match {
    }

    private record Entry(String functionId, SamTemplate.Route route, List<String> segments, long literals) {
        static Entry of(String functionId, SamTemplate.Route route) {
            List<String> segments = split(route.path());
            return new Entry(functionId, route, segments, segments.stream().filter(s -> !isParameter(s)).count());
        }

        /** The path parameters when {@code path} fits this route, else null. */
        Map<String, String> bind(List<String> path) {
            if (path.size() != segments.size()) {
                return null;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < segments.size(); i++) {
                String pattern = segments.get(i);
                String actual = path.get(i);
                if (isParameter(pattern) && !actual.isEmpty()) {
                    parameters.put(pattern.substring(1, pattern.length() - 1), decode(actual));
                } else if (!pattern.equals(actual)) {
                    return null;
                }
            }
            return parameters;
        }
    }

    private final List<Entry> entries;

    private Routes(List<Entry> entries) {
        this.entries = entries;
    }

    static Routes of(List<SamTemplate.Function> functions) {
        List<Entry> entries = new ArrayList<>();
        functions.forEach(f -> f.routes().forEach(route -> entries.add(Entry.of(f.logicalId(), route))));
        return new Routes(List.copyOf(entries));
    }

    /** @throws IllegalArgumentException when a path parameter is not valid percent-encoding */
    Match match(String method, String rawPath) {
        List<String> path = split(rawPath);
        Entry best = null;
        Map<String, String> bestParameters = null;
        Set<String> otherMethods = new TreeSet<>();
        for (Entry entry : entries) {
            Map<String, String> parameters = entry.bind(path);
            if (parameters == null) {
                continue;
            }
            if (!entry.route().method().equals(method)) {
                otherMethods.add(entry.route().method());
            } else if (best == null || entry.literals() > best.literals()) {
                best = entry;
                bestParameters = parameters;
            }
        }
        if (best != null) {
            return new Found(best.functionId(), best.route().key(), bestParameters, best.route().ownerOnly());
        }
        return otherMethods.isEmpty() ? new NotFound() : new MethodNotAllowed(otherMethods);
    }

    private static List<String> split(String path) {
        return Arrays.asList(path.substring(path.startsWith("/") ? 1 : 0).split("/", -1));
    }

    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    /** Percent-decoding of a path segment, where '+' is a plus, not a space. */
    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
