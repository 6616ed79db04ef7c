package dev.lambdachain.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Lambda functions of template.yaml with their HTTP API routes: what the runner serves and invokes. */
final class SamTemplate {
    static final String FILE_NAME = "template.yaml";
    private static final String FUNCTION_TYPE = "AWS::Serverless::Function";
    /** Lambda's own defaults, used when neither the function nor Globals set a value. */
    private static final int DEFAULT_TIMEOUT_SECONDS = 3;
    private static final int DEFAULT_MEMORY_MB = 128;
    /** The authorizer name of a route open to anyone. */
    private static final String NO_AUTHORIZER = "NONE";

    /**
     * One HTTP API route: API Gateway's route key is {@code "METHOD /path"}. {@code ownerOnly} when
     * its authorizer (the event's {@code Auth.Authorizer}, else the HttpApi's {@code DefaultAuthorizer})
     * is not {@code NONE}: deployed, only the owner's signed calls reach it (IAM).
     */
    record Route(String method, String path, boolean ownerOnly) {
        String key() {
            return method + " " + path;
        }
    }

    /** One function: its logical id, handler class, limits and routes. */
    record Function(String logicalId, String handlerClass, int timeoutSeconds, int memoryMb, List<Route> routes) {
    }

    private final String source;
    private final List<Function> functions;

    private SamTemplate(String source, List<Function> functions) {
        this.source = source;
        this.functions = functions;
    }

    /** {@code explicit} if given, else ./template.yaml, else the copy bundled in lambdachain.jar. */
    static SamTemplate locate(Path explicit) throws IOException {
        if (explicit != null) {
            return read(explicit);
        }
        Path here = Path.of(FILE_NAME);
        if (Files.isRegularFile(here)) {
            return read(here);
        }
        try (InputStream bundled = SamTemplate.class.getResourceAsStream("/" + FILE_NAME)) {
            if (bundled == null) {
                throw new FileNotFoundException("no " + FILE_NAME + " here or in the jar: pass --template PATH");
            }
            return parse(new String(bundled.readAllBytes(), StandardCharsets.UTF_8),
                    FILE_NAME + " bundled in the jar");
        }
    }

    static SamTemplate read(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** CloudFormation tags (!Ref, !Sub, ...) are dropped: only literal handlers, paths and numbers are read. */
    static SamTemplate parse(String yaml, String source) throws IOException {
        JsonNode root = new YAMLMapper().readTree(yaml);
        JsonNode globals = root.path("Globals").path("Function");
        String defaultAuthorizer = root.path("Globals").path("HttpApi").path("Auth").path("DefaultAuthorizer")
                .asText(NO_AUTHORIZER);
        List<Function> functions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : root.path("Resources").properties()) {
            JsonNode body = resource.getValue();
            if (FUNCTION_TYPE.equals(body.path("Type").asText())) {
                functions.add(function(resource.getKey(), body.path("Properties"), globals, defaultAuthorizer));
            }
        }
        return new SamTemplate(source, List.copyOf(functions));
    }

    String source() {
        return source;
    }

    List<Function> functions() {
        return functions;
    }

    private static Function function(String logicalId, JsonNode properties, JsonNode globals,
                                     String defaultAuthorizer) {
        String handler = properties.path("Handler").asText(globals.path("Handler").asText(""));
        if (handler.isEmpty()) {
            throw new IllegalArgumentException(logicalId + " has no Handler");
        }
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> event : properties.path("Events").properties()) {
            JsonNode spec = event.getValue();
            if ("HttpApi".equals(spec.path("Type").asText())) {
                routes.add(route(logicalId + "." + event.getKey(), spec.path("Properties"), defaultAuthorizer));
            }
        }
        return new Function(logicalId,
                handler.split("::", 2)[0],
                number(logicalId, "Timeout", properties, globals, DEFAULT_TIMEOUT_SECONDS),
                number(logicalId, "MemorySize", properties, globals, DEFAULT_MEMORY_MB),
                List.copyOf(routes));
    }

    /** Only explicit routes: a catch-all HttpApi event (no Path) would need $default routing, which nothing here uses. */
    private static Route route(String name, JsonNode properties, String defaultAuthorizer) {
        String path = properties.path("Path").asText("");
        String method = properties.path("Method").asText("");
        if (!path.startsWith("/") || method.isEmpty()) {
            throw new IllegalArgumentException(name + ": an HttpApi event needs a Path starting with / and a Method");
        }
        String authorizer = properties.path("Auth").path("Authorizer").asText(defaultAuthorizer);
        return new Route(method.toUpperCase(Locale.ROOT), path, !NO_AUTHORIZER.equals(authorizer));
    }

    private static int number(String logicalId, String field, JsonNode properties, JsonNode globals, int fallback) {
        JsonNode value = properties.has(field) ? properties.get(field) : globals.get(field);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(logicalId + "." + field + " must be a literal number, got '"
                    + value.asText() + "'");
        }
    }
}
