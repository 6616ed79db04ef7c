package dev.lambdachain.store.dynamodb;

import dev.lambdachain.store.CorruptItemException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * The table's key attributes, the format version every item carries, and typed reads of item
 * attributes that turn a missing or malformed one into a {@link CorruptItemException}.
 */
final class Attributes {
    static final String PK = "pk";
    static final String SK = "sk";
    /** Format version attribute: which layout an item was written in (docs/DYNAMODB.md). */
    static final String VERSION = "v";
    /** The layout this node writes and the only one it reads. */
    static final int FORMAT = 1;

    private Attributes() {
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue format() {
        return n(FORMAT);
    }

    /** A number attribute, 0 when absent (ADD creates attributes lazily). */
    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.n());
        } catch (NumberFormatException | NullPointerException e) {
            throw new CorruptItemException("item " + describe(item) + ": attribute " + name
                    + " is not a 64-bit whole number", e);
        }
    }

    static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.s() == null) {
            throw new CorruptItemException("item " + describe(item) + ": attribute " + name + " is missing");
        }
        return value.s();
    }

    /** Refuses an item written in a layout this node does not know (or before layouts had versions). */
    static Map<String, AttributeValue> checked(Map<String, AttributeValue> item) {
        AttributeValue version = item.get(VERSION);
        if (version == null || !Integer.toString(FORMAT).equals(version.n())) {
            throw new CorruptItemException("item " + describe(item) + " is in format "
                    + (version == null ? "none (written before format versions)" : version.n())
                    + "; this node reads format " + FORMAT);
        }
        return item;
    }

    static String describe(Map<String, AttributeValue> item) {
        AttributeValue pk = item.get(PK);
        AttributeValue sk = item.get(SK);
        return (pk == null ? "?" : pk.s()) + "/" + (sk == null ? "?" : sk.s());
    }
}
