package dev.lambdachain.consensus;

import dev.lambdachain.metrics.CountedOutcome;

/**
 * What became of one peer in a resolve: its {@link Kind}, which is the value of the
 * {@code ResolveOutcome} metric, and the sentence GET /nodes/resolve shows for it, which may name
 * heights, reasons and back-off times. Built only through the factories below, one per way a
 * peer's turn can end.
 */
public record PeerOutcome(Kind kind, String text) {

    /** The fixed list of what can become of a peer (docs/OBSERVABILITY.md, {@code ResolveOutcome}). */
    public enum Kind implements CountedOutcome {
        /** Its chain was adopted in full. */
        ADOPTED("adopted"),
        /** Its chain was adopted as far as it served, which was less than it claimed: it waits, too. */
        ADOPTED_SHORT_OF_CLAIM("adopted-short-of-claim"),
        /** It claims no more cumulative work than our chain has. */
        NOT_HEAVIER("not-heavier"),
        /** An older node that claims no work and no more blocks than ours. */
        NOT_LONGER("not-longer"),
        /**
         * It is of another network: a consensus rule differs (named in the text). An honest
         * mismatch, so it never waits for it.
         */
        ANOTHER_NETWORK("other-network"),
        /** Its chain starts from another genesis block, and its /info names no rules to say why. */
        ANOTHER_GENESIS("other-genesis"),
        /** It served a block that breaks a rule, or lied in what it served: it waits before it is asked again. */
        INVALID_CHAIN("invalid-chain"),
        /**
         * A /chain call of its download timed out, failed or was still running when the budget
         * ended: it waits before it is asked again, as after an invalid chain.
         */
        STALLED("stalled"),
        /**
         * It sent more than it may (docs/CONSENSUS.md "Byte bounds"): an answer past its byte bound,
         * cut off while it streamed in, or a block over the block limit, refused as soon as it was
         * read. It waits before it is asked again, as after an invalid chain.
         */
        OVERSIZED("oversized"),
        /** Its download ended without a lie or a stall and without more work than ours: cut by the budget, or lighter. */
        NOT_ADOPTED("not-adopted"),
        /** Checking its chain failed on a fault of this node. */
        CHECK_FAILED("check-failed"),
        /** Its /info could not be had: unreachable, or not an answer. */
        UNREACHABLE("unreachable"),
        /** Its /info did not come within the time budget. */
        TIMEOUT("timeout"),
        /** It served an invalid chain or stalled before and still waits. */
        BACKING_OFF("backing-off"),
        /** It was not asked or not tried: the budget ran out, or the resolve was interrupted. */
        NOT_TRIED("not-tried");

        private final String metric;

        Kind(String metric) {
            this.metric = metric;
        }

        @Override
        public String metric() {
            return metric;
        }
    }

    static PeerOutcome adopted(long height) {
        return new PeerOutcome(Kind.ADOPTED, "adopted: chain now ends at height " + height);
    }

    /** @param penalty how it fell short and how long it now waits ({@link PeerBackoff#penalise}) */
    static PeerOutcome adoptedShortOfClaim(long height, String penalty) {
        return new PeerOutcome(Kind.ADOPTED_SHORT_OF_CLAIM, "adopted up to height " + height + ", but " + penalty);
    }

    static PeerOutcome notHeavier() {
        return new PeerOutcome(Kind.NOT_HEAVIER, "claims no more work than ours");
    }

    static PeerOutcome notLonger() {
        return new PeerOutcome(Kind.NOT_LONGER, "not longer than ours");
    }

    /** @param difference the first rule that differs, e.g. {@code retarget interval 20 vs 10 here} */
    static PeerOutcome anotherNetwork(String difference) {
        return new PeerOutcome(Kind.ANOTHER_NETWORK, "another network: " + difference);
    }

    static PeerOutcome anotherGenesis() {
        return new PeerOutcome(Kind.ANOTHER_GENESIS, "ignored: its chain starts from another genesis");
    }

    /** @param penalty how long it now waits ({@link PeerBackoff#penalise}) */
    static PeerOutcome invalidChain(String why, String penalty) {
        return new PeerOutcome(Kind.INVALID_CHAIN, "rejected: " + why + "; " + penalty);
    }

    /** @param why the call that stalled; {@code penalty} how long it now waits ({@link PeerBackoff#penalise}) */
    static PeerOutcome stalled(String why, String penalty) {
        return new PeerOutcome(Kind.STALLED, "stalled: " + why + "; " + penalty);
    }

    /** @param why what it sent past which bound; {@code penalty} how long it now waits ({@link PeerBackoff#penalise}) */
    static PeerOutcome oversized(String why, String penalty) {
        return new PeerOutcome(Kind.OVERSIZED, "cut off: " + why + "; " + penalty);
    }

    static PeerOutcome notAdopted(String why) {
        return new PeerOutcome(Kind.NOT_ADOPTED, "rejected: " + why);
    }

    static PeerOutcome checkFailed() {
        return new PeerOutcome(Kind.CHECK_FAILED, "rejected: its chain could not be checked");
    }

    static PeerOutcome unreachable(String why) {
        return new PeerOutcome(Kind.UNREACHABLE, "unreachable or invalid: " + why);
    }

    static PeerOutcome timeout() {
        return new PeerOutcome(Kind.TIMEOUT, "no answer within the time budget");
    }

    /** @param failures invalid chains or stalls in a row; {@code seconds} until it is asked again */
    static PeerOutcome backingOff(long failures, long seconds) {
        return new PeerOutcome(Kind.BACKING_OFF, "waiting: served an invalid chain or stalled " + failures
                + " time(s) in a row; asked again in " + seconds + " s");
    }

    static PeerOutcome outOfTime() {
        return new PeerOutcome(Kind.NOT_TRIED, "not tried: the time budget ran out");
    }

    static PeerOutcome interrupted() {
        return new PeerOutcome(Kind.NOT_TRIED, "interrupted");
    }

    static PeerOutcome notConsulted() {
        return new PeerOutcome(Kind.NOT_TRIED, "not consulted");
    }
}
