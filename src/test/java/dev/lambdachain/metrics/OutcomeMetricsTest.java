package dev.lambdachain.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.consensus.PeerOutcome;
import dev.lambdachain.consensus.Resolution;
import dev.lambdachain.node.MiningOutcome;
import dev.lambdachain.wire.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every mining, resolve and peer outcome names its own value of the metric's {@code Outcome}
 * dimension: pinned here value by value (a new outcome fails until it is given one), none of them
 * {@code other}, each listed in docs/OBSERVABILITY.md, and written as such by {@link NodeMetrics}.
 */
class OutcomeMetricsTest {

    @Test
    void everyMiningOutcomeHasItsOwnMetric() {
        Map<MiningOutcome, String> pinned = new EnumMap<>(Map.of(
                MiningOutcome.MINED, "mined",
                MiningOutcome.LOST_RACE, "lost-race",
                MiningOutcome.LEASE_BUSY, "lease-busy",
                MiningOutcome.OUT_OF_TIME, "out-of-time",
                MiningOutcome.MEMPOOL_CHANGED, "mempool-changed",
                MiningOutcome.FAILED, "failed"));
        assertEquals(pinned, metrics(MiningOutcome.class));
        assertDocumented("MiningOutcome", pinned.values());
    }

    @Test
    void everyResolutionHasItsOwnMetric() {
        Map<Resolution, String> pinned = new EnumMap<>(Map.of(Resolution.REPLACED, "replaced", Resolution.KEPT, "kept"));
        assertEquals(pinned, metrics(Resolution.class));
        assertDocumented("ResolveResult", pinned.values());
    }

    @Test
    void everyPeerOutcomeHasItsOwnMetric() {
        Map<PeerOutcome.Kind, String> pinned = new EnumMap<>(PeerOutcome.Kind.class);
        pinned.put(PeerOutcome.Kind.ADOPTED, "adopted");
        pinned.put(PeerOutcome.Kind.ADOPTED_SHORT_OF_CLAIM, "adopted-short-of-claim");
        pinned.put(PeerOutcome.Kind.NOT_HEAVIER, "not-heavier");
        pinned.put(PeerOutcome.Kind.NOT_LONGER, "not-longer");
        pinned.put(PeerOutcome.Kind.ANOTHER_NETWORK, "other-network");
        pinned.put(PeerOutcome.Kind.ANOTHER_GENESIS, "other-genesis");
        pinned.put(PeerOutcome.Kind.INVALID_CHAIN, "invalid-chain");
        pinned.put(PeerOutcome.Kind.STALLED, "stalled");
        pinned.put(PeerOutcome.Kind.OVERSIZED, "oversized");
        pinned.put(PeerOutcome.Kind.NOT_ADOPTED, "not-adopted");
        pinned.put(PeerOutcome.Kind.CHECK_FAILED, "check-failed");
        pinned.put(PeerOutcome.Kind.UNREACHABLE, "unreachable");
        pinned.put(PeerOutcome.Kind.TIMEOUT, "timeout");
        pinned.put(PeerOutcome.Kind.BACKING_OFF, "backing-off");
        pinned.put(PeerOutcome.Kind.NOT_TRIED, "not-tried");
        assertEquals(pinned, metrics(PeerOutcome.Kind.class));
        assertDocumented("ResolveOutcome", pinned.values());
    }

    @Test
    void nodeMetricsWritesEachOutcomeAsItsDimensionValue() {
        List<String> lines = captured(metrics -> {
            metrics.mining(MiningOutcome.LOST_RACE, false, 12, 0.5);
            metrics.resolved(Resolution.KEPT, List.of(PeerOutcome.Kind.values()));
        });
        Map<String, Set<String>> outcomesByMetric = new TreeMap<>();
        for (String line : lines) {
            JsonNode document = Json.read(line, "metric line");
            if (document.has("Outcome")) {
                String metric = document.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText();
                outcomesByMetric.computeIfAbsent(metric, m -> new TreeSet<>()).add(document.get("Outcome").asText());
            }
        }
        assertEquals(Set.of("lost-race"), outcomesByMetric.get("MiningOutcome"));
        assertEquals(Set.of("kept"), outcomesByMetric.get("ResolveResult"));
        assertEquals(new TreeSet<>(metrics(PeerOutcome.Kind.class).values()), outcomesByMetric.get("ResolveOutcome"));
        outcomesByMetric.values().forEach(values -> assertFalse(values.contains("other"), values.toString()));
    }

    private static <E extends Enum<E> & CountedOutcome> Map<E, String> metrics(Class<E> type) {
        Map<E, String> metrics = new EnumMap<>(type);
        for (E value : type.getEnumConstants()) {
            metrics.put(value, value.metric());
        }
        return metrics;
    }

    /** The table row of {@code metric} in docs/OBSERVABILITY.md names every one of {@code values}. */
    private static void assertDocumented(String metric, Collection<String> values) {
        String row;
        try {
            row = Files.readAllLines(Path.of("docs/OBSERVABILITY.md")).stream()
                    .filter(line -> line.startsWith("| `" + metric + "` |")).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Set<String> missing = values.stream().filter(value -> !row.contains("`" + value + "`"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(missing.isEmpty(), metric + " values missing from docs/OBSERVABILITY.md: " + missing);
    }

    private static List<String> captured(Consumer<NodeMetrics> emit) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        emit.accept(new NodeMetrics(new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.systemUTC()));
        return Arrays.stream(bytes.toString(StandardCharsets.UTF_8).split("\n")).filter(l -> !l.isBlank()).toList();
    }
}
