package dev.lambdachain.node;

import dev.lambdachain.core.ChainParams;

import java.util.HashMap;
import java.util.Map;

/**
 * Every setting of a node, defined once: its environment variable (the enum name, which Lambda
 * functions read from template.yaml's Environment), the local runner's flag, the default, the
 * unit, whether it is a consensus rule (then it is part of the network's identity,
 * docs/PROTOCOL.md "Network identity") and what it means. {@link NodeConfig} reads through it,
 * the runner builds its flags from it, and tests hold template.yaml and the README's
 * configuration table to it.
 *
 * <p>A setting's {@link #defaultValue()} applies wherever it is not set, in AWS as locally; a
 * {@link #localDefault()} that differs is what the local runner uses instead (named accounts and
 * loopback peers for demos on one machine).
 */
public enum Setting {
    TABLE_NAME("--table", "lambdachain", null, "name", false, "the DynamoDB table"),
    DIFFICULTY("--difficulty", "4", null, "hex digits", true,
            "leading zero hex digits of a block hash (a retargeting chain starts there)"),
    BLOCK_REWARD("--reward", "10", null, "coins", true, "coinbase per block, smallest unit"),
    GENESIS_ADDRESS("--genesis-address", "genesis", null, "address", true,
            "holder of the genesis supply; a key address when signatures are required"),
    GENESIS_SUPPLY("--genesis-supply", "1000000", null, "coins", true,
            "coins in block 0; with 2^32 rewards it must fit in a balance, or the node refuses to start"),
    GENESIS_TIMESTAMP("--genesis-timestamp", Long.toString(ChainParams.DEFAULT_GENESIS_TIMESTAMP), null, "ms", true,
            "the genesis block's time, ms since the Unix epoch"),
    SIGNATURE_MODE("--signature-mode", "required", "dev", "dev or required", true,
            "required: every transfer signed by its sender's key; dev: also unsigned named accounts (alice, bob)"),
    MAX_TRANSACTIONS_PER_BLOCK("--max-transactions-per-block", Integer.toString(ChainParams.DEFAULT_MAX_TRANSACTIONS),
            null, "transactions", true,
            "the most transactions in a block, coinbase included (docs/PROTOCOL.md \"Block limit\")"),
    MAX_FUTURE_DRIFT_MILLIS("--max-future-drift-millis", "7200000", null, "ms", true,
            "how far ahead of the clock a block's or a transaction's time may be"),
    RETARGET_INTERVAL("--retarget-interval", "0", null, "blocks", true,
            "blocks per difficulty-adjustment period; 0 keeps the fixed difficulty (version 1 headers),"
                    + " otherwise version 2 headers with a compact target (docs/CONSENSUS.md)"),
    TARGET_BLOCK_MILLIS("--target-block-millis", "10000", null, "ms", true,
            "the block time retargeting aims at (a rule only when retargeting)"),
    RETARGET_CLAMP("--retarget-clamp", "4", null, "factor", true,
            "the most one retarget moves the target, either way (a rule only when retargeting)"),
    MINER_ADDRESS("--miner", "miner", null, "address", false,
            "paid by /mine without ?miner=; a key address when signatures are required"),
    LEASE_SECONDS("--lease-seconds", "30", null, "s", false,
            "the mining lease: a dead miner blocks mining this long at most"),
    MAX_BODY_BYTES("--max-body-bytes", "65536", null, "bytes", false, "larger request bodies get 413"),
    MEMPOOL_SHARDS("--mempool-shards", "4", null, "partitions", false,
            "index partitions the mempool is spread over; the same for every process on one table"),
    MINING_THREADS("--mining-threads", null, null, "threads", false,
            "proof-of-work threads (default: all cores)"),
    PEER_TIMEOUT_MILLIS("--peer-timeout-millis", "3000", null, "ms", false, "connect and answer timeout per peer call"),
    ALLOW_LOOPBACK_PEERS("--allow-loopback-peers", "false", "true", "true or false", false,
            "allow peers on 127.0.0.0/8 and ::1"),
    ALLOW_PRIVATE_PEERS("--allow-private-peers", "false", null, "true or false", false,
            "allow private, link-local and unique-local peers"),
    INITIALIZES_CHAIN("--initializes-chain", "true", null, "true or false", false,
            "whether this process may write the genesis block (template.yaml: only the writing functions)"),
    LOG_LEVEL("--log-level", "INFO", null, "level", false,
            "log lines below it are not written: DEBUG, INFO, WARN or ERROR (another value means INFO; metrics always are)"),
    // peers that find each other (issue 20)
    PEER_SHARING("--peer-sharing", "true", null, "true or false", false,
            "after each resolve, register the peers its peers list (GET /nodes), through the address guard, up to 64"),
    PEER_DROP_AFTER_FAILURES("--peer-drop-after-failures", "5", null, "resolves", false,
            "a peer unreachable or silent this many resolves in a row is removed; 0 keeps every peer"),
    // relay (docs/RELAY.md)
    RELAY("--relay", "true", null, "true or false", false,
            "offer accepted transactions and new heads to up to 8 peers (docs/RELAY.md)"),
    PUBLIC_URL("--public-url", null, null, "url", false,
            "this node's address as its peers call it, named in its head announcements (the runner: its own port)");

    private final String flag;
    private final String defaultValue;
    private final String localDefault;
    private final String unit;
    private final boolean consensus;
    private final String help;

    Setting(String flag, String defaultValue, String localDefault, String unit, boolean consensus, String help) {
        this.flag = flag;
        this.defaultValue = defaultValue;
        this.localDefault = localDefault == null ? defaultValue : localDefault;
        this.unit = unit;
        this.consensus = consensus;
        this.help = help;
    }

    /** The environment variable, as the Lambda functions read it: the enum name, e.g. {@code RETARGET_INTERVAL}. */
    public String variable() {
        return name();
    }

    /** The local runner's flag, e.g. {@code --retarget-interval}. */
    public String flag() {
        return flag;
    }

    /** The value where the setting is not given, as text; null when it is computed ({@link #MINING_THREADS}: the cores). */
    public String defaultValue() {
        return defaultValue;
    }

    /** The local runner's default: {@link #defaultValue()} unless the runner needs another. */
    public String localDefault() {
        return localDefault;
    }

    /** What the number or text counts, e.g. {@code ms}, {@code blocks}, {@code dev or required}. */
    public String unit() {
        return unit;
    }

    /** True for a rule of the chain: nodes that differ in it are different networks. */
    public boolean consensus() {
        return consensus;
    }

    /** One line saying what the setting does. */
    public String help() {
        return help;
    }

    /** The value of this setting in {@code settings} (by variable name), or null when absent or blank. */
    public String in(Map<String, String> settings) {
        String value = settings.get(variable());
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The settings where the local runner's default differs from {@link #defaultValue()}, by variable name. */
    public static Map<String, String> localDefaults() {
        Map<String, String> defaults = new HashMap<>();
        for (Setting setting : values()) {
            if (setting.localDefault != null && !setting.localDefault.equals(setting.defaultValue)) {
                defaults.put(setting.variable(), setting.localDefault);
            }
        }
        return defaults;
    }
}
