package dev.lambdachain.node;

import dev.lambdachain.core.Amount;
import dev.lambdachain.core.ChainParams;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.SignatureMode;
import dev.lambdachain.core.Transaction;

import java.time.Duration;
import java.util.Map;

/**
 * Every setting of a node, read once per process from environment variables (in Lambda, the
 * template's Environment; locally, the runner's flags mapped onto the same names).
 */
public record NodeConfig(
        String tableName,
        ChainParams chain,
        String minerAddress,
        boolean allowLoopbackPeers,
        boolean allowPrivatePeers,
        Duration leaseDuration,
        int maxBodyBytes,
        int miningThreads,
        Duration peerTimeout,
        boolean initializesChain,
        int mempoolShards) {

    public NodeConfig {
        if (mempoolShards < 1) {
            throw new IllegalArgumentException(MEMPOOL_SHARDS + " must be at least 1, got " + mempoolShards);
        }
    }

    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String DIFFICULTY = "DIFFICULTY";
    public static final String BLOCK_REWARD = "BLOCK_REWARD";
    public static final String GENESIS_ADDRESS = "GENESIS_ADDRESS";
    public static final String GENESIS_SUPPLY = "GENESIS_SUPPLY";
    public static final String GENESIS_TIMESTAMP = "GENESIS_TIMESTAMP";
    public static final String MAX_TRANSACTIONS_PER_BLOCK = "MAX_TRANSACTIONS_PER_BLOCK";
    public static final String MINER_ADDRESS = "MINER_ADDRESS";
    /** {@code required} (the default, as in template.yaml) or {@code dev}: see {@link SignatureMode}. */
    public static final String SIGNATURE_MODE = "SIGNATURE_MODE";
    public static final String ALLOW_LOOPBACK_PEERS = "ALLOW_LOOPBACK_PEERS";
    public static final String ALLOW_PRIVATE_PEERS = "ALLOW_PRIVATE_PEERS";
    public static final String LEASE_SECONDS = "LEASE_SECONDS";
    public static final String MAX_BODY_BYTES = "MAX_BODY_BYTES";
    public static final String MINING_THREADS = "MINING_THREADS";
    public static final String PEER_TIMEOUT_MILLIS = "PEER_TIMEOUT_MILLIS";
    /** Whether this process may write the genesis block: false for read-only functions (no write permission). */
    public static final String INITIALIZES_CHAIN = "INITIALIZES_CHAIN";
    /** How many index partitions the mempool is spread over; the same for every function on one table. */
    public static final String MEMPOOL_SHARDS = "MEMPOOL_SHARDS";
    public static final int DEFAULT_MEMPOOL_SHARDS = 4;
    /** Blocks per retarget period; 0 (the default) keeps version 1 headers at the fixed difficulty. */
    public static final String RETARGET_INTERVAL = "RETARGET_INTERVAL";
    /** The block time retargeting aims at, in milliseconds. */
    public static final String TARGET_BLOCK_MILLIS = "TARGET_BLOCK_MILLIS";
    /** The most a retarget moves the target either way, as a factor. */
    public static final String RETARGET_CLAMP = "RETARGET_CLAMP";

    public static NodeConfig fromEnvironment() {
        return from(System.getenv());
    }

    /**
     * Reads settings by name; anything absent takes its default.
     *
     * @throws IllegalArgumentException naming the setting, for a value that cannot work: not a
     *         number, an invalid address, a supply and reward that could overflow a balance, a
     *         named genesis or miner address on a chain that requires signatures
     */
    public static NodeConfig from(Map<String, String> settings) {
        ChainParams defaults = ChainParams.defaults();
        SignatureMode mode;
        try {
            mode = SignatureMode.parse(settings.getOrDefault(SIGNATURE_MODE, SignatureMode.REQUIRED.label()));
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException(SIGNATURE_MODE + ": " + e.getMessage());
        }
        ChainParams chain = new ChainParams(
                integer(settings, DIFFICULTY, defaults.difficulty()),
                Amount.of(number(settings, BLOCK_REWARD, defaults.reward().units())),
                settings.getOrDefault(GENESIS_ADDRESS, defaults.genesisAddress()),
                Amount.of(number(settings, GENESIS_SUPPLY, defaults.genesisSupply().units())),
                number(settings, GENESIS_TIMESTAMP, defaults.genesisTimestamp()),
                integer(settings, MAX_TRANSACTIONS_PER_BLOCK, defaults.maxTransactionsPerBlock()),
                defaults.maxFutureDriftMillis(),
                mode);
        int interval = integer(settings, RETARGET_INTERVAL, 0);
        if (interval != 0) {
            chain = chain.retargeting(interval, number(settings, TARGET_BLOCK_MILLIS, 10_000),
                    integer(settings, RETARGET_CLAMP, 4));
        }
        String miner = settings.getOrDefault(MINER_ADDRESS, "miner");
        if (!Transaction.isValidAddress(miner)) {
            throw new IllegalArgumentException(MINER_ADDRESS + " is not a valid address: " + miner);
        }
        try {
            ChainParams.checkPayee(miner, MINER_ADDRESS, mode);
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        return new NodeConfig(
                settings.getOrDefault(TABLE_NAME, "lambdachain"),
                chain,
                miner,
                Boolean.parseBoolean(settings.getOrDefault(ALLOW_LOOPBACK_PEERS, "false")),
                Boolean.parseBoolean(settings.getOrDefault(ALLOW_PRIVATE_PEERS, "false")),
                Duration.ofSeconds(number(settings, LEASE_SECONDS, 30)),
                integer(settings, MAX_BODY_BYTES, 64 * 1024),
                integer(settings, MINING_THREADS, Runtime.getRuntime().availableProcessors()),
                Duration.ofMillis(number(settings, PEER_TIMEOUT_MILLIS, 3000)),
                Boolean.parseBoolean(settings.getOrDefault(INITIALIZES_CHAIN, "true")),
                integer(settings, MEMPOOL_SHARDS, DEFAULT_MEMPOOL_SHARDS));
    }

    private static long number(Map<String, String> settings, String name, long fallback) {
        String value = settings.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static int integer(Map<String, String> settings, String name, int fallback) {
        long value = number(settings, name, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " is out of range: " + value);
        }
        return (int) value;
    }
}
