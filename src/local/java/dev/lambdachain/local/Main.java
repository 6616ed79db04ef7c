package dev.lambdachain.local;

import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The local runner's entry point: {@code serve}, {@code invoke} and {@code dynamodb} (usage in {@link Options}). */
public final class Main {
    private static final int FAILED = 1;
    private static final int BAD_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && List.of("-h", "--help", "help").contains(args[0])) {
            System.out.print(Options.USAGE);
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
        } catch (Functions.UnavailableException e) {
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
        try {
            node = storage.node(config);
            node.prepareChain(); // before any function: a table with another genesis stops the runner here
            Functions functions = Functions.load(template, node);
            functions.failures().forEach(failure ->
                    System.err.println("warning: " + failure + "; its routes answer 500"));
            server = LocalServer.start(options.port(), functions);
        } catch (Exception e) {
            storage.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            try {
                storage.close();
            } catch (Exception e) {
                System.err.println("error: closing storage: " + e);
            }
        }, "lambdachain-shutdown"));
        System.out.println("lambdachain node on " + server.uri()
                + " | storage: " + storage.description() + ", table " + node.config().tableName()
                + " | genesis " + node.validator().genesisHash().hex()
                + " | routes: " + template.source());
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
        DynamoServer server = DynamoServer.start(options.port(), options.data());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("error: stopping DynamoDB Local: " + e);
            }
        }, "dynamodb-shutdown"));
        System.out.println("DynamoDB Local on " + server.endpoint() + " ("
                + (options.data() == null ? "in memory" : "persisted in " + options.data().toAbsolutePath()) + ")"
                + "; nodes use it with: serve --port P --dynamodb " + server.endpoint());
    }
}
