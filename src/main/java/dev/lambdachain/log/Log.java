package dev.lambdachain.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.wire.Json;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * Structured log lines: one JSON object per line on the stream a log is given (in Lambda stderr,
 * which Lambda sends to CloudWatch, queryable with Logs Insights; the local runner shows it as
 * is). A line has {@code time} (ISO-8601 UTC, from the log's clock), {@code level} and
 * {@code message}; written during a request it carries its {@code requestId}, {@code function}
 * and {@code route} ({@link RequestContext}). Lines below the log's threshold are not written.
 * The stack trace of an unexpected failure goes into the line, never into a response. One log per
 * process, built with its node (docs/OBSERVABILITY.md, Logs).
 */
public final class Log {
    /** Levels in increasing severity. */
    public enum Level {
        DEBUG, INFO, WARN, ERROR;

        /**
         * The level named by {@code value} (any case, surrounding blanks ignored), or INFO when it
         * is null, blank or names none (the {@code LOG_LEVEL} setting's documented fallback).
         */
        public static Level named(String value) {
            if (value == null || value.isBlank()) {
                return INFO;
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                return INFO;
            }
        }
    }

    private final PrintStream out;
    private final Clock clock;
    private final Level threshold;

    /**
     * A log writing its lines to {@code out}, dated by {@code clock}, leaving out lines below
     * {@code threshold}.
     */
    public Log(PrintStream out, Clock clock, Level threshold) {
        this.out = out;
        this.clock = clock;
        this.threshold = threshold;
    }

    /** True when a line at {@code level} is written (it is at or above the threshold). */
    public boolean enabled(Level level) {
        return level.compareTo(threshold) >= 0;
    }

    /** A DEBUG line; {@code fields} become members (numbers as numbers, anything else as text). */
    public void debug(String message, Map<String, ?> fields) {
        write(Level.DEBUG, message, fields, null);
    }

    /** An INFO line; {@code fields} become members (numbers as numbers, anything else as text). */
    public void info(String message, Map<String, ?> fields) {
        write(Level.INFO, message, fields, null);
    }

    /** A WARN line with {@code failure}'s class and stack trace when it is not null. */
    public void warn(String message, Map<String, String> fields, Throwable failure) {
        write(Level.WARN, message, fields, failure);
    }

    /** An ERROR line with {@code failure}'s class and stack trace when it is not null. */
    public void error(String message, Map<String, String> fields, Throwable failure) {
        write(Level.ERROR, message, fields, failure);
    }

    private void write(Level level, String message, Map<String, ?> fields, Throwable failure) {
        if (!enabled(level)) {
            return;
        }
        ObjectNode line = Json.object();
        line.put("time", clock.instant().toString());
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
        out.println(Json.write(line));
    }
}
