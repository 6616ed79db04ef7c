package dev.lambdachain.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.lambdachain.core.ChainParams;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.node.Setting;
import dev.lambdachain.support.TestKey;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table of settings ({@link Setting}) is the one definition: every setting is honoured by the
 * Lambda environment ({@link NodeConfig#from}), by `serve` and `invoke` as a flag and as an
 * environment variable (the flag wins), and template.yaml and the README's configuration table
 * say what the table says.
 */
class SettingsTableTest {
    private static final String KEY_1 = TestKey.numbered(1).address();
    private static final String KEY_2 = TestKey.numbered(2).address();
    /**
     * How each setting shows in a node's configuration, and two values for it that every reader
     * must tell apart (with two, one differs from any default).
     */
    private record Case(Function<NodeConfig, Object> read, String first, String second) {
        List<String> values() {
            return List.of(first, second);
        }
    }

    private static final Map<Setting, Case> CASES = new EnumMap<>(Map.ofEntries(
            Map.entry(Setting.TABLE_NAME, new Case(NodeConfig::tableName, "one", "two")),
            Map.entry(Setting.DIFFICULTY, new Case(config -> config.chain().difficulty(), "2", "3")),
            Map.entry(Setting.BLOCK_REWARD, new Case(config -> config.chain().reward().units(), "7", "8")),
            Map.entry(Setting.GENESIS_ADDRESS, new Case(config -> config.chain().genesisAddress(), KEY_1, KEY_2)),
            Map.entry(Setting.GENESIS_SUPPLY, new Case(config -> config.chain().genesisSupply().units(), "100", "200")),
            Map.entry(Setting.GENESIS_TIMESTAMP, new Case(config -> config.chain().genesisTimestamp(),
                    "1600000000000", "1600000000001")),
            Map.entry(Setting.SIGNATURE_MODE, new Case(config -> config.chain().signatureMode().label(),
                    "dev", "required")),
            Map.entry(Setting.MAX_TRANSACTIONS_PER_BLOCK, new Case(config -> config.chain().maxTransactionsPerBlock(),
                    "5", "6")),
            Map.entry(Setting.MAX_FUTURE_DRIFT_MILLIS, new Case(config -> config.chain().maxFutureDriftMillis(),
                    "60000", "120000")),
            Map.entry(Setting.RETARGET_INTERVAL, new Case(config -> config.chain().retarget().interval(), "7", "9")),
            Map.entry(Setting.TARGET_BLOCK_MILLIS, new Case(config -> config.chain().retarget().targetBlockMillis(),
                    "1000", "2000")),
            Map.entry(Setting.RETARGET_CLAMP, new Case(config -> config.chain().retarget().clampFactor(), "2", "3")),
            Map.entry(Setting.MINER_ADDRESS, new Case(NodeConfig::minerAddress, KEY_1, KEY_2)),
            Map.entry(Setting.LEASE_SECONDS, new Case(config -> config.leaseDuration().toSeconds(), "5", "6")),
            Map.entry(Setting.MAX_BODY_BYTES, new Case(NodeConfig::maxBodyBytes, "1000", "2000")),
            Map.entry(Setting.MEMPOOL_SHARDS, new Case(NodeConfig::mempoolShards, "2", "3")),
            Map.entry(Setting.MINING_THREADS, new Case(NodeConfig::miningThreads, "1", "3")),
            Map.entry(Setting.PEER_TIMEOUT_MILLIS, new Case(config -> config.peerTimeout().toMillis(), "100", "200")),
            Map.entry(Setting.ALLOW_LOOPBACK_PEERS, new Case(NodeConfig::allowLoopbackPeers, "true", "false")),
            Map.entry(Setting.ALLOW_PRIVATE_PEERS, new Case(NodeConfig::allowPrivatePeers, "true", "false")),
            Map.entry(Setting.INITIALIZES_CHAIN, new Case(NodeConfig::initializesChain, "true", "false")),
            Map.entry(Setting.LOG_LEVEL, new Case(NodeConfig::logLevel, "DEBUG", "WARN")),
            Map.entry(Setting.PEER_SHARING, new Case(NodeConfig::peerSharing, "true", "false")),
            Map.entry(Setting.PEER_DROP_AFTER_FAILURES, new Case(NodeConfig::peerDropAfterFailures, "0", "3")),
            // relay (docs/RELAY.md)
            Map.entry(Setting.RELAY, new Case(NodeConfig::relay, "false", "true")),
            Map.entry(Setting.PUBLIC_URL, new Case(NodeConfig::publicUrl, "https://a.example", "https://b.example"))));
    /**
     * What every case runs on: key addresses (so that required mode works) and a retargeting chain
     * (so that its block time and clamp are read at all).
     */
    private static final Map<String, String> BASE = Map.of(NodeConfig.GENESIS_ADDRESS, KEY_1,
            NodeConfig.MINER_ADDRESS, KEY_2, NodeConfig.RETARGET_INTERVAL, "5");
    /** Variables of template.yaml's Environment that the process, not the node's configuration, reads. */
    private static final Set<String> PROCESS_VARIABLES = Set.of(
            "DYNAMODB_ENDPOINT", // Node.dynamoFromEnvironment; locally `--dynamodb URL`
            "JAVA_TOOL_OPTIONS"); // the JVM

    @Test
    void everySettingIsHonouredByTheLambdaEnvironmentAndByServeAndInvokeAsFlagAndVariable() throws Exception {
        assertEquals(Set.of(Setting.values()), CASES.keySet(), "a new setting needs its case here");
        List<String> problems = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            for (String value : CASES.get(setting).values()) {
                String expected = value;
                Map<String, String> environment = new HashMap<>(BASE);
                environment.put(setting.variable(), value);
                check(problems, setting, "Lambda environment", expected, NodeConfig.from(environment));
                check(problems, setting, "serve " + setting.flag(), expected,
                        Options.parse(Options.SERVE, "--port", "1", setting.flag(), value)
                                .nodeConfig(settings(environment, setting, null)));
                check(problems, setting, "invoke with " + setting.variable(), expected,
                        Options.parse(Options.INVOKE, "InfoFunction", "events/info.json").nodeConfig(environment));
                String other = CASES.get(setting).values().get(CASES.get(setting).values().indexOf(value) == 0 ? 1 : 0);
                check(problems, setting, "serve " + setting.flag() + " over " + setting.variable(), expected,
                        Options.parse(Options.SERVE, "--port", "1", setting.flag(), value)
                                .nodeConfig(settings(environment, setting, other)));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aValueThatCannotWorkIsAUsageErrorNamingWhy() throws Exception {
        for (Setting setting : List.of(Setting.BLOCK_REWARD, Setting.GENESIS_SUPPLY, Setting.GENESIS_TIMESTAMP,
                Setting.MAX_FUTURE_DRIFT_MILLIS, Setting.DIFFICULTY, Setting.MAX_TRANSACTIONS_PER_BLOCK)) {
            Options options = Options.parse(Options.SERVE, "--port", "1", setting.flag(), "-1");
            Options.UsageException e = assertThrows(Options.UsageException.class, () -> options.nodeConfig(Map.of()));
            assertTrue(e.getMessage().contains("negative") || e.getMessage().contains("between")
                    || e.getMessage().contains("at least its coinbase"), setting + ": " + e.getMessage());
        }
        Options options = Options.parse(Options.SERVE, "--port", "1", "--allow-private-peers", "yes");
        assertEquals("ALLOW_PRIVATE_PEERS must be true or false, got 'yes'",
                assertThrows(Options.UsageException.class, () -> options.nodeConfig(Map.of())).getMessage());
    }

    /** {@code environment} with {@code setting} set to {@code value}, or without it for null. */
    private static Map<String, String> settings(Map<String, String> environment, Setting setting, String value) {
        Map<String, String> copy = new HashMap<>(environment);
        copy.remove(setting.variable());
        if (value != null) {
            copy.put(setting.variable(), value);
        }
        return copy;
    }

    private static void check(List<String> problems, Setting setting, String how, String expected, NodeConfig config) {
        String actual = String.valueOf(CASES.get(setting).read().apply(config));
        if (!expected.equals(actual)) {
            problems.add(how + ": expected " + expected + ", got " + actual);
        }
    }

    @Test
    void theLocalDefaultsAreTheDefaultChainOfTheProtocolVectorsAndDifferOnlyWhereTheTableSays() throws Exception {
        NodeConfig local = Options.parse(Options.INVOKE, "InfoFunction", "events/info.json").nodeConfig(Map.of());
        assertEquals(ChainParams.defaults(), local.chain());
        assertEquals(Map.of(NodeConfig.SIGNATURE_MODE, "dev", NodeConfig.ALLOW_LOOPBACK_PEERS, "true"),
                Setting.localDefaults());
        NodeConfig deployed = NodeConfig.from(Map.of(NodeConfig.GENESIS_ADDRESS, KEY_1, NodeConfig.MINER_ADDRESS, KEY_2));
        assertEquals("required", deployed.chain().signatureMode().label());
        assertEquals(false, deployed.allowLoopbackPeers());
    }

    @Test
    void theTemplateSetsEveryRuleAndOnlyTheTablesSettingsWithTheTablesDefaults() throws Exception {
        JsonNode root = new YAMLMapper().readTree(Files.readString(TemplateTest.PROJECT.resolve(SamTemplate.FILE_NAME)));
        JsonNode environment = root.at("/Globals/Function/Environment/Variables");
        JsonNode parameters = root.path("Parameters");
        List<String> problems = new ArrayList<>();
        Set<String> set = new TreeSet<>();
        environment.properties().forEach(entry -> {
            String name = entry.getKey();
            String value = entry.getValue().asText();
            if (PROCESS_VARIABLES.contains(name)) {
                return;
            }
            set.add(name);
            Setting setting;
            try {
                setting = Setting.valueOf(name);
            } catch (IllegalArgumentException e) {
                problems.add(name + " is in template.yaml but not in the table of settings");
                return;
            }
            if (setting == Setting.TABLE_NAME) {
                if (!root.path("Resources").has(value)) {
                    problems.add("TABLE_NAME names no resource: " + value);
                }
            } else if (setting == Setting.INITIALIZES_CHAIN) {
                // per function: false in Globals, true for the writers (TemplateTest)
                if (!"false".equals(value)) {
                    problems.add("INITIALIZES_CHAIN in Globals must be false, got " + value);
                }
            } else if (parameters.has(value)) {
                JsonNode parameter = parameters.get(value);
                boolean askedAtDeploy = setting == Setting.GENESIS_ADDRESS || setting == Setting.MINER_ADDRESS;
                String fallback = parameter.has("Default") ? parameter.get("Default").asText() : null;
                if (askedAtDeploy ? fallback != null : !setting.defaultValue().equals(fallback)) {
                    problems.add("parameter " + value + " for " + name + " defaults to " + fallback + ", the table to "
                            + (askedAtDeploy ? "nothing (a key address the owner chooses)" : setting.defaultValue()));
                }
            } else if (!value.equals(setting.defaultValue())) {
                problems.add(name + " is " + value + " in template.yaml, " + setting.defaultValue() + " in the table");
            }
        });
        for (Setting setting : Setting.values()) {
            if (setting.consensus() && !set.contains(setting.variable())) {
                problems.add("the rule " + setting + " cannot be set in template.yaml");
            }
        }
        assertEquals(List.of(), problems);
    }

    /** A README row: `| `--flag` | `VARIABLE` | default | unit | rule | meaning |`. */
    private static final Pattern README_ROW = Pattern.compile(
            "^\\| `(--[a-z-]+)[^`]*` \\| `([A-Z_]+)` \\| ([^|]+) \\| ([^|]+) \\| (yes|no) \\| ([^|]+) \\|$", Pattern.MULTILINE);

    /** How the README names the default of a setting that has none in the table. */
    private static final Map<Setting, String> COMPUTED_DEFAULTS = Map.of(Setting.MINING_THREADS, "all cores",
            Setting.PUBLIC_URL, "its own port locally, none deployed");

    @Test
    void theReadmeConfigurationTableIsTheTable() throws Exception {
        String readme = Files.readString(TemplateTest.PROJECT.resolve("README.md"));
        Map<String, List<String>> rows = new HashMap<>();
        Matcher row = README_ROW.matcher(readme);
        while (row.find()) {
            rows.put(row.group(2), List.of(row.group(1), row.group(3).trim(), row.group(4).trim(), row.group(5)));
        }
        List<String> problems = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            List<String> cells = rows.remove(setting.variable());
            if (cells == null) {
                problems.add("README has no row for " + setting.variable());
                continue;
            }
            String defaults = setting.defaultValue() == null ? COMPUTED_DEFAULTS.get(setting)
                    : setting.localDefault().equals(setting.defaultValue()) ? "`" + setting.defaultValue() + "`"
                    : "`" + setting.localDefault() + "` locally, `" + setting.defaultValue() + "` deployed";
            List<String> expected = List.of(setting.flag(), defaults, setting.unit(), setting.consensus() ? "yes" : "no");
            if (!expected.equals(cells)) {
                problems.add(setting + ": README says " + cells + ", the table " + expected);
            }
        }
        rows.keySet().forEach(name -> problems.add("README has a row for " + name + ", which is no setting"));
        assertEquals(List.of(), problems);
    }

    @Test
    void everyFlagIsNamedOnceAndNoneIsTheRunnersOwn() {
        Set<String> flags = new TreeSet<>();
        for (Setting setting : Setting.values()) {
            assertEquals(true, flags.add(setting.flag()), setting.flag() + " names two settings");
        }
        for (String own : List.of("--port", "--data", "--dynamodb", "--dynoxide", "--template", "--host")) {
            assertEquals(false, flags.contains(own), own + " is the runner's own flag");
        }
    }
}
