package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Hash;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * What every part of the store works with: the client, the table's name, its pager and
 * transactor, the clock, the number of mempool shards, and the network (genesis hash) whose
 * signed transactions it reads.
 */
record Table(DynamoDbClient db, String name, Pager pager, Transactor transactor, Clock clock, int shards,
             Hash network) {
    static Table of(DynamoDbClient db, String name, Clock clock, int shards, Hash network) {
        return new Table(db, name, new Pager(db, name), new Transactor(db), clock, shards, network);
    }
}
