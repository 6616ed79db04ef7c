package dev.lambdachain.core;

/**
 * Header rule: a block's target is exactly the one {@link Retarget#nextTarget} computes from its
 * parent, never the one its miner would like. One check, one reason; the proof of work against
 * that target and the linkage are other rules. After Besu's
 * {@code CalculatedDifficultyValidationRule} (ethereum/core, mainnet/headervalidationrules).
 */
public final class CalculatedTargetRule {

    /** Timestamps (ms) of the blocks below the one being checked, on its own branch, by height. */
    @FunctionalInterface
    public interface Ancestors {
        long timestampAt(long height);
    }

    private final RetargetParams params;

    public CalculatedTargetRule(RetargetParams params) {
        this.params = params;
    }

    /** The target the child of {@code parent} must carry; asks {@code ancestors} only at retarget heights. */
    public Target expected(PowHeader parent, Ancestors ancestors) {
        long height = parent.height() + 1;
        long periodStart = params.isRetargetHeight(height)
                ? ancestors.timestampAt(params.periodStartHeight(height)) : parent.timestamp();
        return Retarget.nextTarget(params, parent.height(), parent.target(), periodStart, parent.timestamp());
    }

    /**
     * Throws {@link VerificationException} at {@code header}'s height, naming the expected and the
     * found target, unless {@code header} carries exactly the target computed from {@code parent}.
     * The caller has checked that {@code header.height() == parent.height() + 1}.
     */
    public void check(PowHeader header, PowHeader parent, Ancestors ancestors) {
        Target expected = expected(parent, ancestors);
        if (!header.target().equals(expected)) {
            throw new VerificationException(header.height(),
                    "target expected " + expected + ", found " + header.target()
                            + (params.isRetargetHeight(header.height()) ? " (a retarget height)" : ""));
        }
    }
}
