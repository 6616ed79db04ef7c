package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.TestJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * No hidden statics: the log and the metrics belong to a node (one per process), so two nodes in
 * one JVM each write their own lines to their own streams, dated by their own clock, filtered by
 * their own level, and each counts its own cold start.
 */
class ProcessStreamsTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    /** A node's two streams, as it was given them. */
    private record Streams(ByteArrayOutputStream log, ByteArrayOutputStream metrics) {
        Streams() {
            this(new ByteArrayOutputStream(), new ByteArrayOutputStream());
        }

        Node node(String logLevel, Instant now) {
            return dynamo.newNode(Map.of(NodeConfig.LOG_LEVEL, logLevel), Clock.fixed(now, ZoneOffset.UTC),
                    new PrintStream(log, true, StandardCharsets.UTF_8), new PrintStream(metrics, true, StandardCharsets.UTF_8));
        }

        List<JsonNode> logLines() throws IOException {
            return parsed(log);
        }

        List<JsonNode> metricLines() throws IOException {
            return parsed(metrics);
        }

        private static List<JsonNode> parsed(ByteArrayOutputStream stream) throws IOException {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : stream.toString(StandardCharsets.UTF_8).lines().toList()) {
                lines.add(TestJson.MAPPER.readTree(line));
            }
            return lines;
        }
    }

    @Test
    void twoNodesInOneJvmWriteToTheirOwnStreamsWithTheirOwnClockLevelAndColdStart() throws IOException {
        Streams first = new Streams();
        Streams second = new Streams();
        InfoHandler firstInfo = new InfoHandler(first.node("INFO", Instant.parse("2001-09-09T01:46:40Z")));
        InfoHandler secondInfo = new InfoHandler(second.node("WARN", Instant.parse("2033-05-18T03:33:20Z")));

        assertEquals(200, firstInfo.handleRequest(info("first-1"), null).getStatusCode());
        assertEquals(200, firstInfo.handleRequest(info("first-2"), null).getStatusCode());
        assertEquals(200, secondInfo.handleRequest(info("second-1"), null).getStatusCode());

        List<JsonNode> firstLog = first.logLines();
        assertEquals(List.of("first-1", "first-2"), firstLog.stream().map(line -> line.get("requestId").asText()).toList());
        for (JsonNode line : firstLog) {
            assertEquals("2001-09-09T01:46:40Z", line.get("time").asText(), line.toString());
            assertEquals("request", line.get("message").asText(), line.toString());
            assertEquals("GET /info", line.get("route").asText(), line.toString());
        }
        assertEquals("true", firstLog.get(0).path("coldStart").asText(), firstLog.get(0).toString());
        assertEquals(false, firstLog.get(1).has("coldStart"), firstLog.get(1).toString());
        assertEquals(List.of(), second.logLines(), "the second node logs at WARN: its request lines are not written");

        List<JsonNode> firstMetrics = first.metricLines();
        assertEquals(List.of("first-1", "first-2"), firstMetrics.stream().map(line -> line.get("requestId").asText()).toList());
        assertEquals(List.of(1, 0), firstMetrics.stream().map(line -> line.get("ColdStart").asInt()).toList());
        firstMetrics.forEach(line -> assertEquals(1_000_000_000_000L, line.at("/_aws/Timestamp").asLong(), line.toString()));

        List<JsonNode> secondMetrics = second.metricLines();
        assertEquals(1, secondMetrics.size(), secondMetrics.toString());
        assertEquals("second-1", secondMetrics.get(0).get("requestId").asText());
        assertEquals(1, secondMetrics.get(0).get("ColdStart").asInt(), "the second node's first invocation is its cold start");
        assertEquals(2_000_000_000_000L, secondMetrics.get(0).at("/_aws/Timestamp").asLong());
    }

    private static APIGatewayV2HTTPEvent info(String requestId) {
        APIGatewayV2HTTPEvent event = Events.get("/info");
        event.getRequestContext().setRequestId(requestId);
        return event;
    }
}
