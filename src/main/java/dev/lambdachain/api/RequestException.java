package dev.lambdachain.api;

/** A request the API refuses before any service sees it, with the HTTP status that says why. */
public final class RequestException extends RuntimeException {
    private final int status;

    RequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    static RequestException badRequest(String message) {
        return new RequestException(400, message);
    }

    /** 404: what the request names does not exist (a block beyond the head, an unknown hash). */
    static RequestException notFound(String message) {
        return new RequestException(404, message);
    }

    /** 429: the caller sent more than this node hears from it for now; {@link Failures} adds {@code Retry-After}. */
    static RequestException tooManyRequests(String message) {
        return new RequestException(429, message);
    }

    int status() {
        return status;
    }
}
