package dev.lambdachain.node;

import dev.lambdachain.core.Amount;
import dev.lambdachain.core.ChainParams;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.SignatureMode;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.log.Log;

import java.time.Duration;
import java.util.Map;

/**
 * Every setting of a node ({@link Setting}), read once per process from environment variables (in
 * Lambda, the template's Environment; locally, the runner's flags and environment mapped onto the
 * same names).
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
        int mempoolShards,
        Log.Level logLevel,
        Duration targetBlockTime,
        boolean peerSharing,
        int peerDropAfterFailures,
        boolean relay,
        String publicUrl) {

    public NodeConfig {
        if (mempoolShards < 1) {
            throw new IllegalArgumentException(MEMPOOL_SHARDS + " must be at least 1, got " + mempoolShards);
        }
        if (peerDropAfterFailures < 0) {
            throw new IllegalArgumentException(PEER_DROP_AFTER_FAILURES + " must be 0 or more, got " + peerDropAfterFailures);
        }
    }

    // The variable names of Setting, for callers that build a settings map.
    public static final String TABLE_NAME = Setting.TABLE_NAME.variable();
    public static final String DIFFICULTY = Setting.DIFFICULTY.variable();
    public static final String BLOCK_REWARD = Setting.BLOCK_REWARD.variable();
    public static final String GENESIS_ADDRESS = Setting.GENESIS_ADDRESS.variable();
    public static final String GENESIS_SUPPLY = Setting.GENESIS_SUPPLY.variable();
    public static final String GENESIS_TIMESTAMP = Setting.GENESIS_TIMESTAMP.variable();
    public static final String MAX_TRANSACTIONS_PER_BLOCK = Setting.MAX_TRANSACTIONS_PER_BLOCK.variable();
    public static final String MINER_ADDRESS = Setting.MINER_ADDRESS.variable();
    public static final String SIGNATURE_MODE = Setting.SIGNATURE_MODE.variable();
    public static final String ALLOW_LOOPBACK_PEERS = Setting.ALLOW_LOOPBACK_PEERS.variable();
    public static final String ALLOW_PRIVATE_PEERS = Setting.ALLOW_PRIVATE_PEERS.variable();
    public static final String LEASE_SECONDS = Setting.LEASE_SECONDS.variable();
    public static final String MAX_BODY_BYTES = Setting.MAX_BODY_BYTES.variable();
    public static final String MINING_THREADS = Setting.MINING_THREADS.variable();
    public static final String PEER_TIMEOUT_MILLIS = Setting.PEER_TIMEOUT_MILLIS.variable();
    public static final String INITIALIZES_CHAIN = Setting.INITIALIZES_CHAIN.variable();
    public static final String MEMPOOL_SHARDS = Setting.MEMPOOL_SHARDS.variable();
    public static final String RETARGET_INTERVAL = Setting.RETARGET_INTERVAL.variable();
    public static final String TARGET_BLOCK_MILLIS = Setting.TARGET_BLOCK_MILLIS.variable();
    public static final String RETARGET_CLAMP = Setting.RETARGET_CLAMP.variable();
    public static final String LOG_LEVEL = Setting.LOG_LEVEL.variable();
    public static final String PEER_SHARING = Setting.PEER_SHARING.variable();
    public static final String PEER_DROP_AFTER_FAILURES = Setting.PEER_DROP_AFTER_FAILURES.variable();
    public static final String RELAY = Setting.RELAY.variable();

    public static NodeConfig fromEnvironment() {
        return from(System.getenv());
    }

    /**
     * Reads every {@link Setting} by its variable name; anything absent or blank takes the
     * setting's {@link Setting#defaultValue()}.
     *
     * @throws IllegalArgumentException naming the setting, for a value that cannot work: not a
     *         number, not true or false, an invalid address, a supply and reward that could
     *         overflow a balance, a named genesis or miner address on a chain that requires signatures
     */
    public static NodeConfig from(Map<String, String> settings) {
        SignatureMode mode;
        try {
            mode = SignatureMode.parse(text(settings, Setting.SIGNATURE_MODE));
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException(SIGNATURE_MODE + ": " + e.getMessage());
        }
        ChainParams chain = new ChainParams(
                integer(settings, Setting.DIFFICULTY),
                amount(settings, Setting.BLOCK_REWARD),
                text(settings, Setting.GENESIS_ADDRESS),
                amount(settings, Setting.GENESIS_SUPPLY),
                number(settings, Setting.GENESIS_TIMESTAMP),
                integer(settings, Setting.MAX_TRANSACTIONS_PER_BLOCK),
                number(settings, Setting.MAX_FUTURE_DRIFT_MILLIS),
                mode);
        int interval = integer(settings, Setting.RETARGET_INTERVAL);
        if (interval != 0) {
            chain = chain.retargeting(interval, number(settings, Setting.TARGET_BLOCK_MILLIS),
                    integer(settings, Setting.RETARGET_CLAMP));
        }
        String miner = text(settings, Setting.MINER_ADDRESS);
        if (!Transaction.isValidAddress(miner)) {
            throw new IllegalArgumentException(MINER_ADDRESS + " is not a valid address: " + miner);
        }
        try {
            ChainParams.checkPayee(miner, MINER_ADDRESS, mode);
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        return new NodeConfig(
                text(settings, Setting.TABLE_NAME),
                chain,
                miner,
                bool(settings, Setting.ALLOW_LOOPBACK_PEERS),
                bool(settings, Setting.ALLOW_PRIVATE_PEERS),
                Duration.ofSeconds(number(settings, Setting.LEASE_SECONDS)),
                integer(settings, Setting.MAX_BODY_BYTES),
                Setting.MINING_THREADS.in(settings) == null ? Runtime.getRuntime().availableProcessors()
                        : integer(settings, Setting.MINING_THREADS),
                Duration.ofMillis(number(settings, Setting.PEER_TIMEOUT_MILLIS)),
                bool(settings, Setting.INITIALIZES_CHAIN),
                integer(settings, Setting.MEMPOOL_SHARDS),
                Log.Level.named(text(settings, Setting.LOG_LEVEL)),
                Duration.ofMillis(number(settings, Setting.TARGET_BLOCK_MILLIS)),
                bool(settings, Setting.PEER_SHARING),
                integer(settings, Setting.PEER_DROP_AFTER_FAILURES),
                bool(settings, Setting.RELAY),
                Setting.PUBLIC_URL.in(settings));
    }

    private static String text(Map<String, String> settings, Setting setting) {
        String value = setting.in(settings);
        return value != null ? value : setting.defaultValue();
    }

    private static long number(Map<String, String> settings, Setting setting) {
        String value = text(settings, setting);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.variable() + " must be a whole number, got '" + value + "'");
        }
    }

    private static Amount amount(Map<String, String> settings, Setting setting) {
        long units = number(settings, setting);
        if (units < 0) {
            throw new IllegalArgumentException(setting.variable() + " cannot be negative, got " + units);
        }
        return Amount.of(units);
    }

    private static int integer(Map<String, String> settings, Setting setting) {
        long value = number(settings, setting);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(setting.variable() + " is out of range: " + value);
        }
        return (int) value;
    }

    private static boolean bool(Map<String, String> settings, Setting setting) {
        String value = text(settings, setting);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(setting.variable() + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
