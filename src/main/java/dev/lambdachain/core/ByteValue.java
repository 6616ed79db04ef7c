package dev.lambdachain.core;

import java.util.Arrays;

/**
 * A value that is a fixed string of bytes (a hash, a target, a public key): two are equal when
 * they are of the same class and hold the same bytes, so they are safe map keys (as bitcoinj's
 * {@code Sha256Hash}). Subclasses keep the array private to them and never hand it out.
 */
abstract class ByteValue {
    private final byte[] bytes;

    /** @param bytes owned by this value from now on: the caller passes a copy */
    ByteValue(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The bytes themselves, for the subclass's own reads; never returned to callers. */
    final byte[] raw() {
        return bytes;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((ByteValue) o).bytes);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
