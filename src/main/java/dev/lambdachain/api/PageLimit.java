package dev.lambdachain.api;

/**
 * The {@code limit} query parameter of each paged route, in one table: how many items a page holds
 * when the caller does not say ({@code fallback}), and the most it may ask for ({@code max}; a
 * larger, zero or non-numeric value is a 400). openapi.yaml states the same numbers.
 */
record PageLimit(int fallback, int max) {
    /** GET /chain: blocks. */
    static final PageLimit CHAIN = new PageLimit(100, 500);
    /** GET /mempool: pending transactions. */
    static final PageLimit MEMPOOL = new PageLimit(50, 100);
    /** GET /addresses/{address}/history: entries. */
    static final PageLimit HISTORY = new PageLimit(20, 100);
    /** GET /wallets: accounts. */
    static final PageLimit WALLETS = new PageLimit(100, 1000);

    int of(Http.Request request) {
        return (int) request.queryLong("limit", fallback, 1, max);
    }
}
