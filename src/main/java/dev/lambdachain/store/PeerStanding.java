package dev.lambdachain.store;

/**
 * A registered peer and how it has behaved: {@code failures} invalid chains in a row, the
 * epoch millisecond before which it is not asked again ({@code retryAt}, 0 when it may be asked),
 * and {@code misses}, its resolves in a row without an answer.
 */
public record PeerStanding(String url, long failures, long retryAt, long misses) {
    /** A peer that has missed no resolve. */
    public PeerStanding(String url, long failures, long retryAt) {
        this(url, failures, retryAt, 0);
    }

    public boolean waitsAt(long now) {
        return retryAt > now;
    }
}
