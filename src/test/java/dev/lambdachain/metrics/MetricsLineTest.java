package dev.lambdachain.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.lambdachain.metrics.MetricsLine.Unit.COUNT;
import static dev.lambdachain.metrics.MetricsLine.Unit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Embedded Metric Format document, checked against the rules of the format itself. */
class MetricsLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_767_000_000_000L;
    private static final Set<String> CLOUDWATCH_UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes",
            "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits",
            "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second",
            "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second",
            "Terabits/Second", "Count/Second", "None");

    private static MetricsLine request() {
        return MetricsLine.in("lambdachain")
                .dimension("Route", "GET /chain")
                .dimension("StatusClass", "2xx")
                .dimensionSet("Route", "StatusClass")
                .dimensionSet("Route")
                .metric("Latency", MILLISECONDS, 12.5)
                .metric("Requests", COUNT, 1)
                .metric("ColdStart", COUNT, 0)
                .property("requestId", "c0ffee");
    }

    /** What the specification requires of any EMF document; returns the violations. */
    static List<String> violations(JsonNode root) {
        List<String> problems = new ArrayList<>();
        JsonNode aws = root.path("_aws");
        if (!aws.path("Timestamp").isIntegralNumber()) {
            problems.add("_aws.Timestamp must be a number of milliseconds");
        }
        JsonNode directives = aws.path("CloudWatchMetrics");
        if (!directives.isArray() || directives.isEmpty()) {
            problems.add("_aws.CloudWatchMetrics must be a non-empty array");
        }
        for (JsonNode directive : directives) {
            if (!directive.path("Namespace").isTextual() || directive.path("Namespace").asText().isEmpty()) {
                problems.add("a directive needs a Namespace");
            }
            for (JsonNode set : directive.path("Dimensions")) {
                if (set.size() > 30) {
                    problems.add("a dimension set has more than 30 dimensions");
                }
                for (JsonNode name : set) {
                    if (!root.path(name.asText()).isTextual()) {
                        problems.add("dimension " + name + " is not a string member of the document");
                    }
                }
            }
            if (!directive.path("Dimensions").isArray()) {
                problems.add("Dimensions must be an array of dimension sets");
            }
            if (directive.path("Metrics").size() > 100) {
                problems.add("more than 100 metrics");
            }
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asText();
                JsonNode value = root.path(name);
                boolean numbers = value.isNumber()
                        || (value.isArray() && value.size() <= 100 && !value.isEmpty()
                        && java.util.stream.StreamSupport.stream(value.spliterator(), false).allMatch(JsonNode::isNumber));
                if (!numbers) {
                    problems.add("metric " + name + " is not a number or array of numbers in the document");
                }
                if (metric.has("Unit") && !CLOUDWATCH_UNITS.contains(metric.get("Unit").asText())) {
                    problems.add("metric " + name + " has unit " + metric.get("Unit") + ", not a CloudWatch unit");
                }
            }
        }
        return problems;
    }

    @Test
    void aRequestLineIsAValidDocumentWithEveryNameAMemberOfIt() throws Exception {
        String line = request().render(NOW);
        assertFalse(line.contains("\n"), "one log line");
        JsonNode root = JSON.readTree(line);
        assertEquals(List.of(), violations(root));
        assertEquals(NOW, root.path("_aws").path("Timestamp").asLong());
        JsonNode directive = root.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals("lambdachain", directive.path("Namespace").asText());
        assertEquals("[[\"Route\",\"StatusClass\"],[\"Route\"]]", directive.path("Dimensions").toString());
        assertEquals("[{\"Name\":\"Latency\",\"Unit\":\"Milliseconds\"},{\"Name\":\"Requests\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"ColdStart\",\"Unit\":\"Count\"}]", directive.path("Metrics").toString());
        assertEquals("GET /chain", root.path("Route").asText());
        assertEquals(12.5, root.path("Latency").asDouble());
        assertEquals("1", root.path("Requests").toString(), "counts are written as whole numbers");
        assertEquals("c0ffee", root.path("requestId").asText());
    }

    @Test
    void withoutADimensionSetEveryDimensionFormsOne() throws Exception {
        JsonNode root = JSON.readTree(MetricsLine.in("lambdachain").dimension("Reason", "insufficient-funds")
                .dimension("Route", "POST /transactions/new").metric("TransactionsRefused", COUNT, 1).render(NOW));
        assertEquals("[[\"Reason\",\"Route\"]]", root.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString());
        assertEquals(List.of(), violations(root));
    }

    @Test
    void withoutDimensionsTheMetricIsOneSeriesOfTheNamespace() throws Exception {
        JsonNode root = JSON.readTree(MetricsLine.in("lambdachain").metric("BlocksMined", COUNT, 1).render(NOW));
        assertEquals("[[]]", root.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString());
        assertEquals(List.of(), violations(root));
    }

    @Test
    void aMetricGivenSeveralValuesReportsThemAsAnArray() throws Exception {
        JsonNode root = JSON.readTree(MetricsLine.in("lambdachain").metric("ReorganisationDepth", COUNT, 2)
                .metric("ReorganisationDepth", COUNT, 5).render(NOW));
        assertEquals("[2,5]", root.path("ReorganisationDepth").toString());
        assertEquals(List.of(), violations(root));
    }

    @Test
    void namesAreUniqueAndTheMetadataMemberIsReserved() {
        assertThrows(IllegalArgumentException.class, () -> request().metric("Route", COUNT, 1));
        assertThrows(IllegalArgumentException.class, () -> request().dimension("Latency", "x"));
        assertThrows(IllegalArgumentException.class, () -> request().property("requestId", "again"));
        assertThrows(IllegalArgumentException.class, () -> MetricsLine.in("n").property("_aws", "x"));
        assertThrows(IllegalArgumentException.class, () -> MetricsLine.in("n").metric("", COUNT, 1));
        assertThrows(IllegalArgumentException.class, () -> MetricsLine.in("n").metric("x".repeat(256), COUNT, 1));
        assertThrows(IllegalArgumentException.class, () -> MetricsLine.in(" "));
    }

    @Test
    void theFormatsLimitsAreRefusedBeforeRendering() {
        assertThrows(IllegalArgumentException.class, () -> MetricsLine.in("n").metric("x", COUNT, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> MetricsLine.in("n").metric("x", COUNT, 1).metric("x", MILLISECONDS, 1));
        assertThrows(IllegalArgumentException.class, () -> MetricsLine.in("n").dimension("d", ""));
        assertThrows(IllegalArgumentException.class, () -> MetricsLine.in("n").dimensionSet("unknown"));
        assertThrows(IllegalStateException.class, () -> MetricsLine.in("n").dimension("d", "v").render(NOW));

        MetricsLine many = MetricsLine.in("n");
        for (int i = 0; i < MetricsLine.MAX_METRICS; i++) {
            many.metric("m" + i, COUNT, i);
        }
        assertThrows(IllegalArgumentException.class, () -> many.metric("one-more", COUNT, 1));

        MetricsLine values = MetricsLine.in("n");
        for (int i = 0; i < MetricsLine.MAX_VALUES_PER_METRIC; i++) {
            values.metric("m", COUNT, i);
        }
        assertThrows(IllegalArgumentException.class, () -> values.metric("m", COUNT, 1));

        MetricsLine wide = MetricsLine.in("n");
        String[] names = new String[MetricsLine.MAX_DIMENSIONS_PER_SET + 1];
        for (int i = 0; i < names.length; i++) {
            names[i] = "d" + i;
            wide.dimension(names[i], "v");
        }
        assertThrows(IllegalArgumentException.class, () -> wide.dimensionSet(names));
    }

    @Test
    void textIsEscapedAsJson() throws Exception {
        String hostile = "GET /x\"},\"_aws\":{}\n";
        JsonNode root = JSON.readTree(MetricsLine.in("lambdachain").dimension("Route", hostile)
                .metric("Requests", COUNT, 1).render(NOW));
        assertEquals(hostile, root.path("Route").asText());
        assertTrue(root.path("_aws").has("CloudWatchMetrics"));
    }
}
