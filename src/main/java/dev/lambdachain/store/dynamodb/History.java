package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Page;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.store.ChainStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.lambdachain.store.dynamodb.Attributes.s;

/**
 * An address's confirmed transactions, newest first, through the sparse {@code history-out} and
 * {@code history-in} indexes (docs/DYNAMODB.md): both are queried backwards from the cursor and
 * merged by position in the chain. The indexes are eventually consistent, so every entry is checked
 * against its item (a strongly consistent batch read) and only transactions still confirmed at that
 * position return: a chain swap a moment ago cannot show through.
 */
final class History implements ChainStore.History {
    /** A cursor is the position of the last entry of the previous page. */
    private static final Pattern CURSOR = Pattern.compile("[0-9]{19}#[0-9]{5}");

    private final ViewReads reads;

    History(ViewReads reads) {
        this.reads = reads;
    }

    /** {@inheritDoc} A cursor is a history position: height (19 digits) # index (5 digits). */
    @Override
    public boolean isCursor(String cursor) {
        return cursor != null && CURSOR.matcher(cursor).matches();
    }

    @Override
    public Page<TransactionRecord> page(String address, String before, int limit) {
        if (before != null && !isCursor(before)) {
            throw new IllegalArgumentException("not a history cursor: " + before);
        }
        Map<String, String> positions = new HashMap<>();
        for (Map<String, AttributeValue> entry : newest(TransactionCodec.HISTORY_OUT_INDEX, TransactionCodec.SENT_BY,
                address, before, limit + 1)) {
            positions.put(Attributes.text(entry, Attributes.SK), Attributes.text(entry, TransactionCodec.POSITION));
        }
        for (Map<String, AttributeValue> entry : newest(TransactionCodec.HISTORY_IN_INDEX, TransactionCodec.RECEIVED_BY,
                address, before, limit + 1)) {
            positions.put(Attributes.text(entry, Attributes.SK), Attributes.text(entry, TransactionCodec.POSITION));
        }
        List<Map.Entry<String, String>> merged = new ArrayList<>(positions.entrySet());
        merged.sort(Map.Entry.<String, String>comparingByValue(Comparator.reverseOrder()));
        boolean more = merged.size() > limit;
        List<Map.Entry<String, String>> shown = merged.subList(0, Math.min(limit, merged.size()));

        List<TransactionRecord> records = reads.consistently(view -> {
            Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
            reads.pager()
                    .getAll(shown.stream().map(e -> Attributes.key(TransactionCodec.PARTITION, e.getKey())).toList())
                    .forEach(item -> items.put(Attributes.text(item, Attributes.SK), item));
            List<TransactionRecord> confirmed = new ArrayList<>();
            for (Map.Entry<String, String> entry : shown) {
                Map<String, AttributeValue> item = items.get(entry.getKey());
                // a swap's staged position counts for readers in its epoch: until it is folded into the index,
                // the swap's own entries are missing from a page, never shown from the other chain
                String position = item == null ? null : TransactionCodec.positionIn(item, view.epoch());
                if (position != null && entry.getValue().equals(position)) {
                    confirmed.add(TransactionCodec.decode(item, reads.network(), view.epoch()));
                }
            }
            return confirmed;
        });
        return new Page<>(records, more && !shown.isEmpty() ? shown.get(shown.size() - 1).getValue() : null);
    }

    private List<Map<String, AttributeValue>> newest(String index, String keyAttribute, String address, String before,
                                                     int limit) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":a", s(address));
        String condition = keyAttribute + " = :a";
        if (before != null) {
            values.put(":before", s(before));
            condition += " AND " + TransactionCodec.POSITION + " < :before";
        }
        return reads.pager().query(QueryRequest.builder().indexName(index).keyConditionExpression(condition)
                .expressionAttributeValues(values).scanIndexForward(false), limit);
    }
}
