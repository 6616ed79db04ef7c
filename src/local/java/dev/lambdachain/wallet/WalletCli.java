package dev.lambdachain.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Address;
import dev.lambdachain.core.ChainParams;
import dev.lambdachain.core.Ed25519Signer;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.TransactionSigning;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wallet commands of the local runner (usage in {@link #USAGE}): offline {@code new},
 * {@code address} and {@code sign}, and {@code send}, {@code balance} and {@code status}, which talk
 * to a node's public API through {@link NodeClient}. The private key never leaves this process:
 * {@code send} signs locally and submits only the signed transaction.
 *
 * <p>{@link #run} returns an exit status and never calls {@code System.exit}, so the local
 * runner can call it and tests can read what it prints.
 */
public final class WalletCli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_USAGE = 2;
    /** Where {@code wallet new} writes without {@code --out}. */
    static final String DEFAULT_KEY_FILE = "wallet.key";

    public static final String USAGE = """
            usage:
              wallet new [--out FILE]        new key, written owner-only to FILE (default wallet.key, never
                                             overwritten); prints its address
              wallet address FILE            prints the address of the key in FILE
              wallet sign --key FILE --to ADDRESS --amount N --sequence S [--genesis HASH] [--timestamp MS]
                                             prints the JSON body for POST /transactions/new
                --to         a key address (51 characters, starting with 3) or, on a dev-mode chain, a named account
                --amount     whole units, at least 1
                --sequence   the sender's next sequence number (0 for its first transaction)
                --genesis    the network's genesis hash, 64 hex digits (GET /info, field genesis;
                             default: the default local chain's, a dev chain with the default settings)
                --timestamp  milliseconds since the Unix epoch (default: now)
              wallet send --key FILE --to ADDRESS --amount N --node URL
                                             reads the genesis hash and the next sequence from the node,
                                             signs here, submits; prints the transaction id
              wallet balance ADDRESS --node URL    the address's balance, pending and next sequence (JSON)
              wallet status ID --node URL          pending, confirmed (height) or rejected (reason) (JSON)
            send, balance and status give the node 30 s for all their calls together; send stops with an
            error when the id the node answers is not the transaction's
            """;

    private record Command(Set<String> flags, List<String> required, int positional) {
    }

    private static final Map<String, Command> COMMANDS = Map.of(
            "new", new Command(Set.of("--out"), List.of(), 0),
            "address", new Command(Set.of(), List.of(), 1),
            "sign", new Command(Set.of("--key", "--to", "--amount", "--sequence", "--genesis", "--timestamp"),
                    List.of("--key", "--to", "--amount", "--sequence"), 0),
            "send", new Command(Set.of("--key", "--to", "--amount", "--node"),
                    List.of("--key", "--to", "--amount", "--node"), 0),
            "balance", new Command(Set.of("--node"), List.of("--node"), 1),
            "status", new Command(Set.of("--node"), List.of("--node"), 1));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final SecureRandom random;
    private final Duration nodeDeadline;

    public WalletCli() {
        this(Clock.systemUTC(), new SecureRandom(), NodeClient.DEADLINE);
    }

    /**
     * For tests: a fixed clock makes {@code sign} without {@code --timestamp} reproducible, and a short
     * {@code nodeDeadline} (how long one command's calls to the node may take together) keeps a test of
     * a stalling node short.
     */
    WalletCli(Clock clock, SecureRandom random, Duration nodeDeadline) {
        this.clock = clock;
        this.random = random;
        this.nodeDeadline = nodeDeadline;
    }

    /**
     * Runs one command.
     *
     * @param args the words after "wallet", e.g. {@code ["address", "my.key"]}
     * @param out  the command's result (an address, a JSON body)
     * @param err  errors, usage and notes for the person at the terminal
     * @return {@link #OK}, {@link #FAILED} (the command could not be done; the reason is on
     *         {@code err}) or {@link #BAD_USAGE} (unknown command or flag, missing value)
     */
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? BAD_USAGE : OK;
        }
        Parsed parsed;
        try {
            parsed = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return BAD_USAGE;
        }
        try {
            switch (parsed.command) {
                case "new" -> newKey(parsed, out, err);
                case "address" -> out.println(Address.fromPublicKey(KeyFile.read(Path.of(parsed.positional.get(0)))
                        .publicKey()).text());
                case "sign" -> out.println(JSON.writeValueAsString(sign(parsed, KeyFile.read(Path.of(parsed.flags.get("--key"))),
                        number(parsed, "--sequence", 0), parsed.flags.containsKey("--genesis")
                                ? Hash.parse(parsed.flags.get("--genesis"), "--genesis")
                                : ChainParams.defaults().genesis().hash()).body()));
                case "send" -> send(parsed, out);
                case "balance" -> out.println(TerminalText.lines(node(parsed)
                        .get("/balance/" + pathSegment(parsed.positional.get(0))).toPrettyString()));
                default -> out.println(TerminalText.lines(node(parsed)
                        .get("/transactions/" + pathSegment(parsed.positional.get(0))).toPrettyString()));
            }
            return OK;
        } catch (InvalidValueException | IllegalArgumentException | NodeClient.NodeCallException e) {
            err.println("error: " + e.getMessage());
        } catch (NoSuchFileException e) {
            err.println("error: no such file: " + e.getFile());
        } catch (IOException e) {
            err.println("error: " + e);
        }
        return FAILED;
    }

    private void newKey(Parsed parsed, PrintStream out, PrintStream err) throws IOException {
        Path file = Path.of(parsed.flags.getOrDefault("--out", DEFAULT_KEY_FILE));
        Ed25519Signer signer = Ed25519Signer.generate(random);
        KeyFile.write(file, signer);
        out.println(Address.fromPublicKey(signer.publicKey()).text());
        err.println("key written to " + file + ": keep it secret and keep a copy; whoever has it can spend its coins");
    }

    private NodeClient node(Parsed parsed) {
        return new NodeClient(parsed.flags.get("--node"), nodeDeadline);
    }

    /**
     * send: the node tells the network (genesis) and the next sequence; the signature and the id are
     * made here, and the id the node answers must be that id (else it did not take what was sent).
     */
    private void send(Parsed parsed, PrintStream out) throws IOException, NodeClient.NodeCallException {
        Ed25519Signer signer = KeyFile.read(Path.of(parsed.flags.get("--key")));
        NodeClient node = node(parsed);
        Hash genesis = Hash.parse(node.get("/info").path("genesis").asText(), "the node's genesis");
        String sender = Address.fromPublicKey(signer.publicKey()).text();
        JsonNode next = node.get("/balance/" + sender).path("next_sequence");
        if (!next.canConvertToLong()) {
            throw new NodeClient.NodeCallException("the node did not say the next sequence of " + sender
                    + " (GET /balance has no next_sequence): it does not take signed transactions");
        }
        SignedTransfer signed = sign(parsed, signer, next.asLong(), genesis);
        JsonNode accepted = node.post("/transactions/new", JSON.writeValueAsString(signed.body()));
        String answered = accepted.path("transaction").path("id").asText("");
        if (!signed.id().hex().equals(answered)) {
            throw new NodeClient.NodeCallException("the node accepted the transaction but answered the id '"
                    + TerminalText.line(answered.length() > 100 ? answered.substring(0, 100) + "..." : answered)
                    + "', while its id is " + signed.id().hex() + ": do not trust this node; ask another one with"
                    + " `wallet status " + signed.id().hex() + " --node URL`");
        }
        out.println(signed.id().hex());
    }

    private static String pathSegment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A signed transfer: the JSON body of POST /transactions/new, and the id the chain knows it by. */
    private record SignedTransfer(ObjectNode body, Hash id) {
    }

    /** The flags' transfer, signed by {@code signer}. */
    private SignedTransfer sign(Parsed parsed, Ed25519Signer signer, long sequence, Hash genesis) {
        String recipient = parsed.flags.get("--to");
        Address.parseAccount(recipient, "--to");
        long amount = number(parsed, "--amount", 1);
        long timestamp = parsed.flags.containsKey("--timestamp") ? number(parsed, "--timestamp", 0) : clock.millis();
        Address sender = Address.fromPublicKey(signer.publicKey());
        byte[] bytes = TransactionSigning.canonicalBytes(genesis, sender, recipient, amount, timestamp, sequence,
                signer.publicKey());
        ObjectNode body = JSON.createObjectNode()
                .put("sender", sender.text())
                .put("recipient", recipient)
                .put("amount", amount)
                .put("timestamp", timestamp)
                .put("sequence", sequence)
                .put("public_key", signer.publicKey().hex())
                .put("signature", HexFormat.of().formatHex(signer.sign(bytes)));
        return new SignedTransfer(body, TransactionSigning.id(bytes));
    }

    /** A whole number of at least {@code min}, in digits only (no sign, no exponent, no fraction). */
    private static long number(Parsed parsed, String flag, long min) {
        String text = parsed.flags.get(flag);
        String rule = flag + " must be a whole number" + (min > 0 ? " of at least " + min : " (0 or more)");
        if (!text.matches("[0-9]{1,19}")) {
            throw new InvalidValueException(rule + ", got '" + text + "'");
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidValueException(flag + " is too large: " + text);
        }
        if (value < min) {
            throw new InvalidValueException(rule + ", got " + value);
        }
        return value;
    }

    private record Parsed(String command, Map<String, String> flags, List<String> positional) {
    }

    private static Parsed parse(String[] args) {
        String name = args[0];
        Command command = COMMANDS.get(name);
        if (command == null) {
            throw new IllegalArgumentException("unknown wallet command '" + name + "'");
        }
        Map<String, String> flags = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                if (!command.flags.contains(arg)) {
                    throw new IllegalArgumentException("wallet " + name + " has no option " + arg);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                if (flags.put(arg, args[++i]) != null) {
                    throw new IllegalArgumentException(arg + " is given twice");
                }
            } else {
                positional.add(arg);
            }
        }
        if (positional.size() != command.positional) {
            throw new IllegalArgumentException("wallet " + name + " takes " + command.positional
                    + " argument" + (command.positional == 1 ? "" : "s") + ", got " + positional.size());
        }
        for (String flag : command.required) {
            if (!flags.containsKey(flag)) {
                throw new IllegalArgumentException("wallet " + name + " needs " + flag);
            }
        }
        return new Parsed(name, flags, positional);
    }
}
