package dev.lambdachain.wire;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.InvalidValueException;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process's one JSON reader and writer, both immutable and private to this class: strict
 * (duplicate keys, trailing tokens and deep nesting refused; fractions kept exact) and shared by
 * every format (API, peers, stored items, log lines). Which fields a format has is the business
 * of its own class ({@link ProtocolJson}, the store's codecs), never of this one.
 */
public final class Json {
    private static final int MAX_NESTING = 32;
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");
    private static final ObjectReader READER;
    /** As {@link #READER}, for one value inside a document: what follows it is the document's business. */
    private static final ObjectReader VALUE_READER;
    private static final ObjectWriter WRITER;

    static {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxNumberLength(100)
                .maxStringLength(1 << 20)
                .build());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        READER = mapper.reader();
        VALUE_READER = READER.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        WRITER = mapper.writer();
    }

    private Json() {
    }

    /**
     * Parses {@code text}; {@code what} names it in the error ("the request body").
     *
     * @throws InvalidValueException saying what is wrong in the writer's terms: a duplicate
     *         field by name, an early end, or the line and column of a syntax error
     */
    public static JsonNode read(String text, String what) {
        return parse(() -> READER.readTree(text), what);
    }

    /** As {@link #read(String, String)}, from UTF-8 bytes. */
    public static JsonNode read(byte[] utf8, String what) {
        return parse(() -> READER.readTree(utf8), what);
    }

    /**
     * As {@link #read(String, String)}, from a stream that may fail while it is read (a peer's
     * answer): the stream's own failure comes through as it is.
     *
     * @throws IOException the stream failed (not a parse error: those are {@link InvalidValueException}s)
     */
    public static JsonNode read(InputStream utf8, String what) throws IOException {
        try {
            JsonNode node = READER.readTree(utf8);
            if (node == null || node.isMissingNode()) {
                throw new InvalidValueException(what + " is empty: it must be JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidValueException(what + " " + describe(e));
        }
    }

    /**
     * A parser over {@code utf8} with the same strictness as {@link #read(String, String)}, for a
     * document read token by token (a peer's /chain page); {@link #readValue} reads one value of it.
     */
    public static JsonParser parser(InputStream utf8) throws IOException {
        return READER.createParser(utf8);
    }

    /**
     * The value that starts at the {@code parser}'s current token, as a tree; the parser is left
     * on its last token.
     *
     * @throws JsonProcessingException it is not valid JSON
     * @throws IOException             the stream under the parser failed
     */
    public static JsonNode readValue(JsonParser parser) throws IOException {
        return VALUE_READER.readTree(parser);
    }

    /** A parse of text or bytes held in memory. */
    private interface Parse {
        JsonNode run() throws IOException;
    }

    private static JsonNode parse(Parse parse, String what) {
        JsonNode node;
        try {
            node = parse.run();
        } catch (JsonProcessingException e) {
            throw new InvalidValueException(what + " " + describe(e));
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidValueException(what + " is empty: it must be JSON");
        }
        return node;
    }

    /** Parses one JSON object. @throws InvalidValueException when it is not one */
    public static ObjectNode readObject(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new InvalidValueException(what + " must be a JSON object, got an empty body");
        }
        JsonNode node = read(text, what);
        if (!node.isObject()) {
            throw new InvalidValueException(what + " must be a JSON object");
        }
        return (ObjectNode) node;
    }

    public static String write(JsonNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** The parser's complaint in our words: what and where, never the parser's own internals. */
    private static String describe(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "is not valid JSON: nested deeper than " + MAX_NESTING
                    + " levels, or a number or string too long";
        }
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.find()) {
            return "is not valid JSON: duplicate field '" + duplicate.group(1) + "' (send each field once)";
        }
        if (message.startsWith("Unexpected end-of-input")) {
            return "is not valid JSON: it ends early (a closing bracket or quote is missing)";
        }
        if (message.startsWith("Trailing token")) {
            return "is not valid JSON: there is more after the first value (send one value)";
        }
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 0 ? "is not valid JSON"
                : "is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
