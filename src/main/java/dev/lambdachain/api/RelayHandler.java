package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.node.Node;
import dev.lambdachain.store.NotFoundException;

import java.util.Map;

/**
 * The relay function (docs/RELAY.md): fed a batch of the chain table's stream (keys only), it
 * relays each transaction item just inserted and still pending ({@code TX/<id>}, docs/DYNAMODB.md)
 * and, when the head item ({@code META/HEAD}) changed, announces the head once. Nothing here
 * holds a caller: the POST and /mine answered before the stream delivered the change. A relay
 * that fails is logged and not retried (a relay is an offer; peers also resolve).
 */
public final class RelayHandler implements RequestHandler<DynamodbEvent, Void> {
    private final Node node;

    /** A node built elsewhere: the local runner, tests. */
    public RelayHandler(Node node) {
        this.node = node;
        node.prepareChain();
    }

    /** For Lambda: the process's node, configured from the environment. */
    public RelayHandler() { this(Node.shared()); }

    @Override
    public Void handleRequest(DynamodbEvent event, Context context) {
        if (!node.relay().enabled() || event == null || event.getRecords() == null) {
            return null;
        }
        boolean headChanged = false;
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            Map<String, AttributeValue> keys = record.getDynamodb() == null ? null : record.getDynamodb().getKeys();
            if (keys == null || keys.get("pk") == null || keys.get("sk") == null) {
                continue;
            }
            String pk = keys.get("pk").getS();
            String sk = keys.get("sk").getS();
            if ("META".equals(pk) && "HEAD".equals(sk)) {
                headChanged = true;
            } else if ("TX".equals(pk) && "INSERT".equals(record.getEventName())) {
                relayTransaction(sk);
            }
        }
        if (headChanged) {
            node.relay().head(node.queries().head());
        }
        return null;
    }

    private void relayTransaction(String id) {
        try {
            TransactionRecord record = node.queries().transaction(Hash.parse(id, "id"));
            if (record.status() == TransactionRecord.Status.PENDING) {
                node.relay().transaction(record.transaction());
            }
        } catch (NotFoundException | InvalidValueException gone) {
            node.log().info("stream item not relayed", Map.of("transaction", id, "why", String.valueOf(gone.getMessage())));
        }
    }
}
