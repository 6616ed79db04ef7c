package dev.lambdachain.core;

/**
 * The consensus parameters every node of one network shares. They are the network's rules
 * ({@link #rules()}), whose id the genesis block commits to: nodes with equal parameters build the
 * same genesis block and so recognise each other's chains, nodes with any other parameter do not.
 * A network whose {@code retarget} retargets uses version 2 headers from genesis on
 * (docs/CONSENSUS.md), starting at the compact form of {@code difficulty}; otherwise version 1 at
 * the fixed {@code difficulty}. Either way the retarget start and limit targets follow from the
 * difficulty, so the difficulty rule covers them.
 */
public record ChainParams(
        int difficulty,
        Amount reward,
        String genesisAddress,
        Amount genesisSupply,
        long genesisTimestamp,
        int maxTransactionsPerBlock,
        long maxFutureDriftMillis,
        SignatureMode signatureMode,
        RetargetParams retarget) {

    public static final long DEFAULT_GENESIS_TIMESTAMP = 1_700_000_000_000L;
    /**
     * The highest block a chain may reach: 2^32, 136 years at a block a second. With it every
     * coin that can ever exist, {@code genesisSupply + reward * MAX_HEIGHT}, must fit in a signed
     * 64-bit balance, so no balance and no sum of balances can overflow.
     */
    public static final long MAX_HEIGHT = 1L << 32;
    /**
     * The default block limit, coinbase included: 0.8 MB of signed transactions in canonical
     * bytes, about 2 MB as JSON, Bitcoin's order of size (docs/PROTOCOL.md "Block limit").
     */
    public static final int DEFAULT_MAX_TRANSACTIONS = 4_096;

    public ChainParams {
        if (difficulty < 0 || difficulty > 64) {
            throw new IllegalArgumentException("difficulty must be between 0 and 64");
        }
        if (!Transaction.isValidAddress(genesisAddress)) {
            throw new IllegalArgumentException("genesis address is not a valid address: " + genesisAddress);
        }
        if (retarget == null) {
            throw new IllegalArgumentException("chain parameters need retarget parameters (fixed or retargeting)");
        }
        if (!retarget.start().equals(startTarget(difficulty, retarget.retargets()))
                || !retarget.limit().equals(retarget.start())) {
            throw new IllegalArgumentException("the retarget start and limit targets must be those of difficulty "
                    + difficulty + ", got " + retarget.start() + " and " + retarget.limit());
        }
        if (signatureMode == null) {
            throw new IllegalArgumentException("a chain needs a signature mode");
        }
        if (genesisTimestamp < 0 || maxFutureDriftMillis < 0) {
            throw new IllegalArgumentException("the genesis timestamp and the max future drift must not be negative, got "
                    + genesisTimestamp + " and " + maxFutureDriftMillis);
        }
        if (maxTransactionsPerBlock < 1) {
            throw new IllegalArgumentException("a block holds at least its coinbase");
        }
        if (reward.units() > (Long.MAX_VALUE - genesisSupply.units()) / MAX_HEIGHT) {
            throw new IllegalArgumentException("genesis supply " + genesisSupply + " plus a reward of " + reward
                    + " for each of " + MAX_HEIGHT + " blocks does not fit in a balance (at most "
                    + Long.MAX_VALUE + " units): lower the supply or the reward");
        }
        try {
            checkPayee(genesisAddress, "genesis address", signatureMode);
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** A version 1 network at the fixed {@code difficulty}. */
    public ChainParams(int difficulty, Amount reward, String genesisAddress, Amount genesisSupply, long genesisTimestamp,
                       int maxTransactionsPerBlock, long maxFutureDriftMillis, SignatureMode signatureMode) {
        this(difficulty, reward, genesisAddress, genesisSupply, genesisTimestamp, maxTransactionsPerBlock,
                maxFutureDriftMillis, signatureMode, RetargetParams.fixed(startTarget(difficulty, false)));
    }

    /** The target of genesis at {@code difficulty}: exact at a fixed target, rounded to compact form when it retargets. */
    private static Target startTarget(int difficulty, boolean retargets) {
        Target exact = Target.fromLeadingZeroHexDigits(difficulty);
        return retargets ? exact.roundedToCompact() : exact;
    }

    /**
     * These parameters retargeting every {@code interval} blocks toward {@code targetBlockMillis},
     * by at most {@code clampFactor} per period, from the compact form of the difficulty.
     */
    public ChainParams retargeting(int interval, long targetBlockMillis, int clampFactor) {
        return new ChainParams(difficulty, reward, genesisAddress, genesisSupply, genesisTimestamp,
                maxTransactionsPerBlock, maxFutureDriftMillis, signatureMode, RetargetParams.every(interval,
                targetBlockMillis, clampFactor, startTarget(difficulty, true)));
    }

    /** True for a network of version 2 headers whose target moves. */
    public boolean retargets() {
        return retarget.retargets();
    }

    public static ChainParams defaults() {
        return new ChainParams(4, Amount.of(10), "genesis", Amount.of(1_000_000),
                DEFAULT_GENESIS_TIMESTAMP, DEFAULT_MAX_TRANSACTIONS, 2 * 60 * 60 * 1000L, SignatureMode.DEV);
    }

    /** These parameters with another signature mode (and so another genesis). */
    public ChainParams withSignatureMode(SignatureMode mode) {
        return new ChainParams(difficulty, reward, genesisAddress, genesisSupply, genesisTimestamp,
                maxTransactionsPerBlock, maxFutureDriftMillis, mode, retarget);
    }

    /**
     * Refuses an address that coins cannot leave on this chain: on a required-mode chain only a
     * key can spend, so a named account there would hold its coins forever.
     *
     * @throws InvalidValueException naming {@code what}
     */
    public static void checkPayee(String address, String what, SignatureMode mode) {
        boolean key = Address.parseAccount(address, what).isPresent();
        if (!key && mode == SignatureMode.REQUIRED) {
            throw new InvalidValueException(what + " '" + address + "' is a named account, but this chain "
                    + "requires signatures (signature mode required), so no one could ever spend its coins: "
                    + "give a key address (`java -jar target/lambdachain.jar wallet new` makes one)");
        }
    }

    /** The rules of the network these parameters define, and its id (docs/PROTOCOL.md "Network identity"). */
    public NetworkRules rules() {
        return NetworkRules.of(this);
    }

    /**
     * Block 0: the whole supply to the genesis address, the network id ({@link #rules()}) as its
     * previous hash, the signature mode as its nonce. Fixed by these parameters; no proof of work.
     */
    public Block genesis() {
        Transaction supply = Transaction.coinbase(genesisAddress, genesisSupply, 0, genesisTimestamp);
        Hash network = rules().id();
        Block genesis = retargets()
                ? Block.assemble(0, genesisTimestamp, network, retarget.start(), java.util.List.of(supply))
                : Block.assemble(0, genesisTimestamp, network, difficulty, java.util.List.of(supply));
        return genesis.withNonce(signatureMode.genesisNonce());
    }
}
