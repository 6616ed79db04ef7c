package dev.lambdachain.local;

import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.node.Setting;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The runner's command line: a command, its positional arguments and its --flags, each checked. */
record Options(String command, List<String> arguments, Map<String, String> flags) {
    static final String SERVE = "serve";
    static final String INVOKE = "invoke";
    static final String DYNAMODB = "dynamodb";
    /** `--dynamodb aws`: real DynamoDB in AWS_REGION with the default credential chain. */
    static final String AWS = "aws";

    /** Flags that set a node setting: one per {@link Setting}. */
    private static final Set<String> SETTING_FLAGS = Arrays.stream(Setting.values()).map(Setting::flag)
            .collect(Collectors.toUnmodifiableSet());
    private static final Set<String> NODE_FLAGS = union(SETTING_FLAGS,
            Set.of("--data", "--dynamodb", "--dynoxide", "--template"));
    private static final Map<String, Set<String>> FLAGS_BY_COMMAND = Map.of(
            SERVE, union(NODE_FLAGS, Set.of("--port", "--host-name", "--mine-every", "--resolve-every")),
            INVOKE, NODE_FLAGS,
            DYNAMODB, Set.of("--port", "--data", "--host", "--dynoxide"));
    /** A schedule's period: a whole number of milliseconds, seconds or minutes. */
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m)");
    /** Shorter periods would only queue runs behind each other. */
    private static final long MIN_SCHEDULE_MILLIS = 100;
    private static final Map<String, Integer> ARGUMENTS_BY_COMMAND = Map.of(SERVE, 0, INVOKE, 2, DYNAMODB, 0);

    static final String USAGE = """
            usage:
              java -jar target/lambdachain.jar serve --port P [storage] [node settings] [--template PATH] [--host-name NAMES]
                  the node's HTTP API on 127.0.0.1:P (and [::1]:P), routes and handlers from template.yaml;
                  it answers requests for localhost, 127.0.0.1 and [::1] with port P, and for the
                  comma-separated NAMES too (names that point here, e.g. in /etc/hosts)
              java -jar target/lambdachain.jar invoke <FunctionLogicalId> <event.json> [storage] [node settings] [--template PATH]
                  runs one function of template.yaml on an API Gateway event file, prints its response
              java -jar target/lambdachain.jar wallet new|address|sign|send|balance|status ...
                  keys and signed transactions (`wallet help` for its usage)
              java -jar target/lambdachain.jar dynamodb --port P [--data DIR] [--host ADDR] [--dynoxide PATH]
                  a Dynoxide server for several `serve --dynamodb http://127.0.0.1:P` nodes to share
                  (--host 0.0.0.0 lets `sam local` containers reach it; default 127.0.0.1)

            storage (default: a Dynoxide server of the node's own, in memory, stopped with the node):
              --data DIR          that Dynoxide persisted in DIR/chain.dynoxide.db
              --dynamodb URL      a DynamoDB endpoint (a `dynamodb` server); tables created if missing
              --dynamodb aws      DynamoDB in AWS_REGION with the default credential chain
              --dynoxide PATH     the Dynoxide executable (else $DYNOXIDE_PATH, else the project's
                                  node_modules/@dynoxide/<os>-<cpu>, else `dynoxide` on PATH)
            node settings: every setting below also as its environment variable, as Lambda
            functions read it (the flag wins); defaults as in template.yaml unless a local one is given
            """ + settingsUsage() + """
            --template PATH       default: ./template.yaml, else the copy inside the jar
            schedules of `serve` (template.yaml's MineSchedule and ResolveSchedule; off unless given):
              --mine-every DURATION     runs MineFunction's scheduled event this often, e.g. 5s, 1m, 500ms
              --resolve-every DURATION  runs ResolveFunction's scheduled event this often
            """;

    /** The command line was wrong: the message says how. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static Options parse(String... args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("no command given");
        }
        String command = args[0];
        Set<String> allowed = FLAGS_BY_COMMAND.get(command);
        if (allowed == null) {
            throw new UsageException("unknown command '" + command + "'");
        }
        List<String> arguments = new ArrayList<>();
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                arguments.add(arg);
                continue;
            }
            if (!allowed.contains(arg)) {
                throw new UsageException(command + " does not take " + arg);
            }
            if (i + 1 == args.length) {
                throw new UsageException(arg + " needs a value");
            }
            if (flags.put(arg, args[++i]) != null) {
                throw new UsageException(arg + " is given twice");
            }
        }
        int expected = ARGUMENTS_BY_COMMAND.get(command);
        if (arguments.size() != expected) {
            throw new UsageException(command + " takes " + expected + " argument(s) besides flags, got " + arguments);
        }
        Options options = new Options(command, List.copyOf(arguments), Map.copyOf(flags));
        options.check();
        return options;
    }

    int port() {
        return Integer.parseInt(flags.get("--port"));
    }

    /** The extra host names of --host-name (comma-separated), besides the loopback names; empty when not given. */
    List<String> hostNames() {
        String names = flags.get("--host-name");
        return names == null ? List.of()
                : Arrays.stream(names.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();
    }

    /** How often `serve` runs MineFunction's scheduled event; null when --mine-every is not given. */
    Duration mineEvery() {
        return flags.containsKey("--mine-every") ? duration(flags.get("--mine-every")) : null;
    }

    /** How often `serve` runs ResolveFunction's scheduled event; null when --resolve-every is not given. */
    Duration resolveEvery() {
        return flags.containsKey("--resolve-every") ? duration(flags.get("--resolve-every")) : null;
    }

    /** {@code 500ms}, {@code 5s}, {@code 1m}: checked by {@link #check()}, so only well-formed text arrives. */
    private static Duration duration(String text) {
        Matcher parts = DURATION.matcher(text);
        if (!parts.matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        long amount = Long.parseLong(parts.group(1));
        return switch (parts.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

    Path data() {
        return flags.containsKey("--data") ? Path.of(flags.get("--data")) : null;
    }

    /** The endpoint of --dynamodb; null for --dynamodb aws (the SDK's own endpoint for AWS_REGION). */
    URI dynamodb() {
        return !flags.containsKey("--dynamodb") || AWS.equals(flags.get("--dynamodb"))
                ? null : URI.create(flags.get("--dynamodb"));
    }

    /** The Dynoxide executable given with --dynoxide, or null to look for it. */
    Path dynoxide() {
        return flags.containsKey("--dynoxide") ? Path.of(flags.get("--dynoxide")) : null;
    }

    /** The address a `dynamodb` server binds: --host, default loopback. */
    String host() {
        return flags.getOrDefault("--host", "127.0.0.1");
    }

    boolean sharedDynamodb() {
        return flags.containsKey("--dynamodb");
    }

    Path template() {
        return flags.containsKey("--template") ? Path.of(flags.get("--template")) : null;
    }

    /** The node's settings from this process's environment: see {@link #nodeConfig(Map)}. */
    NodeConfig nodeConfig() throws UsageException {
        return nodeConfig(System.getenv());
    }

    /**
     * The node's settings: each {@link Setting} from its flag, else from its variable in
     * {@code environment}, else its local default (Setting.localDefaults), else its default.
     *
     * @throws UsageException naming the setting whose value cannot work
     */
    NodeConfig nodeConfig(Map<String, String> environment) throws UsageException {
        Map<String, String> settings = new HashMap<>(Setting.localDefaults());
        for (Setting setting : Setting.values()) {
            if (flags.containsKey(setting.flag())) {
                settings.put(setting.variable(), flags.get(setting.flag()));
            } else if (setting.in(environment) != null) {
                settings.put(setting.variable(), setting.in(environment));
            }
        }
        try {
            return NodeConfig.from(settings);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private void check() throws UsageException {
        // every command that listens takes --port and needs it
        if (FLAGS_BY_COMMAND.get(command).contains("--port")) {
            String port = flags.get("--port");
            if (port == null) {
                throw new UsageException(command + " needs --port");
            }
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
                throw new UsageException("--port must be a number from 0 to 65535, got '" + port + "'");
            }
        }
        if (flags.containsKey("--host-name") && !flags.get("--host-name").matches("[A-Za-z0-9.,\\[\\]:-]+")) {
            throw new UsageException("--host-name takes host names separated by commas, such as node.test,node2.test; got '"
                    + flags.get("--host-name") + "'");
        }
        for (String flag : List.of("--mine-every", "--resolve-every")) {
            if (flags.containsKey(flag) && (!DURATION.matcher(flags.get(flag)).matches()
                    || duration(flags.get(flag)).toMillis() < MIN_SCHEDULE_MILLIS)) {
                throw new UsageException(flag + " takes a duration of at least " + MIN_SCHEDULE_MILLIS
                        + " ms such as 500ms, 5s or 1m; got '" + flags.get(flag) + "'");
            }
        }
        if (flags.containsKey("--data") && flags.containsKey("--dynamodb")) {
            throw new UsageException("give --data or --dynamodb, not both");
        }
        if (flags.containsKey("--dynoxide") && flags.containsKey("--dynamodb")) {
            throw new UsageException("--dynoxide starts a local engine, --dynamodb uses another one: give one of them");
        }
        if (AWS.equals(flags.get("--dynamodb"))) {
            if (System.getenv("AWS_REGION") == null) {
                throw new UsageException("--dynamodb aws needs AWS_REGION set (credentials come from the default chain)");
            }
        } else if (flags.containsKey("--dynamodb")) {
            URI endpoint;
            try {
                endpoint = URI.create(flags.get("--dynamodb"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--dynamodb is not a URL: " + flags.get("--dynamodb"));
            }
            if (!("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())) || endpoint.getHost() == null) {
                throw new UsageException("--dynamodb must be an http(s) URL such as http://localhost:8000, got "
                        + flags.get("--dynamodb"));
            }
        }
    }

    /** One line per setting: flag, unit, what it does, its variable, its default here, and whether it is a rule. */
    private static String settingsUsage() {
        StringBuilder lines = new StringBuilder();
        for (Setting setting : Setting.values()) {
            String head = "  " + setting.flag() + " " + setting.unit().toUpperCase(Locale.ROOT).replace(' ', '_');
            lines.append(String.format("%-44s %s [%s", head, setting.help(), setting.variable()));
            if (setting.localDefault() != null) {
                lines.append(", default ").append(setting.localDefault());
            }
            lines.append(setting.consensus() ? ", a rule of the network]" : "]").append('\n');
        }
        return lines.toString();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
