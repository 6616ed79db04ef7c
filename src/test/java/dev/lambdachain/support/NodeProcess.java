package dev.lambdachain.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;
import dev.lambdachain.support.TestJson;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real `java -jar target/lambdachain.jar ...` process on a free loopback port, for tests that
 * need separate JVMs (separate "Lambda containers"). Waits for the startup line; kills cleanly.
 */
public final class NodeProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final StringBuffer output = new StringBuffer();

    private NodeProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The runner jar; tests that run it are skipped where no Dynoxide can be installed (see {@link LocalDynamo#binary}). */
    public static Path jar() {
        LocalDynamo.binary();
        Path jar = Path.of(System.getProperty("lambdachain.runner.jar", "target/lambdachain.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run `mvn verify` (integration tests run after package)");
        }
        return jar;
    }

    /** `serve --port <free> args...`, returned once it listens. */
    public static NodeProcess serve(String... args) throws IOException {
        return serve(false, args);
    }

    /** `serve --port <free> args...` in a JVM with {@code jvmOptions} too (a later -Xmx wins over the default 512m). */
    public static NodeProcess serveWith(List<String> jvmOptions, String... args) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("serve", "--port", Integer.toString(port)));
        command.addAll(List.of(args));
        return start(port, "lambdachain node on", jvmOptions, command, false, Map.of());
    }

    /**
     * `serve --port <free> args...` as the leader of a process group of its own (through {@code setsid}),
     * so that {@link #killGroup()} can kill it and its children the way a container runtime does.
     */
    public static NodeProcess serveInOwnGroup(String... args) throws IOException {
        return serve(true, args);
    }

    private static NodeProcess serve(boolean ownGroup, String... args) throws IOException {
        return serve(ownGroup, Map.of(), args);
    }

    /**
     * `serve --port port args...` on a port the caller chose, returned once it listens: a node
     * restarted (on its {@code --data}) where its peers registered it.
     */
    public static NodeProcess serveOn(int port, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("serve", "--port", Integer.toString(port)));
        command.addAll(List.of(args));
        return start(port, "lambdachain node on", List.of(), command, false, Map.of());
    }

    /** `serve --port <free> args...` with {@code environment} added to this process's, returned once it listens. */
    public static NodeProcess serveWith(Map<String, String> environment, String... args) throws IOException {
        return serve(false, environment, args);
    }

    private static NodeProcess serve(boolean ownGroup, Map<String, String> environment, String... args)
            throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("serve", "--port", Integer.toString(port)));
        command.addAll(List.of(args));
        return start(port, "lambdachain node on", List.of(), command, ownGroup, environment);
    }

    /** How a process that was expected to end ended: its exit code and its output (stdout and stderr). */
    public record Ended(int exitCode, String output) {
    }

    /**
     * `serve --port <free> args...` for a start that should fail: waits for the process to exit (at
     * most 60 s, else it is killed and the test fails).
     */
    public static Ended serveExpectingExit(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(javaCommand(List.of()));
        command.addAll(List.of("serve", "--port", Integer.toString(freePort())));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        });
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("expected " + command + " to exit, it still ran after 60 s");
        }
        try {
            return new Ended(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("output of " + command + " unreadable", e);
        }
    }

    /** `java -Xmx512m jvmOptions... -jar target/lambdachain.jar` (a later -Xmx in {@code jvmOptions} wins). */
    private static List<String> javaCommand(List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        return command;
    }

    /** `dynamodb --port <free>`: a Dynoxide server shared by several nodes. */
    public static NodeProcess dynamodb() throws IOException {
        int port = freePort();
        return start(port, "Dynoxide (DynamoDB API) on", List.of(), List.of("dynamodb", "--port", Integer.toString(port)),
                false, Map.of());
    }

    private static NodeProcess start(int port, String readyMarker, List<String> jvmOptions, List<String> args,
                                     boolean ownGroup, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(ownGroup ? List.of("setsid") : List.of());
        command.addAll(javaCommand(jvmOptions));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        NodeProcess node = new NodeProcess(builder.start(), port);
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(node.process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    node.output.append(line).append('\n');
                    if (line.contains(readyMarker)) {
                        ready.complete(true);
                    }
                }
            } catch (IOException ignored) {
                // the process is gone; its output so far is kept
            }
            ready.complete(false);
        }, "node-output-" + port);
        reader.setDaemon(true);
        reader.start();
        boolean up;
        try {
            up = ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            up = false;
        }
        if (!up) {
            node.close();
            throw new IllegalStateException("process did not start: " + command + "\n" + node.output);
        }
        return node;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String address() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String output() {
        return output.toString();
    }

    /** The response status and parsed JSON body of one request. */
    public record Reply(int status, JsonNode json) {
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).GET());
    }

    public Reply post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply send(String sender, String recipient, long amount) {
        return post("/transactions/new",
                "{\"sender\":\"" + sender + "\",\"recipient\":\"" + recipient + "\",\"amount\":" + amount + "}");
    }

    public long balance(String address) {
        return get("/balance/" + address).json().get("balance").asLong();
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), TestJson.MAPPER.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("request to " + url() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL of the whole process group ({@link #serveInOwnGroup} only): the node and every child it started. */
    public void killGroup() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill of process group " + process.pid() + " failed");
        }
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the exit; returns the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("node did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no cleanup, as a crashed container. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
