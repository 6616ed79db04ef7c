package dev.lambdachain.local;

import dev.lambdachain.support.LocalDynamo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;
import dev.lambdachain.support.TestJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The built target/lambdachain.jar as a user runs it, in its own JVM (skipped until `mvn package` has built it). */
class RunnerJarTest {
    private static final Path JAR = Path.of(System.getProperty("lambdachain.runner.jar", "target/lambdachain.jar"));

    private record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeAll
    static void requireJar() {
        assumeTrue(Files.isRegularFile(JAR), JAR + " is not built: run `mvn -DskipTests package` to test the jar too");
    }

    @Test
    void invokePrintsTheFunctionsResponseAsJson() throws Exception {
        LocalDynamo.binary(); // invoke starts the node's own engine: skipped where none can be installed
        Run run = java("invoke", "InfoFunction", "events/info.json");
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode response = TestJson.MAPPER.readTree(run.stdout());
        assertEquals(200, response.path("statusCode").asInt());
        assertEquals("application/json", response.path("headers").path("Content-Type").asText());
        JsonNode info = TestJson.MAPPER.readTree(response.path("body").asText());
        assertEquals(0, info.path("height").asInt());
        assertEquals(info.path("genesis"), info.path("head"));
    }

    @Test
    void badArgumentsExitWith2AndUsage() throws Exception {
        Run run = java("serve", "--port", "not-a-port");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains("--port must be a number"), run.stderr());
        assertTrue(run.stderr().contains("usage:"), run.stderr());
    }

    private static Run java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile("runner", ".out");
        Path stderr = Files.createTempFile("runner", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(TemplateTest.PROJECT.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("java -jar " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.delete(stdout);
            Files.delete(stderr);
        }
    }
}
