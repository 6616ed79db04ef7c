package dev.lambdachain.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.wire.Json;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;

/**
 * Structured log lines: one JSON object per line on stderr, which Lambda sends to CloudWatch
 * (queryable with Logs Insights) and the local runner shows as is. The stack trace of an
 * unexpected failure goes into the line, never into a response.
 */
public final class Log {
    private Log() {
    }

    public static void warn(String message, Map<String, String> fields, Throwable failure) {
        write("WARN", message, fields, failure);
    }

    public static void error(String message, Map<String, String> fields, Throwable failure) {
        write("ERROR", message, fields, failure);
    }

    private static void write(String level, String message, Map<String, String> fields, Throwable failure) {
        ObjectNode line = Json.object();
        line.put("time", Instant.now().toString());
        line.put("level", level);
        line.put("message", message);
        fields.forEach(line::put);
        if (failure != null) {
            line.put("exception", failure.getClass().getName());
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            line.put("stack", trace.toString());
        }
        System.err.println(Json.write(line));
    }
}
