package dev.lambdachain.core;

import java.util.Iterator;

/**
 * Replays a whole chain from genesis through {@link BlockValidator} and reports the first bad
 * height. Blocks arrive through an iterator so a store can page them in.
 */
public final class ChainValidator {
    private final BlockValidator blocks;

    public ChainValidator(BlockValidator blocks) {
        this.blocks = blocks;
    }

    /** The outcome: valid with the chain's length, or the first bad height and why. */
    public record Result(boolean valid, long length, long height, String error) {
        static Result ok(long length) {
            return new Result(true, length, -1, null);
        }
    }

    public Result validate(Iterator<Block> chain, long nowMillis) {
        if (!chain.hasNext()) {
            return new Result(false, 0, 0, "the chain is empty: no genesis block");
        }
        Ledger ledger = Ledger.empty();
        Block parent = null;
        long length = 0;
        try {
            while (chain.hasNext()) {
                Block block = chain.next();
                if (parent == null) {
                    blocks.verifyGenesis(block);
                } else {
                    blocks.verify(block, parent, ledger, nowMillis);
                }
                ledger.apply(block);
                parent = block;
                length++;
            }
        } catch (VerificationException e) {
            return new Result(false, length, e.height(), e.getMessage());
        }
        return Result.ok(length);
    }
}
