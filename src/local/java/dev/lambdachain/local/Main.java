package dev.lambdachain.local;

import dev.lambdachain.core.DaemonThreads;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;

import dev.lambdachain.wallet.WalletCli;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local runner's entry point: {@code serve}, {@code invoke} and {@code dynamodb} (usage in
 * {@link Options}), and {@code wallet} (usage in {@link WalletCli}).
 */
public final class Main {
    private static final int FAILED = 1;
    private static final int BAD_USAGE = 2;
    private static final int RELAY_QUEUE = 1024;
    /** `wallet ...`: keys, signing and sending, handled by {@link WalletCli} with its own usage. */
    private static final String WALLET = "wallet";

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && List.of("-h", "--help", "help").contains(args[0])
                || args.length > 1 && !WALLET.equals(args[0]) && List.of(args).contains("--help")) {
            System.out.print(Options.USAGE);
            return;
        }
        if (args.length > 0 && WALLET.equals(args[0])) {
            int status = new WalletCli().run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
            if (status != WalletCli.OK) {
                System.exit(status);
            }
            return;
        }
        try {
            Options options = Options.parse(args);
            switch (options.command()) {
                case Options.SERVE -> serve(options);
                case Options.INVOKE -> invoke(options);
                default -> dynamodb(options);
            }
        } catch (Options.UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(BAD_USAGE);
        } catch (Functions.UnavailableException | DynoxideBinary.NotFoundException | LocalServer.PortTakenException
                | DataDirectoryLock.InUseException e) {
            fail(e.getMessage());
        } catch (NoSuchFileException e) {
            fail("no such file: " + e.getFile());
        } catch (Exception e) {
            fail(e.toString());
        }
    }

    private static void fail(String message) {
        System.err.println("error: " + message);
        System.exit(FAILED);
    }

    /** Returns once the server runs; its threads keep the JVM up until a signal runs the shutdown hook. */
    private static void serve(Options options) throws Exception {
        NodeConfig config = options.nodeConfig();
        SamTemplate template = SamTemplate.locate(options.template());
        Storage storage = Storage.open(options);
        LocalServer server;
        Node node;
        Schedules schedules;
        try {
            node = storage.node(config);
            node.prepareChain(); // before any function: a table with another genesis stops the runner here
            Functions functions = Functions.load(template, node);
            functions.failures().forEach(failure ->
                    System.err.println("warning: " + failure + "; its routes answer 500"));
            server = LocalServer.start(options.port(), options.hostNames(), functions);
            schedules = new Schedules(functions, node.log());
            schedules.every(options.mineEvery(), Schedules.MINE);
            schedules.every(options.resolveEvery(), Schedules.RESOLVE);
            node.relay().runAfterwards(relayThreads(), server.uri().toString());
        } catch (Exception e) {
            storage.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            schedules.close();
            server.close();
            storage.close();
        }, "lambdachain-shutdown"));
        System.out.println("lambdachain node on " + server.uri()
                + " | storage: " + storage.description() + ", table " + node.config().tableName()
                + " | genesis " + node.validator().genesisHash().hex()
                + " | routes: " + template.source());
    }

    /**
     * Where the runner relays after a handler answered (docs/RELAY.md): two daemon threads and a
     * queue of {@value #RELAY_QUEUE} items; a full queue refuses (the item is counted dropped).
     */
    private static ExecutorService relayThreads() {
        return new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(RELAY_QUEUE),
                new DaemonThreads("lambdachain-relay"));
    }

    private static void invoke(Options options) throws Exception {
        NodeConfig config = options.nodeConfig();
        SamTemplate template = SamTemplate.locate(options.template());
        try (Storage storage = Storage.open(options)) {
            Node node = storage.node(config);
            node.prepareChain();
            Functions functions = Functions.load(template, node);
            String response = new EventFileInvoker(functions)
                    .invoke(options.arguments().get(0), Path.of(options.arguments().get(1)));
            System.out.println(response);
        }
    }

    private static void dynamodb(Options options) throws Exception {
        Path binary = DynoxideBinary.locate(options.dynoxide(), DynoxideBinary.defaultProjectDirs());
        DynoxideServer server = DynoxideServer.start(binary, options.host(), options.port(), options.data(),
                System.out::println);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            server.close();
        }, "dynoxide-shutdown"));
        System.out.println("Dynoxide (DynamoDB API) on " + server.endpoint() + " ("
                + (options.data() == null ? "in memory"
                : "persisted in " + options.data().resolve(DynoxideServer.DATA_FILE).toAbsolutePath()) + ")"
                + "; nodes use it with: serve --port P --dynamodb " + server.endpoint());
        // the server is a child process: this JVM waits for it, so Ctrl-C or SIGTERM stops both
        while (server.isAlive()) {
            Thread.sleep(1_000);
        }
        if (stopping.get()) {
            return; // System.exit during shutdown would block
        }
        System.err.println("error: Dynoxide stopped: " + String.join(" | ", server.tail()));
        System.exit(FAILED);
    }
}
