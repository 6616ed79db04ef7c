package dev.lambdachain.it;

import dev.lambdachain.local.DynoxideServer;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.NodeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Dynoxide server a `serve` process starts for itself never outlives it, whatever way the node
 * ends, and never blocks a restart on the same data directory.
 */
class EngineLifecycleIT {
    private static final long GONE_WITHIN_SECONDS = 20;

    @TempDir
    Path data;
    /** A second data directory: another node's, or a copy of {@link #data}. */
    @TempDir
    Path copy;

    @Test
    void killingTheNodesProcessGroupLeavesNoEngineAndARestartKeepsChainMempoolAndPeers() throws Exception {
        String pendingId;
        try (NodeProcess node = NodeProcess.serveInOwnGroup("--data", data.toString())) {
            assertEquals(201, node.send("genesis", "alice", 100).status());
            assertEquals(200, node.get("/mine").status());
            NodeProcess.Reply pending = node.send("alice", "bob", 30);
            assertEquals(201, pending.status());
            pendingId = pending.json().path("transaction").path("id").asText();
            assertEquals(201, node.post("/nodes/register", "{\"nodes\":[\"localhost:5999\"]}").status());
            assertEquals(1, engines().size(), "one engine on the data directory while the node runs");

            node.killGroup();
        }
        awaitNoEngine();

        try (NodeProcess again = NodeProcess.serveInOwnGroup("--data", data.toString())) {
            NodeProcess.Reply info = again.get("/info");
            assertEquals(1, info.json().path("height").asLong());
            assertEquals(1, info.json().path("mempool").asLong());
            assertEquals("http://localhost:5999", info.json().path("peers").path(0).asText());
            assertEquals("pending", again.get("/transactions/" + pendingId).json().path("status").asText());
            assertTrue(again.get("/validate").json().path("valid").asBoolean());
        }
    }

    @Test
    void sigtermStopsTheEngineWithTheNode() throws Exception {
        try (NodeProcess node = NodeProcess.serve("--data", data.toString())) {
            assertEquals(1, engines().size());
            assertEquals(143, node.terminate(), "a JVM ended by SIGTERM exits with 128 + 15");
        }
        awaitNoEngine();
        assertFalse(Files.exists(data.resolve(DynoxideServer.PID_FILE)), "a clean stop removes the pid file");
    }

    @Test
    void sigkillOfTheNodeAloneStillStopsItsEngine() throws Exception {
        try (NodeProcess node = NodeProcess.serve("--data", data.toString())) {
            assertEquals(1, engines().size());
            node.kill();
        }
        awaitNoEngine();
    }

    @Test
    void anEngineLeftRunningOnTheDataDirectoryDoesNotBlockARestart() throws Exception {
        // as if its node and watchdog had died without stopping it: a bare server holding the database
        serveOverAPidFileNaming(bareEngine(data), true);
    }

    @Test
    void aSecondNodeOnTheSameDataDirectoryIsRefusedNamingItAndTheFirstKeepsServing() throws Exception {
        try (NodeProcess first = NodeProcess.serve("--data", data.toString())) {
            NodeProcess.Ended second = NodeProcess.serveExpectingExit("--data", data.toString());

            assertEquals(1, second.exitCode(), second.output());
            assertTrue(second.output().contains("error: " + data.toRealPath() + " is in use by another running node"),
                    second.output());
            assertEquals(1, engines().size(), "the refused node started no engine and stopped none");
            assertEquals(201, first.send("genesis", "alice", 5).status());
            assertEquals(200, first.get("/mine").status());
        }
    }

    @Test
    void aPidFileNamingAnotherDirectorysEngineStopsNothing() throws Exception {
        serveOverAPidFileNaming(bareEngine(copy), false);
    }

    @Test
    void aCopiedDataDirectoryStartsItsOwnEngineAndTheFirstNodeKeepsServing() throws Exception {
        try (NodeProcess first = NodeProcess.serve("--data", data.toString())) {
            assertEquals(201, first.send("genesis", "alice", 5).status());
            assertEquals(200, first.get("/mine").status());
            try (var files = Files.list(data)) {
                for (Path file : files.toList()) {
                    Files.copy(file, copy.resolve(file.getFileName())); // the pid and lock files too
                }
            }

            try (NodeProcess second = NodeProcess.serve("--data", copy.toString())) {
                assertEquals(1, second.get("/info").json().path("height").asLong(), "the copy holds the chain");
                assertEquals(1, engines(copy).size(), "the copy has an engine of its own");
                assertEquals(1, engines().size(), "the first node's engine still runs");
                assertEquals(200, first.get("/mine").status());
                assertEquals(2, first.get("/info").json().path("height").asLong());
                assertEquals(1, second.get("/info").json().path("height").asLong(), "the two chains are apart");
            }
            assertEquals(200, first.get("/info").status(), "stopping the copy's node leaves the first one serving");
        }
    }

    /**
     * Starts a node on {@link #data} whose pid file names {@code engine}, and checks that the engine was
     * stopped (or left alone) and that the node serves on one engine of its own.
     */
    private void serveOverAPidFileNaming(Process engine, boolean stopped) throws Exception {
        try {
            Files.writeString(data.resolve(DynoxideServer.PID_FILE), Long.toString(engine.pid()));
            try (NodeProcess node = NodeProcess.serve("--data", data.toString())) {
                if (stopped) {
                    assertTrue(engine.waitFor(GONE_WITHIN_SECONDS, TimeUnit.SECONDS), "the leftover engine was stopped");
                } else {
                    assertTrue(engine.isAlive(), "the engine of another directory was left alone");
                }
                assertEquals(201, node.send("genesis", "alice", 5).status());
                assertEquals(1, engines().size());
            }
        } finally {
            engine.destroyForcibly();
        }
    }

    /** A Dynoxide started by hand on {@code dir}'s database, with no node and no watchdog. */
    private static Process bareEngine(Path dir) throws Exception {
        Files.createDirectories(dir);
        return new ProcessBuilder(LocalDynamo.binary().toString(), "serve", "--port", Integer.toString(NodeProcess.freePort()),
                "--db-path", dir.resolve(DynoxideServer.DATA_FILE).toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private List<ProcessHandle> engines() {
        return engines(data);
    }

    /** Live Dynoxide processes (the executable itself, not its watchdog shell) serving {@code directory}. */
    private static List<ProcessHandle> engines(Path directory) {
        String dir = directory.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().command().map(command -> command.endsWith("/dynoxide")).orElse(false))
                .filter(process -> process.info().commandLine().map(line -> line.contains(dir)).orElse(false))
                .toList();
    }

    private void awaitNoEngine() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GONE_WITHIN_SECONDS);
        while (!engines().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), engines().stream().map(p -> p.info().commandLine().orElse("?")).toList(),
                "no Dynoxide left running on " + data);
    }
}
