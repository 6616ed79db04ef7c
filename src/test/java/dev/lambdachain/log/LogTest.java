package dev.lambdachain.log;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A log writes exactly the lines docs/OBSERVABILITY.md describes to the stream it was given, dated
 * by the clock it was given, and none below its threshold.
 */
class LogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2001-09-09T01:46:40Z"), ZoneOffset.UTC);

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    private Log log(Log.Level threshold) {
        return new Log(new PrintStream(written, true, StandardCharsets.UTF_8), CLOCK, threshold);
    }

    private List<String> lines() {
        return written.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aLineIsOneJsonObjectDatedByTheClockWithItsFieldsInOrder() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("height", 7L);
        fields.put("transactions", 2);
        fields.put("seconds", 1.5);
        fields.put("peer", "http://127.0.0.1:9001");
        log(Log.Level.INFO).info("block mined", fields);
        assertEquals(List.of("{\"time\":\"2001-09-09T01:46:40Z\",\"level\":\"INFO\",\"message\":\"block mined\","
                + "\"height\":7,\"transactions\":2,\"seconds\":1.5,\"peer\":\"http://127.0.0.1:9001\"}"), lines());
    }

    @Test
    void aLineDuringARequestCarriesItsRequestIdFunctionAndRoute() {
        Log log = log(Log.Level.DEBUG);
        new RequestContext("r-1", "InfoFunction", "GET /info").during(() -> {
            log.warn("the store is busy", Map.of("cause", "ConnectException"), null);
            return null;
        });
        log.debug("outside", Map.of());
        assertEquals(List.of(
                "{\"time\":\"2001-09-09T01:46:40Z\",\"level\":\"WARN\",\"message\":\"the store is busy\","
                        + "\"requestId\":\"r-1\",\"function\":\"InfoFunction\",\"route\":\"GET /info\","
                        + "\"cause\":\"ConnectException\"}",
                "{\"time\":\"2001-09-09T01:46:40Z\",\"level\":\"DEBUG\",\"message\":\"outside\"}"), lines());
    }

    @Test
    void linesBelowTheThresholdAreNotWritten() {
        Log log = log(Log.Level.WARN);
        log.debug("debug", Map.of());
        log.info("info", Map.of());
        log.warn("warn", Map.of(), null);
        log.error("error", Map.of(), null);
        assertEquals(List.of(
                "{\"time\":\"2001-09-09T01:46:40Z\",\"level\":\"WARN\",\"message\":\"warn\"}",
                "{\"time\":\"2001-09-09T01:46:40Z\",\"level\":\"ERROR\",\"message\":\"error\"}"), lines());
        assertEquals(false, log.enabled(Log.Level.INFO));
        assertEquals(true, log.enabled(Log.Level.ERROR));
    }

    @Test
    void aFailureGoesIntoItsLineWithItsClassAndStackTrace() {
        log(Log.Level.INFO).error("request failed", Map.of("route", "GET /info"), new IOException("disk gone"));
        List<String> lines = lines();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("{\"time\":\"2001-09-09T01:46:40Z\",\"level\":\"ERROR\","
                + "\"message\":\"request failed\",\"route\":\"GET /info\",\"exception\":\"java.io.IOException\","
                + "\"stack\":\"java.io.IOException: disk gone\\n\\tat dev.lambdachain.log.LogTest."), lines.get(0));
    }

    @Test
    void theLevelSettingIsReadInAnyCaseAndAnUnknownValueMeansInfo() {
        assertEquals(Log.Level.DEBUG, Log.Level.named("debug"));
        assertEquals(Log.Level.WARN, Log.Level.named(" Warn "));
        assertEquals(Log.Level.ERROR, Log.Level.named("ERROR"));
        assertEquals(Log.Level.INFO, Log.Level.named("loud"));
        assertEquals(Log.Level.INFO, Log.Level.named(" "));
        assertEquals(Log.Level.INFO, Log.Level.named(null));
    }
}
