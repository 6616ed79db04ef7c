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
        Path binary = LocalDynamo.binary();
        Files.createDirectories(data);
        // as if its node and watchdog had died without stopping it: a bare server holding the database
        Process leftover = new ProcessBuilder(binary.toString(), "serve", "--port", Integer.toString(NodeProcess.freePort()),
                "--db-path", data.resolve(DynoxideServer.DATA_FILE).toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Files.writeString(data.resolve(DynoxideServer.PID_FILE), Long.toString(leftover.pid()));
            try (NodeProcess node = NodeProcess.serve("--data", data.toString())) {
                assertTrue(leftover.waitFor(GONE_WITHIN_SECONDS, TimeUnit.SECONDS), "the leftover engine was stopped");
                assertEquals(201, node.send("genesis", "alice", 5).status());
                assertEquals(1, engines().size());
            }
        } finally {
            leftover.destroyForcibly();
        }
    }

    /** Live Dynoxide processes (the executable itself, not its watchdog shell) serving this test's data directory. */
    private List<ProcessHandle> engines() {
        String dir = data.toAbsolutePath().toString();
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
