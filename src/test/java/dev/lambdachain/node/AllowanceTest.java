package dev.lambdachain.node;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token buckets behind the flood limits (docs/RELAY.md "Limits"), on a time the test moves. */
class AllowanceTest {
    @Test
    void aSourceGetsItsBurstThenItsRateAndAnotherSourceIsHeardMeanwhile() {
        AtomicLong clock = new AtomicLong(1_800_000_000_000L); // moved by the test only
        Allowance allowance = new Allowance(clock::get, new Allowance.Rate(2, 3), new Allowance.Rate(100, 100));
        for (int i = 0; i < 3; i++) {
            assertTrue(allowance.take("198.51.100.7"), "burst item " + i);
        }
        assertFalse(allowance.take("198.51.100.7"), "past the burst");
        assertTrue(allowance.take("198.51.100.8"), "another address has its own bucket");

        clock.addAndGet(250);
        assertFalse(allowance.take("198.51.100.7"), "half a token after 250 ms at 2 a second");
        clock.addAndGet(250);
        assertTrue(allowance.take("198.51.100.7"), "one token after 500 ms");
        assertFalse(allowance.take("198.51.100.7"));
        clock.addAndGet(60_000);
        for (int i = 0; i < 3; i++) {
            assertTrue(allowance.take("198.51.100.7"), "refilled to the burst, no further: " + i);
        }
        assertFalse(allowance.take("198.51.100.7"));
    }

    @Test
    void theSharedBucketCapsAllSourcesAndChargesBeyondEmptyAreRepaidFirst() {
        AtomicLong clock = new AtomicLong(1_800_000_000_000L); // moved by the test only
        Allowance allowance = new Allowance(clock::get, new Allowance.Rate(10, 10), new Allowance.Rate(1, 2));
        assertTrue(allowance.take("198.51.100.7"));
        assertTrue(allowance.take("198.51.100.8"));
        assertFalse(allowance.take("198.51.100.9"), "all sources together are past the shared burst");
        assertFalse(allowance.allows(null), "a request without a source draws on the shared bucket");

        allowance.charge(null);
        allowance.charge(null); // refusals counted while empty: owed
        clock.addAndGet(2_000);
        assertFalse(allowance.allows(null), "two seconds repaid the two owed, no more");
        clock.addAndGet(1_000);
        assertTrue(allowance.allows(null));
    }
}
