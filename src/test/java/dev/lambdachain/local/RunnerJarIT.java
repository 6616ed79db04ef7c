package dev.lambdachain.local;

import dev.lambdachain.support.LocalDynamo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;
import dev.lambdachain.support.TestJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built target/lambdachain.jar as a user runs it, in its own JVM (an integration test: failsafe runs it after `package` has built the jar). */
class RunnerJarIT {
    private static final Path JAR = Path.of(System.getProperty("lambdachain.runner.jar", "target/lambdachain.jar"));

    private record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeAll
    static void requireJar() {
        assertTrue(Files.isRegularFile(JAR), JAR + " is not built: failsafe runs after `package`, which builds it");
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

    @Test
    void serveHelpPrintsUsageAndExits0() throws Exception {
        Run run = java("serve", "--help");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("usage:") && run.stdout().contains("--host-name"), run.stdout());
    }

    @Test
    void serveOnATakenPortSaysWhichPort() throws Exception {
        LocalDynamo.binary(); // serve starts its engine before it binds the port
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = java("serve", "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(1, run.exitCode(), run.stderr());
            assertTrue(run.stderr().contains("port " + taken.getLocalPort() + " is already in use"), run.stderr());
            assertFalse(run.stderr().contains("BindException"), run.stderr());
        }
    }

    /**
     * Jetty is the runner's alone: provided scope (so `sam build`, which copies the runtime scope,
     * never zips it), named by the runner jar's Class-Path, and referred to by no class of the
     * Lambda code (target/classes).
     */
    @Test
    void jettyServesTheRunnerButNeverReachesTheLambdaArtifact() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(TemplateTest.PROJECT.resolve("pom.xml").toFile()).getDocumentElement();
        List<String> jetty = new ArrayList<>();
        NodeList declared = project.getElementsByTagName("dependency"); // dependencyManagement's too
        for (int i = 0; i < declared.getLength(); i++) {
            Element dependency = (Element) declared.item(i);
            if (child(dependency, "groupId").startsWith("org.eclipse.jetty")) {
                String scope = child(dependency, "scope");
                jetty.add(child(dependency, "artifactId") + ":" + (scope.isEmpty() ? "compile" : scope));
            }
        }
        assertEquals(List.of("jetty-server:provided"), jetty);

        try (JarFile jar = new JarFile(JAR.toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            assertTrue(classPath.contains("jetty-server-") && classPath.contains("jetty-io-"), classPath);
        }
        Path lambdaClasses = TemplateTest.PROJECT.resolve("target/classes");
        byte[] jettyPackage = "org/eclipse/jetty".getBytes(StandardCharsets.US_ASCII);
        List<Path> referring;
        try (Stream<Path> files = Files.walk(lambdaClasses)) {
            referring = files.filter(file -> file.toString().endsWith(".class"))
                    .filter(file -> contains(read(file), jettyPackage)).toList();
        }
        assertEquals(List.of(), referring, "Lambda classes that need Jetty");
    }

    private static String child(Element parent, String name) {
        NodeList children = parent.getElementsByTagName(name);
        return children.getLength() == 0 ? "" : children.item(0).getTextContent().trim();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
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
