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

    /** A version 1 block: its difficulty as the exact target {@link Target#fromLeadingZeroHexDigits}. */
    public static PowHeader of(Block block) {
        return new PowHeader(block.height(), block.timestamp(), Target.fromLeadingZeroHexDigits(block.difficulty()));
    }
}
