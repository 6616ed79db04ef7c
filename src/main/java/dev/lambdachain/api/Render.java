package dev.lambdachain.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Account;
import dev.lambdachain.wire.Json;

/** JSON of the API's own views (not blocks and transactions: those are {@link dev.lambdachain.wire.ProtocolJson}). */
final class Render {
    private Render() {
    }

    /**
     * An address's money. {@code available} reads 0, never negative, in the moment after a chain
     * swap returned more spending to the mempool than the new chain pays (block assembly rejects
     * the excess).
     */
    static ObjectNode wallet(Account account) {
        ObjectNode node = Json.object();
        node.put("address", account.address());
        node.put("balance", account.balance());
        node.put("pending_outgoing", account.pendingOut());
        node.put("available", Math.max(0, account.available()));
        node.put("next_sequence", account.nextSequence());
        return node;
    }

    /** {@code body} with the cursor of the next page as {@code next}, when there is one (else unchanged). */
    static ObjectNode withNext(ObjectNode body, String next) {
        if (next != null) {
            body.put("next", next);
        }
        return body;
    }

    static ObjectNode message(String message) {
        ObjectNode node = Json.object();
        node.put("message", message);
        return node;
    }
}
