package dev.lambdachain.metrics;

import dev.lambdachain.log.RequestContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Node metrics write exactly docs/OBSERVABILITY.md's lines to the stream they were given, each
 * {@code Timestamp} read from the clock they were given, and each instance keeps its own cold start.
 */
class NodeMetricsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_000_000_000_000L), ZoneOffset.UTC);

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final NodeMetrics metrics = new NodeMetrics(new PrintStream(written, true, StandardCharsets.UTF_8), CLOCK);

    private List<String> lines() {
        return written.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aRequestIsOneLineWithItsDimensionSetsAndTheClocksTimestamp() {
        metrics.request("InfoFunction", "GET /info", 200, 7, true, "r-1");
        assertEquals(List.of("{\"_aws\":{\"Timestamp\":1000000000000,\"CloudWatchMetrics\":[{\"Namespace\":\"lambdachain\","
                + "\"Dimensions\":[[\"Function\",\"Route\",\"StatusClass\"],[\"Route\"]],"
                + "\"Metrics\":[{\"Name\":\"Latency\",\"Unit\":\"Milliseconds\"},{\"Name\":\"Requests\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"ColdStart\",\"Unit\":\"Count\"}]}]},"
                + "\"Function\":\"InfoFunction\",\"Route\":\"GET /info\",\"StatusClass\":\"2xx\","
                + "\"Latency\":7,\"Requests\":1,\"ColdStart\":1,\"requestId\":\"r-1\",\"status\":\"200\"}"), lines());
    }

    @Test
    void aDomainLineDuringARequestCarriesItsRequestIdAsAProperty() {
        new RequestContext("r-2", "MineFunction", "GET /mine").during(() -> {
            metrics.leaseConflict();
            return null;
        });
        metrics.transactionRefused("duplicate");
        assertEquals(List.of(
                "{\"_aws\":{\"Timestamp\":1000000000000,\"CloudWatchMetrics\":[{\"Namespace\":\"lambdachain\","
                        + "\"Dimensions\":[[]],\"Metrics\":[{\"Name\":\"LeaseConflicts\",\"Unit\":\"Count\"}]}]},"
                        + "\"LeaseConflicts\":1,\"requestId\":\"r-2\"}",
                "{\"_aws\":{\"Timestamp\":1000000000000,\"CloudWatchMetrics\":[{\"Namespace\":\"lambdachain\","
                        + "\"Dimensions\":[[\"Reason\"]],\"Metrics\":[{\"Name\":\"TransactionsRefused\",\"Unit\":\"Count\"}]}]},"
                        + "\"Reason\":\"duplicate\",\"TransactionsRefused\":1}"), lines());
    }

    @Test
    void theColdStartIsTakenOncePerInstanceAndAgainAfterARestore() {
        NodeMetrics other = new NodeMetrics(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                CLOCK);
        assertEquals(true, metrics.takeColdStart());
        assertEquals(false, metrics.takeColdStart());
        assertEquals(true, other.takeColdStart(), "another process's metrics have their own first invocation");
        metrics.restored();
        assertEquals(true, metrics.takeColdStart());
        assertEquals(false, metrics.takeColdStart());
    }
}
