package dev.lambdachain.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.api.NodeHandler;
import dev.lambdachain.metrics.NodeMetrics;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.TestJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every function of the template, run through its real handler on the event files as Lambda runs
 * it (through {@code invoke}'s code, with a Lambda context), writes on stdout only valid Embedded
 * Metric Format documents (every metric and dimension named in {@code _aws} is a member of the
 * document) and on stderr only JSON log lines, among them one request line carrying the request id,
 * function, route, status and duration.
 */
class ObservabilityTest {
    private static final Path EVENTS = TemplateTest.PROJECT.resolve("events");
    private static final Set<String> REQUEST_DIMENSIONS = Set.of("Function", "Route", "StatusClass");

    private static Storage storage;
    private static SamTemplate template;
    /** What the node and anything else in the process writes to standard output and error while a function runs. */
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    /** The scheduled event files (no HTTP request: no route to match) and the function each one runs. */
    private static final Map<String, String> SCHEDULED = Map.of(
            "mine-scheduled.json", "MineFunction", "resolve-scheduled.json", "ResolveFunction");

    @BeforeAll
    static void start() throws IOException {
        storage = Storage.ownEngine(LocalDynamo.binary(), null);
        template = SamTemplate.read(TemplateTest.PROJECT.resolve(SamTemplate.FILE_NAME));
    }

    @AfterAll
    static void stop() throws Exception {
        if (storage != null) {
            storage.close();
        }
    }

    private record Output(String stdout, String stderr) {
    }

    @Test
    void everyFunctionWritesValidMetricsAndJsonLogLinesWithItsRequestId() throws Exception {
        // Lambda's convention: metric lines on stdout, log lines on stderr
        Functions functions = Functions.load(template, storage.node(Options.parse(Options.INVOKE, "InfoFunction",
                "events/info.json", "--table", "observed", "--difficulty", "1").nodeConfig(),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), new PrintStream(stdout, true, StandardCharsets.UTF_8)));
        Routes routes = Routes.of(functions.definitions());
        EventFileInvoker invoker = new EventFileInvoker(functions);
        Set<String> invoked = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Path file : eventFiles()) {
            JsonNode event = TestJson.MAPPER.readTree(Files.readString(file));
            String scheduled = SCHEDULED.get(file.getFileName().toString());
            Routes.Found route = scheduled != null
                    ? new Routes.Found(scheduled, NodeHandler.SCHEDULE_ROUTE, Map.of(), true)
                    : (Routes.Found) routes.match(event.path("requestContext").path("http").path("method").asText(),
                    event.path("rawPath").asText());
            Output output = captured(() -> invoker.invoke(route.functionId(), file));
            invoked.add(route.functionId());
            problems.addAll(check(file.getFileName().toString(), route, output));
        }
        assertEquals(List.of(), problems);
        // RelayFunction has no route: its stream events are RelayTest's
        assertEquals(functions.definitions().stream().filter(function -> !function.routes().isEmpty())
                .map(SamTemplate.Function::logicalId)
                .collect(Collectors.toCollection(TreeSet::new)), invoked, "every routed function of the template ran");
    }

    @Test
    void aDocumentWhoseMetricIsNotAMemberIsRefusedByTheCheck() throws Exception {
        String valid = "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"lambdachain\","
                + "\"Dimensions\":[[\"Route\"]],\"Metrics\":[{\"Name\":\"Latency\",\"Unit\":\"Milliseconds\"}]}]},"
                + "\"Route\":\"GET /info\",\"Latency\":3}";
        assertEquals(List.of(), emfProblems("x", TestJson.MAPPER.readTree(valid)));
        assertFalse(emfProblems("x", TestJson.MAPPER.readTree(valid.replace(",\"Latency\":3", ""))).isEmpty());
        assertFalse(emfProblems("x", TestJson.MAPPER.readTree(valid.replace("\"Route\":\"GET /info\",", ""))).isEmpty());
    }

    private static List<String> check(String file, Routes.Found route, Output output) throws IOException {
        List<String> problems = new ArrayList<>();
        String requestId = null;
        for (String line : lines(output.stdout())) {
            JsonNode document = TestJson.MAPPER.readTree(line);
            problems.addAll(emfProblems(file, document));
            if (document.has("Latency")) {
                if (!route.routeKey().equals(document.path("Route").asText())
                        || !route.functionId().equals(document.path("Function").asText())) {
                    problems.add(file + ": request metrics name another route or function: " + line);
                }
                requestId = document.path("requestId").asText();
            }
        }
        if (requestId == null || requestId.isBlank() || requestId.equals("-")) {
            problems.add(file + ": no request metrics line with a request id on stdout: " + output.stdout());
            return problems;
        }
        boolean requestLine = false;
        for (String line : lines(output.stderr())) {
            JsonNode log;
            try {
                log = TestJson.MAPPER.readTree(line);
            } catch (IOException notJson) {
                problems.add(file + ": a log line is not JSON: " + line);
                continue;
            }
            for (String field : List.of("time", "level", "message", "requestId", "function", "route")) {
                if (!log.path(field).isTextual()) {
                    problems.add(file + ": log line without " + field + ": " + line);
                }
            }
            if (!requestId.equals(log.path("requestId").asText())) {
                problems.add(file + ": log line of another request id than " + requestId + ": " + line);
            }
            if ("request".equals(log.path("message").asText())) {
                requestLine = log.path("status").isInt() && log.path("durationMs").isNumber()
                        && route.routeKey().equals(log.path("route").asText())
                        && route.functionId().equals(log.path("function").asText());
            }
        }
        if (!requestLine) {
            problems.add(file + ": no request log line with status, duration, route and function: " + output.stderr());
        }
        return problems;
    }

    /** What CloudWatch requires of an EMF document, and this node's rule: namespace lambdachain. */
    private static List<String> emfProblems(String file, JsonNode document) {
        List<String> problems = new ArrayList<>();
        JsonNode directives = document.path("_aws").path("CloudWatchMetrics");
        if (!document.path("_aws").path("Timestamp").isIntegralNumber() || !directives.isArray() || directives.isEmpty()) {
            problems.add(file + ": not an EMF document: " + document);
            return problems;
        }
        for (JsonNode directive : directives) {
            if (!NodeMetrics.NAMESPACE.equals(directive.path("Namespace").asText())) {
                problems.add(file + ": namespace " + directive.path("Namespace"));
            }
            for (JsonNode set : directive.path("Dimensions")) {
                for (JsonNode name : set) {
                    if (!document.path(name.asText()).isTextual()) {
                        problems.add(file + ": dimension " + name + " is not a member: " + document);
                    }
                    if (REQUEST_DIMENSIONS.contains(name.asText()) && !document.has("Latency")) {
                        problems.add(file + ": request dimension " + name + " on a domain metric: " + document);
                    }
                }
            }
            for (JsonNode metric : directive.path("Metrics")) {
                JsonNode value = document.path(metric.path("Name").asText());
                if (!isNumbers(value)) {
                    problems.add(file + ": metric " + metric.path("Name") + " is not a member: " + document);
                }
            }
        }
        return problems;
    }

    /** A metric's value: a number, or a non-empty array of numbers. */
    private static boolean isNumbers(JsonNode value) {
        if (value.isNumber()) {
            return true;
        }
        if (!value.isArray() || value.isEmpty()) {
            return false;
        }
        for (JsonNode each : value) {
            if (!each.isNumber()) {
                return false;
            }
        }
        return true;
    }

    @FunctionalInterface
    private interface Call {
        String run() throws Exception;
    }

    /** The lines written while {@code call} runs: the node's own streams, and System.out and System.err for stray prints. */
    private Output captured(Call call) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        stdout.reset();
        stderr.reset();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            call.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Output(stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }

    private static List<String> lines(String text) {
        return text.lines().filter(line -> !line.isBlank()).toList();
    }

    private static List<Path> eventFiles() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS)) {
            return files.sorted().toList();
        }
    }

}
