package dev.lambdachain.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.SortedSet;

/**
 * openapi.yaml read for tests: its operations by route key ({@code "GET /chain"}), the routes of
 * template.yaml to compare them with, and validation of a real response against the schema the
 * document gives for its route, status and content type. OpenAPI 3.1 schemas are JSON Schema
 * 2020-12, so a plain JSON Schema validator checks them.
 */
public final class OpenApiDocument {
    /** Marks an operation whose route is not in the template yet. */
    public static final String PLANNED = "x-lambdachain-planned";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final JsonNode root;

    private OpenApiDocument(JsonNode root) {
        this.root = root;
    }

    public static Path projectDir() {
        return Path.of(System.getProperty("lambdachain.project.dir", ".")).toAbsolutePath();
    }

    public static OpenApiDocument read() {
        try {
            return new OpenApiDocument(new YAMLMapper().readTree(Files.readString(projectDir().resolve("openapi.yaml"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every HttpApi route of template.yaml as "METHOD /path". */
    public static SortedSet<String> templateRoutes() {
        JsonNode template;
        try {
            template = new YAMLMapper().readTree(Files.readString(projectDir().resolve("template.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SortedSet<String> routes = new TreeSet<>();
        template.path("Resources").forEach(resource -> resource.path("Properties").path("Events").forEach(event -> {
            if ("HttpApi".equals(event.path("Type").asText())) {
                JsonNode properties = event.path("Properties");
                routes.add(properties.path("Method").asText().toUpperCase(Locale.ROOT) + " " + properties.path("Path").asText());
            }
        }));
        return routes;
    }

    /** The operations, by route key, that are ({@code planned}) or are not marked {@value #PLANNED}. */
    public Map<String, JsonNode> operations(boolean planned) {
        Map<String, JsonNode> operations = new TreeMap<>();
        root.path("paths").properties().forEach(path -> METHODS.forEach(method -> {
            JsonNode operation = path.getValue().get(method);
            if (operation != null && operation.path(PLANNED).asBoolean(false) == planned) {
                operations.put(method.toUpperCase(Locale.ROOT) + " " + path.getKey(), operation);
            }
        }));
        return operations;
    }

    /** A node of the document with its $ref followed (once per level, as OpenAPI allows), and its pointer. */
    public record Located(String pointer, JsonNode node) {
    }

    public Located resolve(String pointer) {
        JsonNode node = root.at(pointer);
        while (node.has("$ref")) {
            pointer = node.get("$ref").asText().substring(1);
            node = root.at(pointer);
        }
        return new Located(pointer, node);
    }

    public static String pointerPart(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** The response object the document gives for {@code routeKey} and {@code status}, if any. */
    public Located response(String routeKey, int status) {
        String[] parts = routeKey.split(" ", 2);
        return resolve("/paths/" + pointerPart(parts[1]) + "/" + parts[0].toLowerCase(Locale.ROOT)
                + "/responses/" + status);
    }

    /**
     * What is wrong with one real response for the document, or nothing: the status must be
     * documented for the route, the content type too (parameters such as charset aside), and a
     * JSON body must validate against the schema.
     */
    public List<String> problems(String routeKey, int status, String contentType, String body) {
        List<String> problems = new ArrayList<>();
        Located response = response(routeKey, status);
        if (response.node().isMissingNode()) {
            problems.add(routeKey + " answered " + status + ", which openapi.yaml does not document");
            return problems;
        }
        if (!response.node().has("content")) {
            if (body != null && !body.isEmpty()) {
                problems.add(routeKey + " " + status + " is documented without a body but has one");
            }
            return problems;
        }
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim();
        String schemaPointer = response.pointer() + "/content/" + pointerPart(type) + "/schema";
        if (root.at(schemaPointer).isMissingNode()) {
            problems.add(routeKey + " " + status + " answered " + type + ", which openapi.yaml does not document");
            return problems;
        }
        JsonNode instance;
        try {
            instance = "application/json".equals(type) ? JSON.readTree(body) : JSON.getNodeFactory().textNode(body);
        } catch (IOException e) {
            problems.add(routeKey + " " + status + " is not JSON: " + body);
            return problems;
        }
        for (Error error : schemaAt(schemaPointer).validate(instance)) {
            problems.add(routeKey + " " + status + ": " + error + " in " + body);
        }
        return problems;
    }

    /**
     * The schema at {@code pointer}, with the whole document around it so that its $refs to
     * #/components resolve: the document itself as a schema that refers to a copy of that one under
     * $defs (so no path with braces needs to be written as a URI fragment). The document's other
     * members are no JSON Schema keywords and are ignored.
     */
    private Schema schemaAt(String pointer) {
        ObjectNode schema = root.deepCopy();
        schema.putObject("$defs").set("response", root.at(pointer).deepCopy());
        schema.put("$ref", "#/$defs/response");
        return SCHEMAS.getSchema(schema);
    }

    public JsonNode root() {
        return root;
    }
}
