package dev.lambdachain.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CloudWatch Embedded Metric Format (EMF) document: a JSON object, written as one log line,
 * from which CloudWatch Logs extracts metrics without any API call from the function. Its
 * {@code _aws} member names the namespace, the dimension sets and each metric's unit; the
 * dimension values, metric values and any other properties are members of the same object.
 *
 * <p>The limits of the format are checked when a value is added, so a line that renders is one
 * CloudWatch accepts: names of 1 to 255 characters, at most 30 dimensions per set, 100 metrics per
 * document and 100 values per metric, finite values, and no name used twice. docs/OBSERVABILITY.md
 * lists the names this node uses.
 */
public final class MetricsLine {
    static final int MAX_NAME_LENGTH = 255;
    static final int MAX_DIMENSION_VALUE_LENGTH = 1024;
    static final int MAX_DIMENSIONS_PER_SET = 30;
    static final int MAX_METRICS = 100;
    static final int MAX_VALUES_PER_METRIC = 100;
    private static final String METADATA = "_aws";
    /** Streaming writer only: the process's one ObjectMapper stays where the API's JSON lives. */
    private static final JsonFactory JSON = new JsonFactory();

    /** The units this node reports in (a subset of CloudWatch's standard units). */
    public enum Unit {
        COUNT("Count"),
        MILLISECONDS("Milliseconds"),
        SECONDS("Seconds"),
        NONE("None");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    private record Metric(Unit unit, List<Double> values) {
    }

    private final String namespace;
    private final Map<String, String> dimensions = new LinkedHashMap<>();
    private final List<List<String>> dimensionSets = new ArrayList<>();
    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private final Map<String, String> properties = new LinkedHashMap<>();

    private MetricsLine(String namespace) {
        this.namespace = namespace;
    }

    /** An empty document in {@code namespace}. */
    public static MetricsLine in(String namespace) {
        checkName(namespace, "namespace");
        return new MetricsLine(namespace);
    }

    /**
     * A dimension and its value. Dimensions must have few values (a route, a status class, a
     * reason from a fixed list): never an address, a transaction id or a request id, each of which
     * would make a metric of its own.
     */
    public MetricsLine dimension(String name, String value) {
        checkNewName(name);
        if (value == null || value.isEmpty() || value.length() > MAX_DIMENSION_VALUE_LENGTH) {
            throw new IllegalArgumentException("dimension " + name + " needs a value of 1 to "
                    + MAX_DIMENSION_VALUE_LENGTH + " characters");
        }
        dimensions.put(name, value);
        return this;
    }

    /**
     * A set of dimensions (all added with {@link #dimension}) that CloudWatch aggregates the metrics
     * by; each set is a metric series of its own. With no set given, one set of every dimension is
     * used; an empty set aggregates over all of them.
     */
    public MetricsLine dimensionSet(String... names) {
        if (names.length > MAX_DIMENSIONS_PER_SET) {
            throw new IllegalArgumentException("at most " + MAX_DIMENSIONS_PER_SET + " dimensions per set");
        }
        for (String name : names) {
            if (!dimensions.containsKey(name)) {
                throw new IllegalArgumentException("dimension set names " + name + ", which has no value");
            }
        }
        dimensionSets.add(List.of(names));
        return this;
    }

    /** One value of a metric; a metric given several values reports them all (CloudWatch counts each). */
    public MetricsLine metric(String name, Unit unit, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric " + name + " must be a finite number, got " + value);
        }
        Metric metric = metrics.get(name);
        if (metric == null) {
            checkNewName(name);
            if (metrics.size() == MAX_METRICS) {
                throw new IllegalArgumentException("at most " + MAX_METRICS + " metrics per line");
            }
            metric = new Metric(unit, new ArrayList<>());
            metrics.put(name, metric);
        } else if (metric.unit() != unit) {
            throw new IllegalArgumentException("metric " + name + " is in " + metric.unit() + ", not " + unit);
        }
        if (metric.values().size() == MAX_VALUES_PER_METRIC) {
            throw new IllegalArgumentException("at most " + MAX_VALUES_PER_METRIC + " values of metric " + name);
        }
        metric.values().add(value);
        return this;
    }

    /** A member that is no metric or dimension (a request id, say): searchable in the logs, free in metrics. */
    public MetricsLine property(String name, String value) {
        checkNewName(name);
        properties.put(name, value);
        return this;
    }

    /** The document as one line of JSON, its metrics dated {@code timestampMillis} (ms since the epoch). */
    public String render(long timestampMillis) {
        if (metrics.isEmpty()) {
            throw new IllegalStateException("a metrics line needs at least one metric");
        }
        List<List<String>> sets = dimensionSets.isEmpty() ? List.of(List.copyOf(dimensions.keySet())) : dimensionSets;
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeObjectFieldStart(METADATA);
            json.writeNumberField("Timestamp", timestampMillis);
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", namespace);
            json.writeArrayFieldStart("Dimensions");
            for (List<String> set : sets) {
                json.writeStartArray();
                for (String name : set) {
                    json.writeString(name);
                }
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("Metrics");
            for (Map.Entry<String, Metric> metric : metrics.entrySet()) {
                json.writeStartObject();
                json.writeStringField("Name", metric.getKey());
                json.writeStringField("Unit", metric.getValue().unit().cloudWatchName());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
                json.writeStringField(dimension.getKey(), dimension.getValue());
            }
            for (Map.Entry<String, Metric> metric : metrics.entrySet()) {
                List<Double> values = metric.getValue().values();
                json.writeFieldName(metric.getKey());
                if (values.size() == 1) {
                    writeNumber(json, values.get(0));
                } else {
                    json.writeStartArray();
                    for (double value : values) {
                        writeNumber(json, value);
                    }
                    json.writeEndArray();
                }
            }
            for (Map.Entry<String, String> property : properties.entrySet()) {
                json.writeStringField(property.getKey(), property.getValue());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return text.toString();
    }

    /** Whole numbers without a fraction ("3", not "3.0"): counts read as counts in the log line. */
    private static void writeNumber(JsonGenerator json, double value) throws IOException {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            json.writeNumber((long) value);
        } else {
            json.writeNumber(value);
        }
    }

    private void checkNewName(String name) {
        checkName(name, "name");
        if (METADATA.equals(name) || dimensions.containsKey(name) || metrics.containsKey(name)
                || properties.containsKey(name)) {
            throw new IllegalArgumentException(name + " is already a member of this metrics line");
        }
    }

    private static void checkName(String name, String what) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a metric " + what + " needs 1 to " + MAX_NAME_LENGTH
                    + " characters, got '" + name + "'");
        }
    }
}
