package dev.lambdachain.core;

/**
 * The proof-of-work facts of one header, whatever its version: height, timestamp (ms) and target.
 * What {@link CalculatedTargetRule} and {@link ChainWork} need, without the transactions.
 */
public record PowHeader(long height, long timestamp, Target target) {

    public PowHeader {
        if (target == null) {
            throw new IllegalArgumentException("a header has a target");
        }
    }

    /**
     * A block's: for version 1 its difficulty as the exact target {@link Target#fromLeadingZeroHexDigits},
     * for version 2 the compact target it carries.
     */
    public static PowHeader of(Block block) {
        return new PowHeader(block.height(), block.timestamp(), block.powTarget());
    }
}
