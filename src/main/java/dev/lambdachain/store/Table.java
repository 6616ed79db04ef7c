package dev.lambdachain.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * What every part of the store works with: the client, the table's name, its pager and
 * transactor, the clock, and the number of mempool shards.
 */
record Table(DynamoDbClient db, String name, Pager pager, Transactor transactor, Clock clock, int shards) {
    static Table of(DynamoDbClient db, String name, Clock clock, int shards) {
        return new Table(db, name, new Pager(db, name), new Transactor(db), clock, shards);
    }
}
