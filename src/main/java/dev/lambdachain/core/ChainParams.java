package dev.lambdachain.core;

/**
 * The consensus parameters every node of one network shares. Nodes with equal parameters build
 * the same genesis block and so recognise each other's chains. A network whose {@code retarget}
 * retargets uses version 2 headers from genesis on (docs/CONSENSUS.md), starting at the compact
 * form of {@code difficulty}; otherwise version 1 at the fixed {@code difficulty}.
 */
public record ChainParams(
        int difficulty,
        Amount reward,
        String genesisAddress,
        Amount genesisSupply,
        long genesisTimestamp,
        int maxTransactionsPerBlock,
        long maxFutureDriftMillis,
        RetargetParams retarget) {

    public static final long DEFAULT_GENESIS_TIMESTAMP = 1_700_000_000_000L;
    /**
     * The highest block a chain may reach: 2^32, 136 years at a block a second. With it every
     * coin that can ever exist, {@code genesisSupply + reward * MAX_HEIGHT}, must fit in a signed
     * 64-bit balance, so no balance and no sum of balances can overflow.
     */
    public static final long MAX_HEIGHT = 1L << 32;
    /** A block is committed in one DynamoDB transaction (at most 100 items): see docs/DYNAMODB.md. */
    public static final int DEFAULT_MAX_TRANSACTIONS = 32;

    public ChainParams {
        if (difficulty < 0 || difficulty > 64) {
            throw new IllegalArgumentException("difficulty must be between 0 and 64");
        }
        if (retarget == null) {
            throw new IllegalArgumentException("chain parameters need retarget parameters (fixed or retargeting)");
        }
        if (!Transaction.isValidAddress(genesisAddress)) {
            throw new IllegalArgumentException("genesis address is not a valid address: " + genesisAddress);
        }
        if (maxTransactionsPerBlock < 1) {
            throw new IllegalArgumentException("a block holds at least its coinbase");
        }
        if (reward.units() > (Long.MAX_VALUE - genesisSupply.units()) / MAX_HEIGHT) {
            throw new IllegalArgumentException("genesis supply " + genesisSupply + " plus a reward of " + reward
                    + " for each of " + MAX_HEIGHT + " blocks does not fit in a balance (at most "
                    + Long.MAX_VALUE + " units): lower the supply or the reward");
        }
    }

    /** A version 1 network at the fixed {@code difficulty}. */
    public ChainParams(int difficulty, Amount reward, String genesisAddress, Amount genesisSupply, long genesisTimestamp,
                       int maxTransactionsPerBlock, long maxFutureDriftMillis) {
        this(difficulty, reward, genesisAddress, genesisSupply, genesisTimestamp, maxTransactionsPerBlock,
                maxFutureDriftMillis, RetargetParams.fixed(Target.fromLeadingZeroHexDigits(difficulty)));
    }

    /**
     * These parameters retargeting every {@code interval} blocks toward {@code targetBlockMillis},
     * by at most {@code clampFactor} per period, from the compact form of the difficulty.
     */
    public ChainParams retargeting(int interval, long targetBlockMillis, int clampFactor) {
        return new ChainParams(difficulty, reward, genesisAddress, genesisSupply, genesisTimestamp,
                maxTransactionsPerBlock, maxFutureDriftMillis, RetargetParams.every(interval, targetBlockMillis,
                clampFactor, Target.fromLeadingZeroHexDigits(difficulty).roundedToCompact()));
    }

    /** True for a network of version 2 headers whose target moves. */
    public boolean retargets() {
        return retarget.retargets();
    }

    public static ChainParams defaults() {
        return new ChainParams(4, Amount.of(10), "genesis", Amount.of(1_000_000),
                DEFAULT_GENESIS_TIMESTAMP, DEFAULT_MAX_TRANSACTIONS, 2 * 60 * 60 * 1000L);
    }

    /** Block 0: the whole supply to the genesis address. Fixed by these parameters; no proof of work. */
    public Block genesis() {
        Transaction supply = Transaction.coinbase(genesisAddress, genesisSupply, 0, genesisTimestamp);
        return retargets() ? Block.assemble(0, genesisTimestamp, Hash.ZERO, retarget.start(), java.util.List.of(supply))
                : Block.assemble(0, genesisTimestamp, Hash.ZERO, difficulty, java.util.List.of(supply));
    }
}
