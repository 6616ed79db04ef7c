package dev.lambdachain.core;

/**
 * A value that breaks a rule of the protocol or of its input format: a negative amount, a
 * malformed address or hash, a missing or mistyped field. Knows no transport; the message names
 * the field and what it must be, in words the sender of the value can act on.
 */
public final class InvalidValueException extends RuntimeException {
    public InvalidValueException(String message) {
        super(message);
    }
}
