package dev.lambdachain.wire;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.NodeException;
import dev.lambdachain.core.Transaction;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of blocks and transactions, shared by the API, the store and the peer client,
 * and the one {@link ObjectMapper} of the process. Parsing is strict: wrong types, fractions,
 * numbers out of range and duplicate keys are 400s naming the field.
 */
public final class Wire {
    public static final ObjectMapper JSON = createMapper();
    private static final int MAX_NESTING = 32;

    private Wire() {
    }

    private static ObjectMapper createMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxNumberLength(100)
                .maxStringLength(1 << 20)
                .build());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return mapper;
    }

    /** Parses a request or response body that must be one JSON object. */
    public static ObjectNode parseObject(String body) {
        if (body == null || body.isBlank()) {
            throw NodeException.invalid("the request body must be a JSON object, got an empty body");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw NodeException.invalid("the request body " + describe(e));
        }
        if (node == null || !node.isObject()) {
            throw NodeException.invalid("the request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** The parser's complaint in our words: where it is, never the parser's own internals. */
    private static String describe(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "is not valid JSON: nested deeper than " + MAX_NESTING
                    + " levels, or a number or string too long";
        }
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 0 ? "is not valid JSON"
                : "is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public static ObjectNode transaction(Transaction tx) {
        ObjectNode node = object();
        node.put("id", tx.id().hex());
        node.put("sender", tx.sender());
        node.put("recipient", tx.recipient());
        node.put("amount", tx.amount().units());
        node.put("timestamp", tx.timestamp());
        node.put("sequence", tx.sequence());
        if (tx.publicKey() != null) {
            node.put("public_key", tx.publicKey());
        }
        if (tx.signature() != null) {
            node.put("signature", tx.signature());
        }
        return node;
    }

    public static ObjectNode block(Block block) {
        ObjectNode node = object();
        node.put("height", block.height());
        node.put("timestamp", block.timestamp());
        node.put("previous_hash", block.previousHash().hex());
        node.put("merkle_root", block.merkleRoot().hex());
        node.put("difficulty", block.difficulty());
        node.put("nonce", block.nonce());
        node.put("hash", block.hash().hex());
        ArrayNode txs = node.putArray("transactions");
        block.transactions().forEach(tx -> txs.add(transaction(tx)));
        return node;
    }

    /** Reads a transaction with all its fields (a stored one, or one inside a peer's block). */
    public static Transaction readTransaction(JsonNode node) {
        requireObject(node, "transaction");
        Transaction tx = new Transaction(
                text(node, "sender"),
                text(node, "recipient"),
                amount(node, "amount"),
                longValue(node, "timestamp"),
                longValue(node, "sequence"),
                optionalText(node, "public_key"),
                optionalText(node, "signature"));
        JsonNode id = node.get("id");
        if (id != null && !tx.id().hex().equals(id.asText())) {
            throw NodeException.invalid("transaction id " + id.asText() + " does not match its contents");
        }
        return tx;
    }

    /** Reads a block from its JSON text; malformed text is a 400 like any other bad block. */
    public static Block readBlock(String json) {
        try {
            return readBlock(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw NodeException.invalid("a block " + describe(e));
        }
    }

    /** Reads a block; a stated hash must match the header. */
    public static Block readBlock(JsonNode node) {
        requireObject(node, "block");
        JsonNode txs = node.get("transactions");
        if (txs == null || !txs.isArray()) {
            throw NodeException.invalid("block.transactions must be an array");
        }
        List<Transaction> transactions = new ArrayList<>(txs.size());
        txs.forEach(tx -> transactions.add(readTransaction(tx)));
        long difficulty = longValue(node, "difficulty");
        if (difficulty < 0 || difficulty > 64) {
            throw NodeException.invalid("block.difficulty must be between 0 and 64");
        }
        Block block = new Block(
                longValue(node, "height"),
                longValue(node, "timestamp"),
                Hash.parse(text(node, "previous_hash"), "previous_hash"),
                Hash.parse(text(node, "merkle_root"), "merkle_root"),
                (int) difficulty,
                longValue(node, "nonce"),
                transactions);
        JsonNode hash = node.get("hash");
        if (hash != null && !block.hash().hex().equals(hash.asText())) {
            throw NodeException.invalid("block " + block.height() + " states hash " + hash.asText()
                    + " but its header hashes to " + block.hash());
        }
        return block;
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw NodeException.invalid(field + " is required");
        }
        if (!value.isTextual()) {
            throw NodeException.invalid(field + " must be a string");
        }
        return value.textValue();
    }

    public static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : text(node, field);
    }

    /** A positive whole number of units that fits in 64 bits. */
    public static Amount amount(JsonNode node, String field) {
        return Amount.positive(longValue(node, field), field);
    }

    public static long longValue(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw NodeException.invalid(field + " is required");
        }
        if (!value.isNumber()) {
            throw NodeException.invalid(field + " must be a number, got " + value.getNodeType().name().toLowerCase());
        }
        if (!value.isIntegralNumber()) {
            throw NodeException.invalid(field + " must be a whole number, got " + value.asText());
        }
        if (!value.canConvertToLong()) {
            throw NodeException.invalid(field + " is too large: at most " + Long.MAX_VALUE);
        }
        return value.longValue();
    }

    private static void requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw NodeException.invalid(what + " must be a JSON object");
        }
    }
}
