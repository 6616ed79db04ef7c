package dev.lambdachain.log;

/**
 * The invocation a thread is serving: its request id, function and route, set by the shared
 * handler path for the length of one request so that every line logged meanwhile carries them.
 * Threads a request starts (proof-of-work workers, peer calls) do not inherit it: the services log
 * from the request's own thread.
 */
public record RequestContext(String requestId, String function, String route) {
    private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

    /** The request of this thread, or null outside one. */
    public static RequestContext current() {
        return CURRENT.get();
    }

    /** Runs {@code work} as this request, restoring the thread's previous context afterwards. */
    public <T> T during(java.util.function.Supplier<T> work) {
        RequestContext outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }
}
