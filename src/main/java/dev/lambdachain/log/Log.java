package dev.lambdachain.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.wire.Json;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Structured log lines: one JSON object per line on stderr, which Lambda sends to CloudWatch
 * (queryable with Logs Insights) and the local runner shows as is. A line written during a request
 * carries its {@code requestId}, {@code function} and {@code route} ({@link RequestContext}). Lines
 * below the level of the {@code LOG_LEVEL} environment variable ({@code DEBUG}, {@code INFO},
 * {@code WARN}, {@code ERROR}; default {@code INFO}) are not written. The stack trace of an
 * unexpected failure goes into the line, never into a response.
 */
public final class Log {
    /** Levels in increasing severity. */
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private static final Level THRESHOLD = threshold(System.getenv("LOG_LEVEL"));

    private Log() {
    }

    /** The level named by {@code value} (any case), or INFO when it is absent or names none. */
    static Level threshold(String value) {
        if (value == null || value.isBlank()) {
            return Level.INFO;
        }
        try {
            return Level.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return Level.INFO;
        }
    }

    public static boolean enabled(Level level) {
        return level.compareTo(THRESHOLD) >= 0;
    }

    public static void debug(String message, Map<String, ?> fields) {
        write(Level.DEBUG, message, fields, null);
    }

    public static void info(String message, Map<String, ?> fields) {
        write(Level.INFO, message, fields, null);
    }

    public static void warn(String message, Map<String, String> fields, Throwable failure) {
        write(Level.WARN, message, fields, failure);
    }

    public static void error(String message, Map<String, String> fields, Throwable failure) {
        write(Level.ERROR, message, fields, failure);
    }

    private static void write(Level level, String message, Map<String, ?> fields, Throwable failure) {
        if (!enabled(level)) {
            return;
        }
        ObjectNode line = Json.object();
        line.put("time", Instant.now().toString());
        line.put("level", level.name());
        line.put("message", message);
        RequestContext request = RequestContext.current();
        if (request != null) {
            line.put("requestId", request.requestId());
            line.put("function", request.function());
            line.put("route", request.route());
        }
        fields.forEach((name, value) -> {
            if (value instanceof Long number) {
                line.put(name, number);
            } else if (value instanceof Integer number) {
                line.put(name, number);
            } else if (value instanceof Double number) {
                line.put(name, number);
            } else {
                line.put(name, String.valueOf(value));
            }
        });
        if (failure != null) {
            line.put("exception", failure.getClass().getName());
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            line.put("stack", trace.toString());
        }
        PrintStream err = System.err; // read per line: the local runner and tests may redirect it
        err.println(Json.write(line));
    }
}
