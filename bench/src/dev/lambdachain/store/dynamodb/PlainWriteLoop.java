package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Transaction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The limit for POST /transactions/new on one engine (issue 19, benchmark e): the same two-item
 * TransactWriteItems a POST commits (TransactionCodec.putPending + AccountCodec.reserve, the
 * node's own codecs), sent in a plain loop on THREADS threads through the node's SDK client
 * (DynamoDbConnection.open: URL-connection HTTP), each thread spending from its own funded
 * account, so no two writes conflict. Prints commits per second over the measured seconds.
 *
 * <p>Arguments: ENDPOINT TABLE THREADS WARMUP_SECONDS SECONDS. The table is created if missing.
 */
public final class PlainWriteLoop {
    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        String table = args[1];
        int threads = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        try (DynamoDbConnection connection = DynamoDbConnection.open(endpoint)) {
            connection.createTableIfMissing(table);
            DynamoDbClient client = connection.client();
            for (int i = 0; i < threads; i++) {
                Map<String, AttributeValue> item = new HashMap<>(AccountCodec.key(sender(i)));
                item.put("available", AttributeValue.fromN("1000000000000"));
                client.putItem(PutItemRequest.builder().tableName(table).item(item).build());
            }
            run(client, table, threads, warmup, "warm-up");
            long commits = run(client, table, threads, seconds, "measured");
            System.out.printf("PLAIN_COMMITS_PER_SEC %.1f (%d commits in %d s, %d threads)%n",
                    commits / (double) seconds, commits, seconds, threads);
        }
    }

    private static String sender(int thread) {
        return String.format("plain%02d", thread);
    }

    private static long run(DynamoDbClient client, String table, int threads, int seconds, String phase)
            throws InterruptedException {
        LongAdder commits = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers[t] = new Thread(() -> {
                for (long n = 0; !stop.get(); n++) {
                    Transaction tx = new Transaction(sender(thread), phase + "-t" + thread + "-" + n, Amount.of(1),
                            System.currentTimeMillis(), 0, null, null);
                    client.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(List.of(
                            TransactionCodec.putPending(table, tx, System.currentTimeMillis(), 4),
                            AccountCodec.reserve(table, tx.sender(), 1, null))).build());
                    commits.increment();
                }
            });
            workers[t].start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        return commits.sum();
    }
}
