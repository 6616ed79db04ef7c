package dev.lambdachain.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Dynoxide server process (the DynamoDB API over HTTP, on SQLite) owned by this JVM: started on a
 * loopback port, ready once it answers, stopped by {@link #close()}.
 *
 * <p>No orphans. On Unix the server runs under a small {@code /bin/sh} watchdog whose standard input
 * is a pipe from this JVM: when the JVM ends in any way (normal exit, SIGTERM, even SIGKILL of the JVM
 * alone) the pipe closes and the watchdog stops the server. A SIGKILL of the whole process group takes
 * the server with it, as it is in that group.
 *
 * <p>One engine per data directory. The process that starts a server on a directory holds the
 * directory's {@link DataDirectoryLock} until the server is closed, so a second one is refused. The
 * server's pid is kept in {@value #PID_FILE}, so a server somehow left running on that directory is
 * stopped before a new one starts (two engines on one SQLite file would not corrupt it, but the old one
 * would hold stale state). A pid file is only a hint, as a copied directory carries its original's:
 * only a process whose command line serves this very directory's database file is stopped.
 */
public final class DynoxideServer implements AutoCloseable {
    /** The database file inside a data directory (SQLite in WAL mode adds -wal and -shm beside it). */
    public static final String DATA_FILE = "chain.dynoxide.db";
    /** The running server's pid inside a data directory. */
    public static final String PID_FILE = "dynoxide.pid";
    private static final String READY_MARKER = "listening on";
    private static final String CHILD_MARKER = "dynoxide-child-pid ";
    private static final int START_ATTEMPTS = 5;
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final long STOP_TIMEOUT_SECONDS = 10;
    private static final int OUTPUT_TAIL_LINES = 40;
    /**
     * Runs "$0 $@" in the background, prints its pid, then waits for end of input (this JVM gone or
     * closing) and stops it with $STOP_SIGNAL. Interrupts go to the JVM, whose shutdown closes our input.
     */
    private static final String WATCHDOG = """
            trap '' INT
            "$0" "$@" &
            child=$!
            trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 0' TERM HUP
            echo "dynoxide-child-pid $child"
            while read -r _; do :; done
            kill -"$STOP_SIGNAL" "$child" 2>/dev/null
            wait "$child"
            """;

    private final Process process;
    private final long serverPid;
    private final URI endpoint;
    private final Path pidFile;
    private final Deque<String> outputTail;
    private DataDirectoryLock lock;

    private DynoxideServer(Process process, long serverPid, URI endpoint, Path pidFile, Deque<String> outputTail) {
        this.process = process;
        this.serverPid = serverPid;
        this.endpoint = endpoint;
        this.pidFile = pidFile;
        this.outputTail = outputTail;
    }

    /**
     * Starts a server and returns once it accepts connections.
     *
     * @param binary the Dynoxide executable ({@link DynoxideBinary#locate})
     * @param host the address to bind, normally {@code 127.0.0.1}
     * @param port the port, or 0 for a free one (Dynoxide cannot pick one itself: a port is chosen
     *             here and the start retried if another process takes it first)
     * @param dataDir null for an in-memory database, else the directory holding {@value #DATA_FILE}
     *                (created if missing), locked by this process until {@link #close()}
     * @param output receives each line the server prints once it is up (the lines before are kept for
     *               the error message if it fails to start)
     * @throws DataDirectoryLock.InUseException when another process (or this one) serves {@code dataDir}
     * @throws IOException when it cannot be started; the message holds the server's own output
     */
    public static DynoxideServer start(Path binary, String host, int port, Path dataDir, Consumer<String> output)
            throws IOException {
        if (dataDir == null) {
            return startOn(binary, host, port, null, output);
        }
        Files.createDirectories(dataDir);
        Path directory = dataDir.toRealPath();
        DataDirectoryLock lock = DataDirectoryLock.acquire(directory);
        try {
            stopLeftover(directory);
            DynoxideServer server = startOn(binary, host, port, directory, output);
            server.lock = lock;
            Files.writeString(server.pidFile, Long.toString(server.serverPid));
            return server;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static DynoxideServer startOn(Path binary, String host, int port, Path dataDir, Consumer<String> output)
            throws IOException {
        Path pidFile = dataDir == null ? null : dataDir.resolve(PID_FILE);
        IOException last = null;
        for (int attempt = 0; attempt < (port == 0 ? START_ATTEMPTS : 1); attempt++) {
            int chosen = port == 0 ? freePort(host) : port;
            try {
                return launch(binary, host, chosen, dataDir, pidFile, output);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static DynoxideServer launch(Path binary, String host, int port, Path dataDir, Path pidFile,
                                         Consumer<String> output) throws IOException {
        List<String> serve = new ArrayList<>(List.of(binary.toString(), "serve", "--host", host,
                "--port", Integer.toString(port)));
        if (dataDir != null) {
            serve.addAll(List.of("--db-path", dataDir.resolve(DATA_FILE).toString()));
        }
        boolean watched = Files.isExecutable(Path.of("/bin/sh"));
        List<String> command = new ArrayList<>();
        if (watched) {
            command.addAll(List.of("/bin/sh", "-c", WATCHDOG));
        }
        command.addAll(serve);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // In memory there is nothing to flush, so the quick signal; a database file gets a clean stop.
        builder.environment().put("STOP_SIGNAL", dataDir == null ? "KILL" : "TERM");
        Process process = builder.start();

        Deque<String> tail = new ArrayDeque<>();
        CompletableFuture<Long> childPid = new CompletableFuture<>();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> pump(process, tail, childPid, ready, output), "dynoxide-output-" + port);
        reader.setDaemon(true);
        reader.start();
        if (!watched) {
            childPid.complete(process.pid());
        }
        URI endpoint = URI.create("http://" + host + ":" + port);
        DynoxideServer server;
        try {
            boolean up = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS) && answers(host, port);
            server = new DynoxideServer(process, childPid.getNow(process.pid()), endpoint, pidFile, tail);
            if (up) {
                return server;
            }
        } catch (Exception e) {
            server = new DynoxideServer(process, childPid.getNow(process.pid()), endpoint, pidFile, tail);
        }
        server.close();
        throw new IOException("Dynoxide did not start on " + endpoint + ": " + String.join(" | ", server.tail()));
    }

    private static void pump(Process process, Deque<String> tail, CompletableFuture<Long> childPid,
                             CompletableFuture<Boolean> ready, Consumer<String> output) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(CHILD_MARKER)) {
                    childPid.complete(Long.parseLong(line.substring(CHILD_MARKER.length()).trim()));
                    continue;
                }
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > OUTPUT_TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                if (ready.isDone()) {
                    output.accept(line);
                } else if (line.contains(READY_MARKER)) {
                    ready.complete(true);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone; its output so far is kept
        }
        ready.complete(false);
    }

    /** The HTTP endpoint for an SDK client's {@code endpointOverride}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The pid of the Dynoxide process itself (not of its watchdog). */
    public long serverPid() {
        return serverPid;
    }

    /** Whether the server process still runs. */
    public boolean isAlive() {
        return ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The last lines the server printed (at most 40). */
    public List<String> tail() {
        synchronized (outputTail) {
            return List.copyOf(outputTail);
        }
    }

    /** Stops the server and waits for it (at most about 10 s, then it is killed). Idempotent. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed: the watchdog is stopping or gone
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        // the watchdog died before it could stop the server (say it was killed on its own)
        ProcessHandle.of(serverPid).filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                // a stale pid file is checked against the process's command line at the next start
            }
        }
        if (lock != null) {
            lock.close();
        }
    }

    /**
     * A Dynoxide still running on this data directory (its owner was killed on its own) is stopped;
     * a pid naming any other process, a Dynoxide on another directory included, is left alone.
     *
     * @param dataDir the data directory, as a real path (symbolic links resolved)
     */
    static void stopLeftover(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve(PID_FILE);
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (NumberFormatException e) {
            Files.delete(pidFile);
            return;
        }
        ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> servesDatabaseOf(handle, dataDir))
                .ifPresent(handle -> {
                    handle.destroy();
                    try {
                        handle.onExit().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        handle.destroyForcibly();
                    }
                });
        Files.delete(pidFile);
    }

    /**
     * Whether {@code process} is a Dynoxide serving {@code dataDir}'s {@value #DATA_FILE}: its
     * executable is named dynoxide and an argument of its command line (read from
     * {@code /proc/<pid>/cmdline} on Linux, else from {@link ProcessHandle.Info#arguments()}) is that
     * file, by whatever path it was given.
     */
    static boolean servesDatabaseOf(ProcessHandle process, Path dataDir) {
        List<String> commandLine = commandLine(process);
        if (commandLine.isEmpty()) {
            return false;
        }
        String executable = commandLine.get(0);
        if (!executable.substring(executable.lastIndexOf('/') + 1).contains("dynoxide")) {
            return false;
        }
        for (String argument : commandLine.subList(1, commandLine.size())) {
            try {
                Path file = Path.of(argument);
                if (file.isAbsolute() && file.getFileName() != null && file.getFileName().toString().equals(DATA_FILE)
                        && Files.isDirectory(file.getParent()) && file.getParent().toRealPath().equals(dataDir)) {
                    return true;
                }
            } catch (IOException | InvalidPathException e) {
                // not a path, or one that no longer resolves: not this directory's file
            }
        }
        return false;
    }

    /** The executable and arguments of {@code process}, or an empty list when the system does not tell. */
    private static List<String> commandLine(ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        if (Files.isReadable(proc)) {
            try {
                String raw = Files.readString(proc, StandardCharsets.UTF_8);
                return raw.isEmpty() ? List.of() : List.of(raw.split("\u0000"));
            } catch (IOException e) {
                return List.of(); // the process ended meanwhile
            }
        }
        ProcessHandle.Info info = process.info();
        if (info.command().isEmpty()) {
            return List.of();
        }
        List<String> line = new ArrayList<>(List.of(info.command().get()));
        line.addAll(List.of(info.arguments().orElse(new String[0])));
        return line;
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }
}
