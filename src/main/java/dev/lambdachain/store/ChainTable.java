package dev.lambdachain.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.NodeException;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.wire.Wire;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * All chain state in one DynamoDB table (layout in docs/DYNAMODB.md). Every change that must be
 * atomic is one TransactWriteItems whose conditions, not any lock in this process, decide who
 * wins: a height is taken once, a spend needs {@code available}, a transaction is confirmed once.
 */
public final class ChainTable {
    static final String PK = "pk";
    static final String SK = "sk";
    static final String MEMPOOL_INDEX = "mempool";
    static final String MEMPOOL_PK = "mp";
    static final String MEMPOOL_SK = "arrival";

    private static final String BLOCK = "BLOCK";
    private static final String META = "META";
    private static final String HEAD = "HEAD";
    private static final String TX = "TX";
    private static final String ACCOUNT = "ACCOUNT";
    private static final String PEER = "PEER";
    private static final String PENDING_MARK = "P";
    private static final int TRANSACT_ATTEMPTS = 8;

    private final DynamoDbClient db;
    private final String table;

    public ChainTable(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    public String name() {
        return table;
    }

    DynamoDbClient client() {
        return db;
    }

    // ---- genesis and head ------------------------------------------------------------------

    /**
     * Writes the genesis block, head and genesis balance if the table has no chain yet, and
     * refuses a table whose chain starts from another genesis. Safe to run from many processes.
     */
    public void initialize(Block genesis) {
        if (headItem().isEmpty()) {
            Map<String, Long> supply = dev.lambdachain.core.Ledger.changes(genesis);
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(putBlock(genesis));
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(Map.of(PK, s(META), SK, s(HEAD), "height", n(0), "hash", s(genesis.hash().hex()),
                            "genesis", s(genesis.hash().hex())))
                    .conditionExpression("attribute_not_exists(pk)").build()).build());
            supply.forEach((address, units) -> items.add(accountUpdate(address, units, 0, null)));
            try {
                transact(items);
            } catch (TransactionCanceledException raced) {
                // another process initialised the table first: fall through to the check
            }
        }
        checkGenesis(genesis);
    }

    /** Refuses a table whose chain starts from another genesis; an empty table passes (a writer fills it). */
    public void checkGenesis(Block genesis) {
        String stored = headItem().map(item -> item.get("genesis").s()).orElse(null);
        if (stored != null && !stored.equals(genesis.hash().hex())) {
            throw new IllegalStateException("table " + table + " holds a chain with genesis " + stored
                    + " but this node's configuration gives genesis " + genesis.hash()
                    + ": use another table or the same chain settings");
        }
    }

    public Head head() {
        Map<String, AttributeValue> item = headItem().orElseThrow(() -> new NodeException(
                NodeException.Kind.UNAVAILABLE, "this node has no chain yet: its first write "
                + "(POST /transactions/new or GET /mine) creates the genesis block; try again then"));
        return new Head(num(item, "height"), Hash.parse(item.get("hash").s(), "hash"));
    }

    private Optional<Map<String, AttributeValue>> headItem() {
        return get(META, HEAD);
    }

    // ---- blocks -----------------------------------------------------------------------------

    public Optional<Block> block(long height) {
        return get(BLOCK, heightKey(height)).map(ChainTable::readBlock);
    }

    /** Up to {@code limit} main-chain blocks from {@code from} upwards, in height order. */
    public List<Block> blocks(long from, int limit) {
        return blockItems(from, limit).stream().map(ChainTable::readBlock).toList();
    }

    /** The same blocks as stored, undecoded JSON, for a caller that decodes them in parallel. */
    public List<String> blockJson(long from, int limit) {
        return blockItems(from, limit).stream().map(item -> item.get("body").s()).toList();
    }

    /** Follows DynamoDB's 1 MB pages until {@code limit} blocks are read or the chain ends. */
    private List<Map<String, AttributeValue>> blockItems(long from, int limit) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(Math.min(limit, 1024));
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse response = db.query(QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk AND sk >= :from")
                    .expressionAttributeValues(Map.of(":pk", s(BLOCK), ":from", s(heightKey(Math.max(0, from)))))
                    .consistentRead(true)
                    .limit(limit - items.size())
                    .exclusiveStartKey(start)
                    .build());
            items.addAll(response.items());
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null && items.size() < limit);
        return items;
    }

    /**
     * Appends {@code block} on top of the head {@code parent}, in one transaction: the block item
     * (the height must be free), the head (must still be the parent), every transaction (pending
     * ones leave the mempool, others must not be confirmed yet) and every balance it touches.
     *
     * @param pendingHere ids of the block's transactions that are pending in this mempool
     * @throws NodeException CONFLICT when another block took the height first
     * @throws StaleView when a transaction or balance changed since the block was assembled
     */
    public void append(Block block, Hash parent, Set<Hash> pendingHere) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(putBlock(block));
        items.add(moveHead(block.height() - 1, parent, block.height(), block.hash()));
        Map<String, long[]> accounts = new LinkedHashMap<>();
        for (Transaction tx : block.transactions()) {
            long amount = tx.amount().units();
            account(accounts, tx.recipient())[0] += amount;
            if (tx.isCoinbase()) {
                continue;
            }
            boolean pending = pendingHere.contains(tx.id());
            long[] sender = account(accounts, tx.sender());
            sender[1] += amount;
            if (pending) {
                sender[2] += amount;
            }
            items.add(pending ? confirmPending(tx, block.height()) : confirmForeign(tx, block.height()));
        }
        accounts.forEach((address, flows) -> {
            long credit = flows[0];
            long debit = flows[1];
            long releasedPending = flows[2];
            long balanceChange = Math.subtractExact(credit, debit);
            items.add(accountUpdate(address, balanceChange, -releasedPending, debit > 0 ? debit : null));
        });
        try {
            transact(items);
        } catch (TransactionCanceledException e) {
            if (failedAt(e, 0) || failedAt(e, 1)) {
                throw NodeException.conflict("height " + block.height() + " was taken by another block first");
            }
            throw new StaleView("the mempool or a balance changed while block " + block.height()
                    + " was assembled: " + reasons(e));
        }
    }

    /** Takes the head block off the main chain; its transactions return to the mempool. */
    public void undo(Block head, Hash parent) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(key(BLOCK, heightKey(head.height())))
                .conditionExpression("#h = :hash")
                .expressionAttributeNames(Map.of("#h", "hash"))
                .expressionAttributeValues(Map.of(":hash", s(head.hash().hex()))).build()).build());
        items.add(moveHead(head.height(), head.hash(), head.height() - 1, parent));
        Map<String, long[]> accounts = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        for (Transaction tx : head.transactions()) {
            long amount = tx.amount().units();
            account(accounts, tx.recipient())[0] += amount;
            if (tx.isCoinbase()) {
                continue;
            }
            account(accounts, tx.sender())[1] += amount;
            items.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                    .key(key(TX, tx.id().hex()))
                    .updateExpression("SET #st = :pending, mp = :mark, arrival = :arrival REMOVE height")
                    .conditionExpression("#st = :confirmed")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(":pending", s("PENDING"), ":confirmed", s("CONFIRMED"),
                            ":mark", s(PENDING_MARK), ":arrival", s(arrival(now, tx.id()))))
                    .build()).build());
        }
        // Credits leave; debits come back as pending outgoing, so `available` is unchanged for them.
        accounts.forEach((address, flows) -> items.add(
                accountUpdate(address, Math.subtractExact(flows[1], flows[0]), flows[1], null)));
        try {
            transact(items);
        } catch (TransactionCanceledException e) {
            throw new StaleView("block " + head.height() + " changed while it was being undone: " + reasons(e));
        }
    }

    // ---- transactions and mempool ------------------------------------------------------------

    /**
     * Puts a transaction into the mempool and reserves its amount from the sender's available
     * balance, atomically. Two spends of the same coins racing in different processes: one wins.
     */
    public void accept(Transaction tx, long acceptedAt) {
        Hash id = tx.id();
        Map<String, AttributeValue> item = new HashMap<>(key(TX, id.hex()));
        item.put("status", s("PENDING"));
        item.put("tx", s(Wire.write(Wire.transaction(tx))));
        item.put("acceptedAt", n(acceptedAt));
        item.put(MEMPOOL_PK, s(PENDING_MARK));
        item.put(MEMPOOL_SK, s(arrival(acceptedAt, id)));
        long amount = tx.amount().units();
        List<TransactWriteItem> items = List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(pk)").build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(table)
                        .key(key(ACCOUNT, tx.sender()))
                        .updateExpression("ADD available :spend, pending_out :amount")
                        .conditionExpression("available >= :amount")
                        .expressionAttributeValues(Map.of(":spend", n(-amount), ":amount", n(amount)))
                        .build()).build());
        try {
            transact(items);
        } catch (TransactionCanceledException e) {
            if (failedAt(e, 0)) {
                throw NodeException.conflict("transaction " + id + " was already submitted");
            }
            Account sender = account(tx.sender());
            throw new NodeException(NodeException.Kind.INSUFFICIENT_FUNDS, "insufficient funds: "
                    + tx.sender() + " has " + sender.available() + " available (balance " + sender.balance()
                    + ", pending outgoing " + sender.pendingOut() + "), needs " + amount);
        }
    }

    /** Drops a pending transaction that can no longer be paid, releasing its reserved amount. */
    public void reject(Transaction tx, String reason) {
        long amount = tx.amount().units();
        List<TransactWriteItem> items = List.of(
                TransactWriteItem.builder().update(Update.builder().tableName(table)
                        .key(key(TX, tx.id().hex()))
                        .updateExpression("SET #st = :rejected, reason = :reason REMOVE mp, arrival")
                        .conditionExpression("#st = :pending")
                        .expressionAttributeNames(Map.of("#st", "status"))
                        .expressionAttributeValues(Map.of(":rejected", s("REJECTED"), ":pending", s("PENDING"),
                                ":reason", s(reason)))
                        .build()).build(),
                accountUpdate(tx.sender(), 0, -amount, null));
        try {
            transact(items);
        } catch (TransactionCanceledException e) {
            // confirmed or rejected meanwhile by another miner: nothing left to release
        }
    }

    public Optional<TransactionRecord> transaction(Hash id) {
        return get(TX, id.hex()).map(ChainTable::readRecord);
    }

    /**
     * The oldest pending transactions first, at most {@code limit}. The index is eventually
     * consistent in DynamoDB, so each candidate is re-read consistently and kept only if it is
     * still pending.
     */
    public List<TransactionRecord> pending(int limit) {
        QueryResponse response = db.query(QueryRequest.builder().tableName(table).indexName(MEMPOOL_INDEX)
                .keyConditionExpression("mp = :mark")
                .expressionAttributeValues(Map.of(":mark", s(PENDING_MARK)))
                .limit(limit)
                .build());
        List<Hash> candidates = response.items().stream().map(item -> Hash.parse(item.get(SK).s(), "id")).toList();
        Map<Hash, TransactionRecord> current = transactions(candidates);
        return candidates.stream().map(current::get)
                .filter(r -> r != null && r.status() == TransactionRecord.Status.PENDING).toList();
    }

    /**
     * Counts the mempool, up to {@code cap}: the count reads index entries, so it is bounded to
     * keep /info cheap however large the mempool grows (never the chain: it is not read at all).
     */
    public long mempoolSize(int cap) {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse response = db.query(QueryRequest.builder().tableName(table).indexName(MEMPOOL_INDEX)
                    .keyConditionExpression("mp = :mark")
                    .expressionAttributeValues(Map.of(":mark", s(PENDING_MARK)))
                    .select(Select.COUNT)
                    .limit((int) (cap - count))
                    .exclusiveStartKey(start)
                    .build());
            count += response.count();
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null && count < cap);
        return count;
    }

    /** Statuses of many transactions at once; unknown ids are absent from the map. */
    public Map<Hash, TransactionRecord> transactions(Collection<Hash> ids) {
        Map<Hash, TransactionRecord> found = new HashMap<>();
        batchGet(TX, ids.stream().map(Hash::hex).distinct().toList())
                .forEach(item -> found.put(Hash.parse(item.get(SK).s(), "id"), readRecord(item)));
        return found;
    }

    // ---- accounts ------------------------------------------------------------------------------

    public Account account(String address) {
        return get(ACCOUNT, address).map(ChainTable::readAccount).orElse(Account.empty(address));
    }

    public Map<String, Account> accounts(Collection<String> addresses) {
        Map<String, Account> found = new HashMap<>();
        addresses.forEach(a -> found.put(a, Account.empty(a)));
        batchGet(ACCOUNT, List.copyOf(found.keySet()))
                .forEach(item -> found.put(item.get(SK).s(), readAccount(item)));
        return found;
    }

    /** Accounts in address order, a page at a time; {@code after} is the previous page's cursor. */
    public Page<Account> accounts(String after, int limit) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(ACCOUNT)))
                .limit(limit);
        if (after != null) {
            query.exclusiveStartKey(key(ACCOUNT, after));
        }
        QueryResponse response = db.query(query.build());
        List<Account> accounts = response.items().stream().map(ChainTable::readAccount).toList();
        String next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? response.lastEvaluatedKey().get(SK).s() : null;
        return new Page<>(accounts, next);
    }

    // ---- peers ---------------------------------------------------------------------------------

    public void addPeer(String url) {
        db.putItem(b -> b.tableName(table).item(Map.of(PK, s(PEER), SK, s(url))));
    }

    public List<String> peers() {
        List<String> peers = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse response = db.query(QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(PEER)))
                    .consistentRead(true)
                    .exclusiveStartKey(start)
                    .build());
            response.items().forEach(item -> peers.add(item.get(SK).s()));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return peers;
    }

    // ---- building blocks -----------------------------------------------------------------------

    /** A transaction or balance moved under a block being written; assemble it again. */
    public static final class StaleView extends RuntimeException {
        public StaleView(String message) {
            super(message);
        }
    }

    private TransactWriteItem putBlock(Block block) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(Map.of(PK, s(BLOCK), SK, s(heightKey(block.height())),
                        "height", n(block.height()),
                        "hash", s(block.hash().hex()),
                        "body", s(Wire.write(Wire.block(block)))))
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    private TransactWriteItem moveHead(long fromHeight, Hash fromHash, long toHeight, Hash toHash) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(META, HEAD))
                .updateExpression("SET height = :to, #h = :toHash")
                .conditionExpression("height = :from AND #h = :fromHash")
                .expressionAttributeNames(Map.of("#h", "hash"))
                .expressionAttributeValues(Map.of(":to", n(toHeight), ":toHash", s(toHash.hex()),
                        ":from", n(fromHeight), ":fromHash", s(fromHash.hex())))
                .build()).build();
    }

    private TransactWriteItem confirmPending(Transaction tx, long height) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(TX, tx.id().hex()))
                .updateExpression("SET #st = :confirmed, height = :height REMOVE mp, arrival")
                .conditionExpression("#st = :pending")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":confirmed", s("CONFIRMED"), ":pending", s("PENDING"),
                        ":height", n(height)))
                .build()).build();
    }

    private TransactWriteItem confirmForeign(Transaction tx, long height) {
        Map<String, AttributeValue> item = new HashMap<>(key(TX, tx.id().hex()));
        item.put("status", s("CONFIRMED"));
        item.put("tx", s(Wire.write(Wire.transaction(tx))));
        item.put("height", n(height));
        item.put("acceptedAt", n(System.currentTimeMillis()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk) OR #st = :rejected")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":rejected", s("REJECTED")))
                .build()).build();
    }

    /**
     * Changes an account's balance by {@code balanceChange} and its pending outgoing sum by
     * {@code pendingChange}; {@code available} moves by the difference. With {@code mustHold},
     * the confirmed balance must cover that much first: a block never overspends.
     */
    private TransactWriteItem accountUpdate(String address, long balanceChange, long pendingChange, Long mustHold) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":b", n(balanceChange));
        values.put(":p", n(pendingChange));
        values.put(":a", n(Math.subtractExact(balanceChange, pendingChange)));
        Update.Builder update = Update.builder().tableName(table).key(key(ACCOUNT, address))
                .updateExpression("ADD balance :b, pending_out :p, available :a");
        if (mustHold != null) {
            values.put(":hold", n(mustHold));
            update.conditionExpression("balance >= :hold");
        }
        return TransactWriteItem.builder().update(update.expressionAttributeValues(values).build()).build();
    }

    /** Runs a write transaction, retrying while it only collided with another transaction. */
    private void transact(List<TransactWriteItem> items) {
        for (int attempt = 1; ; attempt++) {
            try {
                db.transactWriteItems(b -> b.transactItems(items));
                return;
            } catch (TransactionCanceledException e) {
                boolean collided = e.cancellationReasons().stream()
                        .anyMatch(r -> "TransactionConflict".equals(r.code()));
                boolean conditionFailed = e.cancellationReasons().stream()
                        .anyMatch(r -> "ConditionalCheckFailed".equals(r.code()));
                if (conditionFailed || !collided || attempt >= TRANSACT_ATTEMPTS) {
                    if (!conditionFailed && collided) {
                        throw new NodeException(NodeException.Kind.UNAVAILABLE,
                                "the store is busy with conflicting writes; try again", e);
                    }
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeException(NodeException.Kind.UNAVAILABLE, "interrupted while retrying a write", e);
        }
    }

    private static boolean failedAt(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private static String reasons(TransactionCanceledException e) {
        return e.cancellationReasons().stream().map(CancellationReason::code).toList().toString();
    }

    private Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        GetItemResponse response = db.getItem(b -> b.tableName(table).key(key(pk, sk)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    private List<Map<String, AttributeValue>> batchGet(String pk, List<String> sortKeys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int from = 0; from < sortKeys.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = sortKeys.subList(from, Math.min(sortKeys.size(), from + 100))
                    .stream().map(sk -> key(pk, sk)).toList();
            Map<String, KeysAndAttributes> request = Map.of(table,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            for (int attempt = 1; !request.isEmpty(); attempt++) {
                Map<String, KeysAndAttributes> ask = request;
                var response = db.batchGetItem(b -> b.requestItems(ask));
                items.addAll(response.responses().getOrDefault(table, List.of()));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                if (!request.isEmpty()) {
                    backOff(attempt);
                }
            }
        }
        return items;
    }

    private static long[] account(Map<String, long[]> accounts, String address) {
        return accounts.computeIfAbsent(address, a -> new long[3]);
    }

    static String heightKey(long height) {
        return String.format("%019d", height);
    }

    private static String arrival(long acceptedAt, Hash id) {
        return String.format("%019d#%s", acceptedAt, id.hex());
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : Long.parseLong(value.n());
    }

    private static Block readBlock(Map<String, AttributeValue> item) {
        return Wire.readBlock(item.get("body").s());
    }

    private static TransactionRecord readRecord(Map<String, AttributeValue> item) {
        Transaction tx;
        try {
            tx = Wire.readTransaction(Wire.JSON.readTree(item.get("tx").s()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored transaction " + item.get(SK).s() + " is not JSON", e);
        }
        AttributeValue reason = item.get("reason");
        return new TransactionRecord(tx, TransactionRecord.Status.valueOf(item.get("status").s()),
                item.containsKey("height") ? num(item, "height") : -1,
                reason == null ? null : reason.s(), num(item, "acceptedAt"));
    }

    private static Account readAccount(Map<String, AttributeValue> item) {
        return new Account(item.get(SK).s(), num(item, "balance"), num(item, "pending_out"), num(item, "available"));
    }

    /** The confirmed-balance view of the store, for validating blocks on top of the current head. */
    public dev.lambdachain.core.Ledger.Lookup lookup() {
        return new dev.lambdachain.core.Ledger.Lookup() {
            @Override
            public Amount balance(String address) {
                return Amount.of(account(address).balance());
            }

            @Override
            public boolean isConfirmed(Hash transactionId) {
                return transaction(transactionId)
                        .map(r -> r.status() == TransactionRecord.Status.CONFIRMED).orElse(false);
            }
        };
    }
}
