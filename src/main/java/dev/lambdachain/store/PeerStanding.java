package dev.lambdachain.store;

/**
 * A registered peer and how it has behaved: {@code failures} invalid chains in a row, and the
 * epoch millisecond before which it is not asked again ({@code retryAt}, 0 when it may be asked).
 */
public record PeerStanding(String url, long failures, long retryAt) {
    public boolean waitsAt(long now) {
        return retryAt > now;
    }
}
