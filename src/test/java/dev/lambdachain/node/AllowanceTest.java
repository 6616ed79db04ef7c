package dev.lambdachain.node;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token buckets behind the flood limits (docs/RELAY.md "Limits"), on a clock the test moves. */
class AllowanceTest {
    /** A clock that stands still until the test moves it. */
    private static final class MovedClock extends Clock {
        private long millis = 1_800_000_000_000L;

        void advance(long by) {
            millis += by;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Test
    void aSourceGetsItsBurstThenItsRateAndAnotherSourceIsHeardMeanwhile() {
        MovedClock clock = new MovedClock();
        Allowance allowance = new Allowance(clock, new Allowance.Rate(2, 3), new Allowance.Rate(100, 100));
        for (int i = 0; i < 3; i++) {
            assertTrue(allowance.take("198.51.100.7"), "burst item " + i);
        }
        assertFalse(allowance.take("198.51.100.7"), "past the burst");
        assertTrue(allowance.take("198.51.100.8"), "another address has its own bucket");

        clock.advance(250);
        assertFalse(allowance.take("198.51.100.7"), "half a token after 250 ms at 2 a second");
        clock.advance(250);
        assertTrue(allowance.take("198.51.100.7"), "one token after 500 ms");
        assertFalse(allowance.take("198.51.100.7"));
        clock.advance(60_000);
        for (int i = 0; i < 3; i++) {
            assertTrue(allowance.take("198.51.100.7"), "refilled to the burst, no further: " + i);
        }
        assertFalse(allowance.take("198.51.100.7"));
    }

    @Test
    void theSharedBucketCapsAllSourcesAndChargesBeyondEmptyAreRepaidFirst() {
        MovedClock clock = new MovedClock();
        Allowance allowance = new Allowance(clock, new Allowance.Rate(10, 10), new Allowance.Rate(1, 2));
        assertTrue(allowance.take("198.51.100.7"));
        assertTrue(allowance.take("198.51.100.8"));
        assertFalse(allowance.take("198.51.100.9"), "all sources together are past the shared burst");
        assertFalse(allowance.allows(null), "a request without a source draws on the shared bucket");

        allowance.charge(null);
        allowance.charge(null); // refusals counted while empty: owed
        clock.advance(2_000);
        assertFalse(allowance.allows(null), "two seconds repaid the two owed, no more");
        clock.advance(1_000);
        assertTrue(allowance.allows(null));
    }
}
