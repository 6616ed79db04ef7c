package dev.lambdachain.core;

/**
 * A block broke a consensus rule (docs/PROTOCOL.md, "Block rules"). Names the height and what
 * was expected against what was found; knows no transport.
 */
public final class VerificationException extends RuntimeException {
    private final long height;

    public VerificationException(long height, String message) {
        super("block " + height + ": " + message);
        this.height = height;
    }

    public long height() {
        return height;
    }
}
