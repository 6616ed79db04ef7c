package dev.lambdachain.store.dynamodb;

import dev.lambdachain.store.PeerStanding;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.Map;

import static dev.lambdachain.store.dynamodb.Attributes.n;
import static dev.lambdachain.store.dynamodb.Attributes.s;

/**
 * Peer items ({@code PEER/<base URL>}, with {@code failures} and {@code retryAt} once it served
 * an invalid chain) and the peer count ({@code META/PEERS}, attribute {@code count}), which every
 * registration raises under a condition so that concurrent registrations cannot take the list
 * past its cap. A peer that did not answer a resolve carries {@code misses}, its resolves in a row
 * without an answer.
 */
final class PeerCodec {
    static final String PARTITION = "PEER";
    static final Map<String, AttributeValue> COUNT_KEY = Attributes.key("META", "PEERS");
    private static final String FAILURES = "failures";
    private static final String RETRY_AT = "retryAt";
    private static final String MISSES = "misses";

    private PeerCodec() {
    }

    static Map<String, AttributeValue> key(String url) {
        return Attributes.key(PARTITION, url);
    }

    /** A new peer; fails when it is registered already. */
    static TransactWriteItem put(String table, String url) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(Map.of(Attributes.PK, s(PARTITION), Attributes.SK, s(url), Attributes.VERSION, Attributes.format()))
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    /** Raises the count by {@code added}; fails (returning the count) when that would pass {@code cap}. */
    static TransactWriteItem raiseCount(String table, int added, int cap) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(COUNT_KEY)
                .updateExpression("ADD #c :added SET v = :v")
                .conditionExpression("attribute_not_exists(#c) OR #c <= :most")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":added", n(added), ":most", n(cap - added), ":v", Attributes.format()))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    /** Deletes a peer; fails when it is not registered (any more). */
    static TransactWriteItem delete(String table, String url) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key(url))
                .conditionExpression("attribute_exists(pk)").build()).build();
    }

    /** Lowers the count by {@code removed}, the peer items deleted in the same transaction. */
    static TransactWriteItem lowerCount(String table, int removed) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(COUNT_KEY)
                .updateExpression("ADD #c :removed SET v = :v")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":removed", n(-removed), ":v", Attributes.format()))
                .build()).build();
    }

    static String url(Map<String, AttributeValue> item) {
        return Attributes.text(Attributes.checked(item), Attributes.SK);
    }

    static PeerStanding standing(Map<String, AttributeValue> item) {
        return new PeerStanding(url(item), Attributes.number(item, FAILURES), Attributes.number(item, RETRY_AT),
                Attributes.number(item, MISSES));
    }

    /** Records one more invalid answer; the peer is not asked before {@code retryAt}. Absent peers stay absent. */
    static UpdateItemRequest penalise(String table, String url, long failures, long retryAt) {
        return UpdateItemRequest.builder().tableName(table).key(key(url))
                .updateExpression("SET #f = :failures, #r = :retryAt")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#f", FAILURES, "#r", RETRY_AT))
                .expressionAttributeValues(Map.of(":failures", n(failures), ":retryAt", n(retryAt)))
                .build();
    }

    /** Forgets a peer's failures once it served a valid chain. */
    static UpdateItemRequest forgive(String table, String url) {
        return UpdateItemRequest.builder().tableName(table).key(key(url))
                .updateExpression("REMOVE #f, #r")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#f", FAILURES, "#r", RETRY_AT))
                .build();
    }

    /** Adds one to the peer's misses, returning the new count. Absent peers stay absent. */
    static UpdateItemRequest miss(String table, String url) {
        return UpdateItemRequest.builder().tableName(table).key(key(url))
                .updateExpression("ADD #m :one")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#m", MISSES))
                .expressionAttributeValues(Map.of(":one", n(1)))
                .returnValues(ReturnValue.UPDATED_NEW)
                .build();
    }

    static long misses(Map<String, AttributeValue> item) {
        return Attributes.number(item, MISSES);
    }

    /** Forgets a peer's misses once it answered. */
    static UpdateItemRequest answered(String table, String url) {
        return UpdateItemRequest.builder().tableName(table).key(key(url))
                .updateExpression("REMOVE #m")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#m", MISSES))
                .build();
    }

    static long count(Map<String, AttributeValue> item) {
        return Attributes.number(item, "count");
    }
}
