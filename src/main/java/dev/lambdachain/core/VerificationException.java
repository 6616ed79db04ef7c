package dev.lambdachain.core;

/** A block broke a consensus rule; names the height and what was expected. */
public final class VerificationException extends NodeException {
    private final long height;

    public VerificationException(long height, String message) {
        super(Kind.INVALID, "block " + height + ": " + message);
        this.height = height;
    }

    public long height() {
        return height;
    }
}
