package dev.lambdachain.store.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates the chain table where nothing else does (a local Dynoxide, tests). In AWS the table is
 * declared in template.yaml with the same keys and indexes.
 */
public final class TableSetup {
    private TableSetup() {
    }

    /** Creates the table unless it exists; safe when several processes start at once. */
    public static void createIfMissing(DynamoDbClient db, String table) {
        try {
            db.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            attribute(Attributes.PK), attribute(Attributes.SK),
                            attribute(TransactionCodec.SHARD), attribute(TransactionCodec.ARRIVAL),
                            attribute(BlockCodec.HASH), attribute(TransactionCodec.SENT_BY),
                            attribute(TransactionCodec.RECEIVED_BY), attribute(TransactionCodec.POSITION))
                    .keySchema(key(Attributes.PK, KeyType.HASH), key(Attributes.SK, KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(TransactionCodec.MEMPOOL_INDEX)
                            .keySchema(key(TransactionCodec.SHARD, KeyType.HASH), key(TransactionCodec.ARRIVAL, KeyType.RANGE))
                            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                            .build(),
                            keysOnly(BlockCodec.HASH_INDEX, key(BlockCodec.HASH, KeyType.HASH)),
                            keysOnly(TransactionCodec.HISTORY_OUT_INDEX, key(TransactionCodec.SENT_BY, KeyType.HASH),
                                    key(TransactionCodec.POSITION, KeyType.RANGE)),
                            keysOnly(TransactionCodec.HISTORY_IN_INDEX, key(TransactionCodec.RECEIVED_BY, KeyType.HASH),
                                    key(TransactionCodec.POSITION, KeyType.RANGE))));
        } catch (ResourceInUseException exists) {
            // created already, by us earlier or by another process just now
        }
        db.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    private static GlobalSecondaryIndex keysOnly(String name, KeySchemaElement... keys) {
        return GlobalSecondaryIndex.builder().indexName(name).keySchema(keys)
                .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build();
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
