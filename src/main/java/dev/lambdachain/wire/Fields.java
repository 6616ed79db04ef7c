package dev.lambdachain.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.InvalidValueException;

/**
 * Strict reads of one field of a JSON object: a number must be a JSON integer that fits in 64
 * bits, a string a JSON string. Every refusal is an {@link InvalidValueException} naming the field.
 */
public final class Fields {
    private Fields() {
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidValueException(field + " is required");
        }
        if (!value.isTextual()) {
            throw new InvalidValueException(field + " must be a string");
        }
        return value.textValue();
    }

    /** The string, or null when the field is absent or JSON null. */
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
            throw new InvalidValueException(field + " is required");
        }
        if (!value.isNumber()) {
            throw new InvalidValueException(field + " must be a number, got "
                    + value.getNodeType().name().toLowerCase());
        }
        if (!value.isIntegralNumber()) {
            throw new InvalidValueException(field + " must be a whole number, got " + value.asText());
        }
        if (!value.canConvertToLong()) {
            throw new InvalidValueException(field + " is too large: at most " + Long.MAX_VALUE);
        }
        return value.longValue();
    }

    /** Refuses anything but a JSON object, naming {@code what} it should have been. */
    public static void requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new InvalidValueException(what + " must be a JSON object");
        }
    }
}
