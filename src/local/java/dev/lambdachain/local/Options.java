package dev.lambdachain.local;

import dev.lambdachain.node.NodeConfig;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The runner's command line: a command, its positional arguments and its --flags, each checked. */
record Options(String command, List<String> arguments, Map<String, String> flags) {
    static final String SERVE = "serve";
    static final String INVOKE = "invoke";
    static final String DYNAMODB = "dynamodb";
    /** `--dynamodb aws`: real DynamoDB in AWS_REGION with the default credential chain. */
    static final String AWS = "aws";

    /** Flags that set a node setting, by the setting's name in NodeConfig (the Lambda environment). */
    private static final Map<String, String> SETTING_FLAGS = Map.of(
            "--table", NodeConfig.TABLE_NAME,
            "--difficulty", NodeConfig.DIFFICULTY,
            "--reward", NodeConfig.BLOCK_REWARD,
            "--genesis-address", NodeConfig.GENESIS_ADDRESS,
            "--genesis-supply", NodeConfig.GENESIS_SUPPLY,
            "--miner", NodeConfig.MINER_ADDRESS,
            "--lease-seconds", NodeConfig.LEASE_SECONDS,
            "--signature-mode", NodeConfig.SIGNATURE_MODE);
    private static final Set<String> NODE_FLAGS = union(SETTING_FLAGS.keySet(),
            Set.of("--data", "--dynamodb", "--dynoxide", "--template"));
    private static final Map<String, Set<String>> FLAGS_BY_COMMAND = Map.of(
            SERVE, union(NODE_FLAGS, Set.of("--port", "--host-name")),
            INVOKE, NODE_FLAGS,
            DYNAMODB, Set.of("--port", "--data", "--host", "--dynoxide"));
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
            node settings (defaults as in template.yaml, but for the signature mode):
              --table NAME        table name (lambdachain)
              --difficulty N      leading zero hex digits of a block hash (4)
              --reward N          block reward (10)
              --signature-mode M  dev (default here: named accounts like alice need no key) or
                                  required (every transfer signed; the deployed default); a rule
                                  of the chain, so nodes with different modes never share one
              --genesis-address A address holding the supply (genesis; with required: a key address)
              --genesis-supply N  supply in block 0 (1000000)
              --miner A           address paid for mining without ?miner= (miner; with required: a key address)
              --lease-seconds N   mining lease length (30)
            --template PATH       default: ./template.yaml, else the copy inside the jar
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

    /** The node's settings: the flags given, the local defaults, and NodeConfig's defaults for the rest. */
    NodeConfig nodeConfig() throws UsageException {
        Map<String, String> settings = new HashMap<>();
        // Nodes on one machine reach each other on loopback; the deployed template forbids it.
        settings.put("ALLOW_LOOPBACK_PEERS", "true");
        // Local runs keep the seed's demo (alice, bob); the template defaults to required.
        settings.put(NodeConfig.SIGNATURE_MODE, "dev");
        SETTING_FLAGS.forEach((flag, setting) -> {
            if (flags.containsKey(flag)) {
                settings.put(setting, flags.get(flag));
            }
        });
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

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
