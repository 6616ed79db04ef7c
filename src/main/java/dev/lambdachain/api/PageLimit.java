package dev.lambdachain.api;

/**
 * The {@code limit} query parameter of a paged route: how many items a page holds when the caller
 * does not say, and the most it may ask for (a larger or non-numeric value is a 400).
 */
record PageLimit(int fallback, int max) {
    int of(Http.Request request) {
        return (int) request.queryLong("limit", fallback, 1, max);
    }
}
