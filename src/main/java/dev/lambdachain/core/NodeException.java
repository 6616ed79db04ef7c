package dev.lambdachain.core;

/**
 * The one failure type of the node. Its {@link Kind} decides the HTTP status in one place
 * (the API layer); its message is written for the user who has to act on it.
 */
public class NodeException extends RuntimeException {

    /** What went wrong, as far as the caller is concerned. */
    public enum Kind {
        INVALID(400),
        NOT_FOUND(404),
        METHOD_NOT_ALLOWED(405),
        CONFLICT(409),
        TOO_LARGE(413),
        INSUFFICIENT_FUNDS(422),
        UNAVAILABLE(503);

        public final int status;

        Kind(int status) {
            this.status = status;
        }
    }

    private final Kind kind;

    public NodeException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public NodeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static NodeException invalid(String message) {
        return new NodeException(Kind.INVALID, message);
    }

    public static NodeException notFound(String message) {
        return new NodeException(Kind.NOT_FOUND, message);
    }

    public static NodeException conflict(String message) {
        return new NodeException(Kind.CONFLICT, message);
    }
}
