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

/**
 * The table of settings ({@link Setting}) is the one definition: every setting is honoured by the
 * Lambda environment ({@link NodeConfig#from}), by `serve` and `invoke` as a flag and as an
 * environment variable (the flag wins), and template.yaml and the README's configuration table
 * say what the table says.
 */
class SettingsTableTest {
    private static final String KEY_1 = TestKey.numbered(1).address();
    private static final String KEY_2 = TestKey.numbered(2).address();
    /** Two values per setting, which every reader must tell apart; with two, one differs from any default. */
    private static final Map<Setting, List<String>> VALUES = new EnumMap<>(Map.ofEntries(
            Map.entry(Setting.TABLE_NAME, List.of("one", "two")),
            Map.entry(Setting.DIFFICULTY, List.of("2", "3")),
            Map.entry(Setting.BLOCK_REWARD, List.of("7", "8")),
            Map.entry(Setting.GENESIS_ADDRESS, List.of(KEY_1, KEY_2)),
            Map.entry(Setting.GENESIS_SUPPLY, List.of("100", "200")),
            Map.entry(Setting.GENESIS_TIMESTAMP, List.of("1600000000000", "1600000000001")),
            Map.entry(Setting.SIGNATURE_MODE, List.of("dev", "required")),
            Map.entry(Setting.MAX_TRANSACTIONS_PER_BLOCK, List.of("5", "6")),
            Map.entry(Setting.MAX_FUTURE_DRIFT_MILLIS, List.of("60000", "120000")),
            Map.entry(Setting.RETARGET_INTERVAL, List.of("7", "9")),
            Map.entry(Setting.TARGET_BLOCK_MILLIS, List.of("1000", "2000")),
            Map.entry(Setting.RETARGET_CLAMP, List.of("2", "3")),
            Map.entry(Setting.MINER_ADDRESS, List.of(KEY_1, KEY_2)),
            Map.entry(Setting.LEASE_SECONDS, List.of("5", "6")),
            Map.entry(Setting.MAX_BODY_BYTES, List.of("1000", "2000")),
            Map.entry(Setting.MEMPOOL_SHARDS, List.of("2", "3")),
            Map.entry(Setting.MINING_THREADS, List.of("1", "3")),
            Map.entry(Setting.PEER_TIMEOUT_MILLIS, List.of("100", "200")),
            Map.entry(Setting.ALLOW_LOOPBACK_PEERS, List.of("true", "false")),
            Map.entry(Setting.ALLOW_PRIVATE_PEERS, List.of("true", "false")),
            Map.entry(Setting.INITIALIZES_CHAIN, List.of("true", "false"))));
    /** How each setting shows in a node's configuration, as text. */
    private static final Map<Setting, Function<NodeConfig, Object>> READ = new EnumMap<>(Map.ofEntries(
            Map.entry(Setting.TABLE_NAME, NodeConfig::tableName),
            Map.entry(Setting.DIFFICULTY, config -> config.chain().difficulty()),
            Map.entry(Setting.BLOCK_REWARD, config -> config.chain().reward().units()),
            Map.entry(Setting.GENESIS_ADDRESS, config -> config.chain().genesisAddress()),
            Map.entry(Setting.GENESIS_SUPPLY, config -> config.chain().genesisSupply().units()),
            Map.entry(Setting.GENESIS_TIMESTAMP, config -> config.chain().genesisTimestamp()),
            Map.entry(Setting.SIGNATURE_MODE, config -> config.chain().signatureMode().label()),
            Map.entry(Setting.MAX_TRANSACTIONS_PER_BLOCK, config -> config.chain().maxTransactionsPerBlock()),
            Map.entry(Setting.MAX_FUTURE_DRIFT_MILLIS, config -> config.chain().maxFutureDriftMillis()),
            Map.entry(Setting.RETARGET_INTERVAL, config -> config.chain().retarget().interval()),
            Map.entry(Setting.TARGET_BLOCK_MILLIS, config -> config.chain().retarget().targetBlockMillis()),
            Map.entry(Setting.RETARGET_CLAMP, config -> config.chain().retarget().clampFactor()),
            Map.entry(Setting.MINER_ADDRESS, NodeConfig::minerAddress),
            Map.entry(Setting.LEASE_SECONDS, config -> config.leaseDuration().toSeconds()),
            Map.entry(Setting.MAX_BODY_BYTES, NodeConfig::maxBodyBytes),
            Map.entry(Setting.MEMPOOL_SHARDS, NodeConfig::mempoolShards),
            Map.entry(Setting.MINING_THREADS, NodeConfig::miningThreads),
            Map.entry(Setting.PEER_TIMEOUT_MILLIS, config -> config.peerTimeout().toMillis()),
            Map.entry(Setting.ALLOW_LOOPBACK_PEERS, NodeConfig::allowLoopbackPeers),
            Map.entry(Setting.ALLOW_PRIVATE_PEERS, NodeConfig::allowPrivatePeers),
            Map.entry(Setting.INITIALIZES_CHAIN, NodeConfig::initializesChain)));
    /**
     * What every case runs on: key addresses (so that required mode works) and a retargeting chain
     * (so that its block time and clamp are read at all).
     */
    private static final Map<String, String> BASE = Map.of(NodeConfig.GENESIS_ADDRESS, KEY_1,
            NodeConfig.MINER_ADDRESS, KEY_2, NodeConfig.RETARGET_INTERVAL, "5");
    /** Variables of template.yaml's Environment that the process, not the node's configuration, reads. */
    private static final Set<String> PROCESS_VARIABLES = Set.of(
            "DYNAMODB_ENDPOINT", // Node.dynamoFromEnvironment; locally `--dynamodb URL`
            "LOG_LEVEL", // the log, at process start
            "JAVA_TOOL_OPTIONS"); // the JVM

    @Test
    void everySettingIsHonouredByTheLambdaEnvironmentAndByServeAndInvokeAsFlagAndVariable() throws Exception {
        assertEquals(Set.of(Setting.values()), VALUES.keySet(), "a new setting needs its test values here");
        assertEquals(Set.of(Setting.values()), READ.keySet(), "a new setting needs its reader here");
        List<String> problems = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            for (String value : VALUES.get(setting)) {
                String expected = value;
                Map<String, String> environment = new HashMap<>(BASE);
                environment.put(setting.variable(), value);
                check(problems, setting, "Lambda environment", expected, NodeConfig.from(environment));
                check(problems, setting, "serve " + setting.flag(), expected,
                        Options.parse(Options.SERVE, "--port", "1", setting.flag(), value).nodeConfig(settings(environment, setting, null)));
                check(problems, setting, "invoke with " + setting.variable(), expected,
                        Options.parse(Options.INVOKE, "InfoFunction", "events/info.json").nodeConfig(environment));
                String other = VALUES.get(setting).get(VALUES.get(setting).indexOf(value) == 0 ? 1 : 0);
                check(problems, setting, "serve " + setting.flag() + " over " + setting.variable(), expected,
                        Options.parse(Options.SERVE, "--port", "1", setting.flag(), value)
                                .nodeConfig(settings(environment, setting, other)));
            }
        }
        assertEquals(List.of(), problems);
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
        String actual = String.valueOf(READ.get(setting).apply(config));
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
            String defaults = setting.defaultValue() == null ? "all cores"
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
