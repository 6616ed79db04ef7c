package dev.lambdachain.consensus;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each way a peer's turn in a resolve can end keeps the words GET /nodes/resolve has always shown
 * for it, now with the kind its metric counts; every kind is reached by a factory.
 */
class PeerOutcomeTest {

    @Test
    void everyFactoryGivesItsKindAndTheWordsResolveShows() {
        List<PeerOutcome> outcomes = List.of(
                PeerOutcome.adopted(7),
                PeerOutcome.adoptedShortOfClaim(7, "it claimed height 9 and served only up to 7; not asked again for 60 s"),
                PeerOutcome.notHeavier(),
                PeerOutcome.notLonger(),
                PeerOutcome.anotherNetwork("retarget interval 20 vs 10 here"),
                PeerOutcome.anotherGenesis(),
                PeerOutcome.invalidChain("block 3: merkle_root expected a, found b", "not asked again for 60 s"),
                PeerOutcome.stalled("http://peer timed out: /chain?from=1&limit=1 not answered in full within 500 ms",
                        "not asked again for 60 s (failed 1 time(s) in a row)"),
                PeerOutcome.oversized("http://peer answered /info with more than 65536 bytes (larger than it may send): cut off there",
                        "not asked again for 60 s (failed 1 time(s) in a row)"),
                PeerOutcome.notAdopted("has less work: its valid chain up to height 2 has work 3, not more than our 4"),
                PeerOutcome.checkFailed(),
                PeerOutcome.unreachable("could not be reached: connection refused"),
                PeerOutcome.timeout(),
                PeerOutcome.backingOff(2, 119),
                PeerOutcome.outOfTime(),
                PeerOutcome.interrupted(),
                PeerOutcome.notConsulted());
        assertEquals(List.of(
                "adopted: chain now ends at height 7",
                "adopted up to height 7, but it claimed height 9 and served only up to 7; not asked again for 60 s",
                "claims no more work than ours",
                "not longer than ours",
                "another network: retarget interval 20 vs 10 here",
                "ignored: its chain starts from another genesis",
                "rejected: block 3: merkle_root expected a, found b; not asked again for 60 s",
                "stalled: http://peer timed out: /chain?from=1&limit=1 not answered in full within 500 ms; "
                        + "not asked again for 60 s (failed 1 time(s) in a row)",
                "cut off: http://peer answered /info with more than 65536 bytes (larger than it may send): cut off there; "
                        + "not asked again for 60 s (failed 1 time(s) in a row)",
                "rejected: has less work: its valid chain up to height 2 has work 3, not more than our 4",
                "rejected: its chain could not be checked",
                "unreachable or invalid: could not be reached: connection refused",
                "no answer within the time budget",
                "waiting: served an invalid chain or stalled 2 time(s) in a row; asked again in 119 s",
                "not tried: the time budget ran out",
                "interrupted",
                "not consulted"), outcomes.stream().map(PeerOutcome::text).toList());
        assertEquals(List.of(PeerOutcome.Kind.ADOPTED, PeerOutcome.Kind.ADOPTED_SHORT_OF_CLAIM,
                PeerOutcome.Kind.NOT_HEAVIER, PeerOutcome.Kind.NOT_LONGER, PeerOutcome.Kind.ANOTHER_NETWORK,
                PeerOutcome.Kind.ANOTHER_GENESIS,
                PeerOutcome.Kind.INVALID_CHAIN, PeerOutcome.Kind.STALLED, PeerOutcome.Kind.OVERSIZED,
                PeerOutcome.Kind.NOT_ADOPTED, PeerOutcome.Kind.CHECK_FAILED,
                PeerOutcome.Kind.UNREACHABLE, PeerOutcome.Kind.TIMEOUT, PeerOutcome.Kind.BACKING_OFF,
                PeerOutcome.Kind.NOT_TRIED, PeerOutcome.Kind.NOT_TRIED, PeerOutcome.Kind.NOT_TRIED),
                outcomes.stream().map(PeerOutcome::kind).toList());
        Set<PeerOutcome.Kind> reached = EnumSet.noneOf(PeerOutcome.Kind.class);
        outcomes.forEach(outcome -> reached.add(outcome.kind()));
        assertEquals(EnumSet.allOf(PeerOutcome.Kind.class), reached);
    }
}
